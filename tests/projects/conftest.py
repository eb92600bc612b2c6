import pytest

from committees.models import Committee, CommitteeMember, CommitteeRole
from projects.models import Domain, Partner, Resource
from projects.services import project_create
from tests.cms.factories import AxisFactory, OrganisationFactory
from tests.participation.conftest import (  # noqa: F401  (fixtures shared with the participation tests)
    action,
    axis,
    make_staff,
    make_user,
    neighbour,
    organisation,
    plan,
    resident,
    staff,
)

__all__ = ["make_staff", "make_user"]


@pytest.fixture
def other_axis(plan):
    return AxisFactory(parent=plan, number="2", title="Agir pour la planète")


@pytest.fixture
def room(organisation):
    return Resource.objects.create(organisation=organisation, kind="salle", name="Salle polyvalente")


@pytest.fixture
def minibus(organisation):
    return Resource.objects.create(organisation=organisation, kind="materiel", name="Minibus")


@pytest.fixture
def other_staff(db):
    return make_staff(OrganisationFactory(title="Autre centre"), "dominique")


@pytest.fixture
def committee(organisation):
    return Committee.objects.create(organisation=organisation, name="Comité famille", slug="famille",
                                    kind="comite_thematique")


@pytest.fixture
def animator(committee):
    user = make_user("eloise")
    CommitteeMember.objects.create(committee=committee, user=user, role=CommitteeRole.ANIMATOR)
    return user


def domain(slug: str) -> Domain:
    return Domain.objects.get(slug=slug)


def make_partner(organisation, name, domains=(), **extra):
    partner = Partner.objects.create(organisation=organisation, name=name, kind=extra.pop("kind", "association"),
                                     **extra)
    partner.domains.set([domain(slug) for slug in domains])
    return partner


def make_project(organisation, author, *, submit=True, **fields):
    fields = {"title": "Un repair café", "summary": "Réparer ensemble.", "description": "Un samedi par mois.",
              **fields}
    return project_create(author=author, organisation=organisation, fields=fields, submit=submit)


@pytest.fixture
def project(organisation, resident, action):
    return make_project(organisation, resident, plan_items=[action.pk], quartier="Les Cerisiers")


@pytest.fixture
def draft(organisation, resident):
    return make_project(organisation, resident, submit=False, title="Un jardin partagé")
