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
