"""Notification emails: what they say, whom they may reach, and the signed
link that stops them in one click."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.emails import render_subject

from .models import EmailPreference, Notification, User
from .notifying import kind, preference, preferences

# The names the preferences had as fields of the user, in links already sent.
LEGACY_PREFERENCES = {"email_on_reply": "reply", "email_on_followed": "followed", "email_on_moderation": "moderation",
                      "email_on_membership": "membership", "email_on_projects": "projects",
                      "email_on_committees": "committees"}
UNSUBSCRIBE_SALT = "participation.unsubscribe"


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def email_subject(template_name: str, context: dict) -> str:
    """The subject of one of the site's e-mails: plain text on one line
    (core.emails.render_subject), after the site's prefix, as allauth's."""
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_subject(template_name, context)


def unsubscribe_token(user: User, preference: str) -> str:
    return signing.dumps({"user": user.pk, "preference": preference}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The (user id, preference) a link stands for; BadSignature if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    key = LEGACY_PREFERENCES.get(data.get("preference"), data.get("preference"))
    if key not in {known.key for known in preferences()}:
        raise signing.BadSignature("unknown preference")
    return int(data["user"]), key


def email_wanted(user: User, key: str) -> bool:
    """The person's choice for this kind of e-mail, or its default."""
    chosen = EmailPreference.objects.filter(user=user, key=key).values_list("enabled", flat=True).first()
    return preference(key).default if chosen is None else chosen


def email_choices(user: User) -> dict[str, bool]:
    """Every preference of the registry, as the person chose it."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("key", "enabled"))
    return {known.key: chosen.get(known.key, known.default) for known in preferences()}


def notification_email(notification: Notification) -> EmailMultiAlternatives | None:
    """The email for a notification, or None when its recipient opted out or
    has no verified address."""
    recipient = notification.recipient
    key = kind(notification.kind).preference
    if not recipient.is_active or not recipient.email or not email_wanted(recipient, key):
        return None
    unsubscribe = absolute_url(reverse("participation:unsubscribe", args=[unsubscribe_token(recipient, key)]))
    context = {
        "notification": notification,
        "recipient": recipient,
        "link": absolute_url(notification.url),
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("participation:profile")),
        "preference_label": preference(key).label,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = email_subject("participation/email/notification_subject.txt", context)
        body = render_to_string("participation/email/notification_body.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return message
