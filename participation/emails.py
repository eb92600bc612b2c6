"""Notification emails: what they say, whom they may reach, and the signed
link that stops them in one click."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.emails import render_subject

from .models import EmailFrequency, EmailPreference, Notification, User
from .notifying import kind, may_receive, preference, preferences

# The names the preferences had as fields of the user, in links already sent.
LEGACY_PREFERENCES = {"email_on_reply": "reply", "email_on_followed": "followed", "email_on_moderation": "moderation",
                      "email_on_membership": "membership", "email_on_projects": "projects",
                      "email_on_committees": "committees"}
UNSUBSCRIBE_SALT = "participation.unsubscribe"
# The one-click link of a digest stops the digests (the frequency becomes
# "none"): a digest gathers several kinds, and its reader wants fewer e-mails.
DIGEST = "digest"
# How long the one-click link of an e-mail works: long enough for the e-mails
# people still act on (and for a mail client's own unsubscribe button, RFC
# 8058), short enough that an old e-mail, forwarded or in a mailbox someone
# else reads, is no lasting lever on a person's settings. Past it, the link
# leads to a page that signs the person in to their settings. A person also
# revokes every link sent so far at once (email_links_revoke), and a new
# password or address does it for them (User.save).
UNSUBSCRIBE_LINK_DAYS = 60


class LinkNoLongerValid(Exception):
    """A genuine link, expired or revoked since it was sent."""


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def email_subject(template_name: str, context: dict) -> str:
    """The subject of one of the site's e-mails: plain text on one line
    (core.emails.render_subject), after the site's prefix, as allauth's."""
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_subject(template_name, context)


def unsubscribe_token(user: User, preference: str) -> str:
    """Signed with the moment it is made and the person's current links version."""
    return signing.dumps({"user": user.pk, "preference": preference, "v": user.email_links_version},
                         salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[User, str]:
    """The (active person, preference) a link stands for. BadSignature if it
    is forged or its person is gone; LinkNoLongerValid if it is older than
    UNSUBSCRIBE_LINK_DAYS or was revoked since."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=datetime.timedelta(days=UNSUBSCRIBE_LINK_DAYS))
    except signing.SignatureExpired as error:
        raise LinkNoLongerValid from error
    key = LEGACY_PREFERENCES.get(data.get("preference"), data.get("preference"))
    if key not in {known.key for known in preferences()} | {DIGEST}:
        raise signing.BadSignature("unknown preference")
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("no such person")
    if data.get("v", 0) != user.email_links_version:  # links sent before the versions have none: 0
        raise LinkNoLongerValid
    return user, key


def email_wanted(user: User, key: str) -> bool:
    """The person's choice for this kind of e-mail, or its default."""
    if key == DIGEST:
        return user.email_frequency in {EmailFrequency.DAILY, EmailFrequency.WEEKLY}
    chosen = EmailPreference.objects.filter(user=user, key=key).values_list("enabled", flat=True).first()
    return preference(key).default if chosen is None else chosen


def email_choices(user: User) -> dict[str, bool]:
    """Every preference of the registry, as the person chose it."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("key", "enabled"))
    return {known.key: chosen.get(known.key, known.default) for known in preferences()}


def notification_email(notification: Notification) -> EmailMultiAlternatives | None:
    """The email for a notification, or None when its recipient opted out,
    has no address, or may no longer be told (its kind's audience, asked
    again now: they left the comité, the page turned private...)."""
    recipient = notification.recipient
    key = kind(notification.kind).preference
    if not recipient.is_active or not recipient.email or not email_wanted(recipient, key):
        return None
    if not may_receive(recipient, notification):
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


def unsubscribe_label(key: str):
    return _("the digests of my notifications") if key == DIGEST else preference(key).label


def digest_email(recipient: User, notifications: list[Notification], *, frequency: str) -> EmailMultiAlternatives:
    """One e-mail gathering a person's notifications of a period, grouped by
    what they are about (newest group first), in text and HTML, with the
    one-click link that stops the digests. The caller chose the
    notifications: claimed, wanted and still open to the person."""
    unsubscribe = absolute_url(reverse("participation:unsubscribe", args=[unsubscribe_token(recipient, DIGEST)]))
    groups: dict[tuple, dict] = {}
    for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True):
        group = groups.setdefault((notification.target_type_id, notification.target_id),
                                  {"title": notification.title, "link": absolute_url(notification.url), "items": []})
        group["items"].append({"notification": notification, "link": absolute_url(notification.url)})
    context = {
        "recipient": recipient,
        "groups": list(groups.values()),
        "count": len(notifications),
        "frequency": frequency,
        "daily": frequency == EmailFrequency.DAILY,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("participation:profile") + "#emails"),
        "notifications_url": absolute_url(reverse("participation:notifications")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = email_subject("participation/email/digest_subject.txt", context)
        body = render_to_string("participation/email/digest_body.txt", context)
        html = render_to_string("participation/email/digest_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message
