import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from participation.models import Membership, MembershipStatus
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

User = get_user_model()
PASSWORD = "un-mot-de-passe-solide"
_numbers = itertools.count(1)


def make_user(name=None, *, verified=True, **extra):
    name = name or f"personne{next(_numbers)}"
    email = f"{name}@example.org"
    user = User.objects.create_user(name, email, PASSWORD, display_name=name.capitalize(), **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_staff(organisation, name=None, role="salarie"):
    user = make_user(name)
    Membership.objects.create(user=user, organisation=organisation, role=role, status=MembershipStatus.ACCEPTED)
    return user


@pytest.fixture
def organisation(db):
    return OrganisationFactory(title="Centre social des Cerisiers")


@pytest.fixture
def plan(organisation):
    return PlanFactory(parent=organisation, title="Projet social 2024-2027")


@pytest.fixture
def axis(plan):
    return AxisFactory(parent=plan, number="1", title="Vivre ensemble")


@pytest.fixture
def action(axis):
    return ActionFactory(parent=axis, number="1.1", title="Café des habitants")


@pytest.fixture
def resident(db):
    return make_user("amina")


@pytest.fixture
def neighbour(db):
    return make_user("bruno")


@pytest.fixture
def staff(organisation):
    return make_staff(organisation, "claire")


# Comités: one per policy, seats for each role, a meeting to come and one past.

def make_committee(organisation, name, *, policy="sur_demande", visibility="public", **extra):
    from django.utils.text import slugify

    from committees.models import Committee

    return Committee.objects.create(organisation=organisation, name=name, slug=slugify(name), kind="comite_thematique",
                                    membership_policy=policy, visibility=visibility, **extra)


def seat(committee, user, role="membre", status="accepted", **extra):
    from committees.models import CommitteeMember

    return CommitteeMember.objects.create(committee=committee, user=user, role=role, status=status, **extra)


def make_meeting(committee, *, days=7, hours=2, **extra):
    from datetime import timedelta

    from django.utils import timezone

    from committees.models import Meeting

    starts = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(committee=committee, title=extra.pop("title", "Réunion"), starts_at=starts,
                                  ends_at=starts + timedelta(hours=hours), place=extra.pop("place", "Salle 1"),
                                  **extra)


@pytest.fixture
def senior(organisation):
    return make_committee(organisation, "Comité senior")


@pytest.fixture
def people(organisation, senior):
    """Everyone the comité rules tell apart, around the comité senior."""
    from tests.cms.factories import OrganisationFactory

    crowd = {
        "resident": make_user("res"),
        "unverified": make_user("unverified", verified=False),
        "member": make_user("member"),
        "animator": make_user("animator"),
        "secretary": make_user("secretary"),
        "pending": make_user("pending"),
        "staff": make_staff(organisation, "staffer"),
        "other_staff": make_staff(OrganisationFactory(title="Ailleurs"), "other"),
    }
    seat(senior, crowd["member"])
    seat(senior, crowd["animator"], role="animateur")
    seat(senior, crowd["secretary"], role="secretaire")
    seat(senior, crowd["pending"], status="pending")
    return crowd
