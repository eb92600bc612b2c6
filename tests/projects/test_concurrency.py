"""Supports stay exact when people click at the same time (PostgreSQL,
real transactions, one thread per click)."""

import pytest

from participation.models import Notification
from projects.models import HelpOffer, ProjectSettings, Support
from projects.notices import ProjectNotice
from projects.services import help_offer_set, project_support
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)
from tests.participation.conftest import make_staff, make_user

from .conftest import make_project


@pytest.fixture
def setting(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory

    organisation = OrganisationFactory(title="Centre social concurrent")
    staff = make_staff(organisation)
    project = make_project(organisation, make_user())
    return organisation, staff, project


def test_double_clicks_and_simultaneous_supporters_are_counted_once(setting):
    organisation, staff, project = setting
    ProjectSettings.objects.create(organisation=organisation, support_threshold=5)
    Notification.objects.all().delete()
    people = [make_user() for _ in range(12)]
    errors = race(lambda person: project_support(user=person, project=project), people + people)  # each clicks twice
    assert errors == [None] * len(errors)
    assert Support.objects.filter(project=project).count() == 12
    assert Support.objects.filter(project=project).values("user").distinct().count() == 12
    # Put on the review list once, whoever crossed the threshold.
    assert Notification.objects.filter(recipient=staff, kind=ProjectNotice.TO_REVIEW).count() == 1


def test_support_and_withdrawal_racing_leave_a_consistent_count(setting):
    __, __, project = setting
    person = make_user()
    errors = race(lambda support: project_support(user=person, project=project, support=support),
                  [True, False] * 6)
    assert errors == [None] * 12
    assert Support.objects.filter(project=project, user=person).count() in (0, 1)


def test_an_offer_to_help_is_kept_once(setting):
    __, __, project = setting
    person = make_user()
    errors = race(lambda message: help_offer_set(user=person, project=project, message=message),
                  [f"Message {n}" for n in range(8)])
    assert errors == [None] * 8
    assert HelpOffer.objects.filter(project=project, user=person).count() == 1
