"""The terms of use and the e-mails one consents to, each with its date."""

from django.core.cache import cache
from django.utils import timezone

from participation.models import EmailPreference
from participation.notifying import preferences

from .models import LegalTexts

TERMS_KEY = "privacy:terms_changed_at"


def signup_consents_record(*, user, accepted_terms: bool, emails: dict[str, bool]) -> None:
    """At sign-up: the terms accepted now, and an explicit yes or no for
    each e-mail that needs consent (the preference row keeps its date)."""
    if accepted_terms:
        user.terms_accepted_at = timezone.now()
        user.save(update_fields=["terms_accepted_at"])
    for preference in preferences():
        if preference.consent:
            EmailPreference.objects.update_or_create(user=user, key=preference.key,
                                                     defaults={"enabled": bool(emails.get(preference.key))})


def terms_accept(*, user) -> None:
    user.terms_accepted_at = timezone.now()
    user.save(update_fields=["terms_accepted_at"])


def terms_changed_at():
    """When the terms last changed in substance, kept in the cache (the
    settings' save forgets it: apps.py)."""
    value = cache.get(TERMS_KEY)
    if value is None:
        value = LegalTexts.load().terms_changed_at or ""
        cache.set(TERMS_KEY, value, timeout=3600)
    return value or None


def terms_to_accept(user) -> bool:
    """Whether this person must accept the terms again (they changed since)."""
    changed = terms_changed_at()
    return bool(user.is_authenticated and changed and (user.terms_accepted_at is None
                                                       or user.terms_accepted_at < changed))


def terms_forget(**_signal) -> None:
    cache.delete(TERMS_KEY)
