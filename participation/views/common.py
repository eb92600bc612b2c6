from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse


def sign_in_first(request, next_url: str):
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


def errors_to_messages(request, errors) -> None:
    """A service's refusal, or a small form's errors, as messages on the
    page the person is sent back to."""
    if isinstance(errors, ValidationError):
        texts = errors.messages
    else:
        texts = [text for field_errors in errors.values() for text in field_errors]
    for text in texts:
        messages.error(request, text)


def form_errors_apply(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
