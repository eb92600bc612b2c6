"""Retention (issue 19): unused accounts are warned 30 and 7 days before
their deletion, then deleted after their organisations' period; signing in
again starts afresh; notifications expire. Dates are shifted, not waited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from participation.models import AuditAction, AuditEntry, Membership, Notification
from privacy.models import AccountErasure, InactivityWarning
from privacy.retention import retention_run
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
YEAR = timedelta(days=365)


def unused(name, *, since, organisation=None):
    person = make_user(name)
    person.email = f"{name}@example.org"
    person.date_joined = person.last_login = NOW - since
    person.save()
    if organisation is not None:
        Membership.objects.create(user=person, organisation=organisation, role="habitant", status="accepted")
    return person


def run(days_later=0):
    return retention_run(now=NOW + timedelta(days=days_later))


def test_warned_at_30_and_7_days_then_deleted():
    person = unused("camille", since=3 * YEAR - timedelta(days=30))
    assert run().warned == 1
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]
    assert "supprimé" in mail.outbox[0].subject
    assert (NOW + timedelta(days=30)).strftime("%d/%m/%Y") in mail.outbox[0].body
    assert run(1).warned == 0  # once
    assert run(23).warned == 1  # 7 days before
    assert InactivityWarning.objects.filter(user=person).count() == 2
    assert run(29).erased == 0  # a day early
    assert run(30).erased == 1
    person.refresh_from_db()
    assert person.is_erased and person.email == "" and not InactivityWarning.objects.exists()
    erasure = AccountErasure.objects.get()
    assert erasure.by is None and not erasure.on_behalf and "3" in erasure.reason


def test_signing_in_again_starts_afresh():
    person = unused("dominique", since=3 * YEAR - timedelta(days=10))
    run()
    person.last_login = NOW + timedelta(days=1)
    person.save(update_fields=["last_login"])
    report = run(40)
    assert (report.warned, report.erased) == (0, 0)
    person.refresh_from_db()
    assert not person.is_erased


def test_nobody_is_deleted_without_a_last_warning_a_week_before():
    """The command did not run for months: the person is warned first."""
    person = unused("eloise", since=4 * YEAR)
    assert (run().warned, run(1).warned) == (1, 0)  # the last warning only, and once
    assert InactivityWarning.objects.get(user=person).days == 7
    assert run(6).erased == 0
    assert run(7).erased == 1


def test_the_organisations_period_and_the_longest_of_several():
    short = OrganisationFactory(title="Court", inactive_account_years=1)
    long = OrganisationFactory(title="Long", inactive_account_years=5)
    only_short = unused("farid", since=YEAR, organisation=short)
    both = unused("gaelle", since=4 * YEAR, organisation=short)
    Membership.objects.create(user=both, organisation=long, role="benevole", status="accepted")
    recent = unused("hugo", since=2 * YEAR)  # no organisation: the default 3 years
    run()
    warned = set(InactivityWarning.objects.values_list("user_id", flat=True))
    assert warned == {only_short.pk}
    assert recent.pk not in warned and both.pk not in warned


def test_superusers_and_erased_accounts_are_left_alone():
    admin = unused("iris", since=5 * YEAR)
    admin.is_superuser = True
    admin.save()
    assert run().warned == 0


def test_old_notifications_expire():
    person = make_user("jules")
    old = Notification.objects.create(recipient=person, kind="comment", title="Ancienne", url="/")
    Notification.objects.filter(pk=old.pk).update(created_at=NOW - 400 * timedelta(days=1))
    Notification.objects.create(recipient=person, kind="comment", title="Récente", url="/")
    assert run().notifications_deleted == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["Récente"]


def test_audit_log_entries_expire_after_five_years():
    organisation = OrganisationFactory(title="Centre")
    old = AuditEntry.objects.create(organisation=organisation, action=AuditAction.REGISTER_EXPORTED)
    AuditEntry.objects.filter(pk=old.pk).update(created_at=NOW - 5 * YEAR - timedelta(days=1))
    AuditEntry.objects.create(organisation=organisation, action=AuditAction.REGISTER_IMPORTED)
    assert run().audit_entries_deleted == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [AuditAction.REGISTER_IMPORTED]


def test_the_command_runs(capsys):
    unused("karim", since=3 * YEAR - timedelta(days=5))
    call_command("retention_run")
    assert "1 warning(s) sent" in capsys.readouterr().out
