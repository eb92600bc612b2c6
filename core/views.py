from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse

from . import renditions


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


def protected_file(file, *, content_type: str, name: str, as_attachment: bool = True) -> FileResponse:
    """An uploaded file served by the application, once the view has checked
    who may see it, whatever the server in front does with /media/. The
    download keeps the stored file's extension."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    extension = file.name.rsplit(".", 1)[-1]
    if not name.lower().endswith(f".{extension.lower()}"):
        name = f"{name}.{extension}"
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def rendition_file(file, *, original_width: int, width: int, fmt: str, name: str,
                   preset: str = "photo") -> FileResponse:
    """A rendition of an uploaded image (core/renditions.py), once the view
    has checked who may see the original: encoded at the first request,
    served as stored afterwards."""
    if not file or not renditions.is_offered(file.name, original_width, width, fmt, preset):
        raise Http404
    try:
        rendition = renditions.rendition_get(file, width=width, fmt=fmt)
        stored = file.storage.open(rendition.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    return protected_file(stored, content_type=rendition.content_type, name=f"{name}-{width}.{fmt}",
                          as_attachment=False)


def id_param(value: str | None) -> int | None:
    """A database id from a query string or form value, or None: digits
    only (not "²", which str.isdigit accepts), within a 64-bit integer."""
    if value and len(value) <= 18 and value.isascii() and value.isdecimal():
        return int(value)
    return None
