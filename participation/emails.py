"""Notification emails: what they say, whom they may reach, and the signed
link that stops them in one click."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notification, NotificationKind, User

# Each kind of email has its own switch on the person's profile.
PREFERENCE_OF_KIND = {
    NotificationKind.COMMENT_REPLY: "email_on_reply",
    NotificationKind.FOLLOWED_COMMENT: "email_on_followed",
    NotificationKind.COMMENT_TO_MODERATE: "email_on_moderation",
    NotificationKind.COMMENT_HIDDEN: "email_on_moderation",
    NotificationKind.COMMENT_APPROVED: "email_on_moderation",
    NotificationKind.MEMBERSHIP_REQUESTED: "email_on_membership",
    NotificationKind.MEMBERSHIP_ANSWERED: "email_on_membership",
    NotificationKind.PROJECT_NEWS: "email_on_projects",
    NotificationKind.PROJECT_INVITATION: "email_on_projects",
    NotificationKind.FOLLOWED_PROJECT: "email_on_followed",
    NotificationKind.PROJECT_TO_REVIEW: "email_on_moderation",
    NotificationKind.PROJECT_HIDDEN: "email_on_projects",
    NotificationKind.COMMITTEE_REQUEST: "email_on_committees",
    NotificationKind.COMMITTEE_ANSWERED: "email_on_committees",
    NotificationKind.COMMITTEE_MEETING: "email_on_committees",
    NotificationKind.COMMITTEE_MINUTES: "email_on_committees",
}
UNSUBSCRIBE_SALT = "participation.unsubscribe"


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_token(user: User, preference: str) -> str:
    return signing.dumps({"user": user.pk, "preference": preference}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The (user id, preference) a link stands for; BadSignature if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("preference") not in set(PREFERENCE_OF_KIND.values()):
        raise signing.BadSignature("unknown preference")
    return int(data["user"]), data["preference"]


def notification_email(notification: Notification) -> EmailMultiAlternatives | None:
    """The email for a notification, or None when its recipient opted out or
    has no verified address."""
    recipient = notification.recipient
    preference = PREFERENCE_OF_KIND[notification.kind]
    if not getattr(recipient, preference) or not recipient.is_active or not recipient.email:
        return None
    unsubscribe = absolute_url(reverse("participation:unsubscribe", args=[unsubscribe_token(recipient, preference)]))
    context = {
        "notification": notification,
        "recipient": recipient,
        "link": absolute_url(notification.url),
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("participation:profile")),
        "preference_label": recipient._meta.get_field(preference).verbose_name,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("participation/email/notification_subject.txt", context).strip()
        body = render_to_string("participation/email/notification_body.txt", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return message
