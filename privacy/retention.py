"""Retention (issue 19): an account nobody signed in to for the period its
organisations set (3 years by default, as the CNIL recommends) is deleted
with the erasure of privacy/services.py, after e-mails 30 and 7 days
before; notifications expire after NOTIFICATION_DAYS, audit log entries
after AUDIT_DAYS. Run daily by the worker's cron: `manage.py retention_run`.

A person of several organisations is kept as long as the longest of their
periods. Nobody is deleted without a last warning sent at least 7 days
before, even if the command did not run for a while: the deletion then
waits. Signing in again starts the period afresh."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cms.models import OrganisationPage
from participation.emails import absolute_url, email_subject
from participation.models import AuditEntry, MembershipStatus, Notification, User

from .models import InactivityWarning
from .services import account_erase_inactive

DEFAULT_YEARS = OrganisationPage._meta.get_field("inactive_account_years").default
WARNINGS = (30, 7)  # days before the deletion
NOTIFICATION_DAYS = 365
# The audit log (participation/audit.py): five years, the time within which
# most claims about what staff did can be brought (Code civil, art. 2224).
AUDIT_DAYS = 5 * 365


@dataclass
class RetentionReport:
    warned: int = 0
    erased: int = 0
    notifications_deleted: int = 0
    audit_entries_deleted: int = 0


def _period(years: int) -> datetime.timedelta:
    return datetime.timedelta(days=365 * years)


def _candidates(now):
    """Accounts unused for at least the shortest period, less the warnings."""
    shortest = _period(1) - datetime.timedelta(days=max(WARNINGS))
    return (User.objects.filter(erased_at__isnull=True, is_superuser=False)
            .annotate(last_seen=Greatest(Coalesce("last_login", "date_joined"), F("date_joined")),
                      years=Max("memberships__organisation__inactive_account_years",
                                filter=Q(memberships__status=MembershipStatus.ACCEPTED)))
            .filter(last_seen__lt=now - shortest).order_by("pk"))


def retention_run(*, now=None) -> RetentionReport:
    now = now or timezone.now()
    report = RetentionReport()
    with translation.override(settings.LANGUAGE_CODE):
        for person in _candidates(now).iterator(chunk_size=200):
            years = person.years or DEFAULT_YEARS
            deadline = person.last_seen + _period(years)
            warnings = dict(InactivityWarning.objects.filter(user=person, sent_at__gte=person.last_seen)
                            .values_list("days", "sent_at"))
            last = min(WARNINGS)
            if now >= deadline and last in warnings and warnings[last] <= now - datetime.timedelta(days=last):
                account_erase_inactive(person=person, years=years)
                report.erased += 1
                continue
            due = [days for days in WARNINGS if now >= deadline - datetime.timedelta(days=days)
                   and not any(sent <= days for sent in warnings)]
            if due:
                # The nearest warning only: a late run does not send both at once.
                _warn(person, days=min(due), erased_on=max(deadline, now + datetime.timedelta(days=min(due))),
                      now=now)
                report.warned += 1
    report.notifications_deleted, _counts = Notification.objects.filter(
        created_at__lt=now - datetime.timedelta(days=NOTIFICATION_DAYS)).delete()
    report.audit_entries_deleted, _counts = AuditEntry.objects.filter(
        created_at__lt=now - datetime.timedelta(days=AUDIT_DAYS)).delete()
    return report


def _warn(person, *, days: int, erased_on, now) -> None:
    InactivityWarning.objects.create(user=person, days=days, sent_at=now)
    if not person.email:
        return
    context = {"person": person, "erased_on": timezone.localdate(erased_on),
               "link": absolute_url(reverse("account_login"))}
    subject = email_subject("privacy/email/inactive_subject.txt", context)
    body = render_to_string("privacy/email/inactive_body.txt", context)
    send_mail(subject, body, None, [person.email])
