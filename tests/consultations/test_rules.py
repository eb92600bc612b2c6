"""Who may do what, as a grid: each kind of person × the consultation's
state × its eligibility, against the permissions the views and services ask."""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultations import services
from consultations.models import Eligibility
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_committee, make_staff, make_user, seat

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "unverified_member", "outsider", "member", "committee_member", "animator", "council_member",
          "staff", "other_staff")

@pytest.fixture
def cast(organisation, staff, council):
    committee = make_committee(organisation, "Comité jardin")
    people = {
        "anonymous": AnonymousUser(),
        "unverified_member": member_of(organisation, "nonverifie", verified=False),
        "outsider": make_user("exterieur"),
        "member": member_of(organisation, "membre"),
        "committee_member": member_of(organisation, "jardinier"),
        "animator": make_user("animatrice"),
        "council_member": make_user("conseillere"),
        "staff": staff,
        "other_staff": make_staff(OrganisationFactory(title="Autre centre")),
    }
    seat(committee, people["committee_member"])
    seat(committee, people["animator"], role="animateur")
    seat(council, people["council_member"])
    return committee, people

def _consultation(organisation, staff, committee, state, eligibility):
    consultation = make_consultation(organisation, staff, committee=committee, eligibility=eligibility,
                                     open_=state != "draft")
    if state == "closed":
        services.consultation_close(consultation=consultation, user=staff)
        consultation.refresh_from_db()
    return consultation

# (person) -> may manage; may enter paper ballots.
MANAGE = {"animator", "council_member", "staff"}
PAPER = {"staff"}
# Who may vote, by eligibility (the consultation being published).
VOTE = {
    Eligibility.VERIFIED: {"outsider", "member", "committee_member", "animator", "council_member", "staff",
                           "other_staff"},
    Eligibility.ORGANISATION: {"member", "committee_member", "staff"},
    Eligibility.COMMITTEE: {"committee_member", "animator"},
}

@pytest.mark.parametrize("state", ["draft", "open", "closed"])
@pytest.mark.parametrize("eligibility", list(Eligibility))
def test_the_permission_grid(organisation, staff, cast, state, eligibility):
    committee, people = cast
    consultation = _consultation(organisation, staff, committee, state, eligibility)
    for name in PEOPLE:
        user = people[name]
        assert user.has_perm("consultations.manage_consultation", consultation) == (name in MANAGE), name
        assert user.has_perm("consultations.enter_paper_ballots", consultation) == (name in PAPER), name
        visible = state != "draft" or name in MANAGE
        assert user.has_perm("consultations.view_consultation", consultation) == visible, name
        may_vote = state != "draft" and name in VOTE[eligibility]
        assert user.has_perm("consultations.vote", consultation) == may_vote, (name, eligibility)
        assert user.has_perm("consultations.view_results", consultation) == (state == "closed" and visible), name

def test_who_may_create(organisation, cast):
    _committee, people = cast
    allowed = {"animator", "council_member", "staff"}
    for name in PEOPLE:
        assert people[name].has_perm("consultations.add_consultation", organisation) == (name in allowed), name
