"""Who may do what, as a grid: each kind of person × the consultation's
state × its eligibility × who created it, against the permissions the views
and services ask; then the same through the services and the pages, for
every action of running a consultation."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from consultations import services
from consultations.models import Eligibility
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_committee, make_staff, make_user, seat

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db

TODAY = date.today()
YEAR_START, YEAR_END = date(TODAY.year, 1, 1), date(TODAY.year, 12, 31)
LAST_YEAR_START, LAST_YEAR_END = date(TODAY.year - 1, 1, 1), date(TODAY.year - 1, 12, 31)

PEOPLE = ("anonymous", "unverified_member", "outsider", "member", "voting_member", "lapsed_member",
          "consultative_member", "committee_member", "animator", "secretary", "council_member", "council_creator",
          "staff", "other_staff", "superuser")


def registered(organisation, name, *, starts, ends, vote="deliberative"):
    """An account in the member register, with one membership period."""
    from participation.models import RegisterMember, Subscription

    user = make_user(name)
    member = RegisterMember.objects.create(organisation=organisation, user=user, name=name.capitalize())
    Subscription.objects.create(member=member, starts_on=starts, ends_on=ends, vote=vote)
    return user


@pytest.fixture
def cast(organisation, staff, council):
    committee = make_committee(organisation, "Comité jardin")
    superuser = make_user("racine")
    superuser.is_superuser = True
    superuser.save()
    people = {
        "anonymous": AnonymousUser(),
        "unverified_member": member_of(organisation, "nonverifie", verified=False),
        "outsider": make_user("exterieur"),
        "member": member_of(organisation, "membre"),
        "voting_member": registered(organisation, "adherente", starts=YEAR_START, ends=YEAR_END),
        "lapsed_member": registered(organisation, "ancienne", starts=LAST_YEAR_START, ends=LAST_YEAR_END),
        "consultative_member": registered(organisation, "honoraire", starts=YEAR_START, ends=YEAR_END,
                                          vote="consultative"),
        "committee_member": member_of(organisation, "jardinier"),
        "animator": make_user("animatrice"),
        "secretary": make_user("secretaire"),
        "council_member": make_user("conseillere"),
        "council_creator": make_user("conseiller-auteur"),
        "staff": staff,
        "other_staff": make_staff(OrganisationFactory(title="Autre centre")),
        "superuser": superuser,
    }
    seat(committee, people["committee_member"])
    seat(committee, people["animator"], role="animateur")
    seat(committee, people["secretary"], role="secretaire")
    seat(council, people["council_member"])
    seat(council, people["council_creator"])
    return committee, council, people


def _consultation(organisation, by, committee, state, eligibility):
    consultation = make_consultation(organisation, by, committee=committee, eligibility=eligibility,
                                     open_=state != "draft")
    if state == "closed":
        services.consultation_close(consultation=consultation, user=by)
        consultation.refresh_from_db()
    return consultation


# Running it: its committee's animators and secretaries, the staff; a plain
# member of the conseil de maison runs their own consultations only.
MANAGE = {"animator", "secretary", "staff", "superuser"}
PAPER = {"staff", "superuser"}
# Who may vote, by eligibility (the consultation being published).
# A declaration (member) never makes a member up to date; only the
# register does, for the period that covers the day and carries a vote.
VOTE = {
    Eligibility.VERIFIED: {"outsider", "member", "voting_member", "lapsed_member", "consultative_member",
                           "committee_member", "animator", "secretary", "council_member", "council_creator", "staff",
                           "other_staff", "superuser"},
    Eligibility.ORGANISATION: {"member", "committee_member", "staff", "superuser"},
    Eligibility.MEMBERS: {"voting_member", "superuser"},
    Eligibility.COMMITTEE: {"committee_member", "animator", "secretary", "superuser"},
}


def _check_grid(consultation, people, state, eligibility, manage):
    # Django grants a superuser every permission; the services still check
    # the vote's state and the electorate's rules (tests of the services).
    for perm in ("manage_consultation", "enter_paper_ballots", "view_consultation", "vote", "view_results"):
        assert people["superuser"].has_perm(f"consultations.{perm}", consultation)
    for name in PEOPLE[:-1]:
        user = people[name]
        assert user.has_perm("consultations.manage_consultation", consultation) == (name in manage), name
        assert user.has_perm("consultations.enter_paper_ballots", consultation) == (name in PAPER), name
        visible = state != "draft" or name in manage
        assert user.has_perm("consultations.view_consultation", consultation) == visible, name
        may_vote = state != "draft" and name in VOTE[eligibility]
        assert user.has_perm("consultations.vote", consultation) == may_vote, (name, eligibility)
        assert user.has_perm("consultations.view_results", consultation) == (state == "closed" and visible), name


@pytest.mark.parametrize("state", ["draft", "open", "closed"])
@pytest.mark.parametrize("eligibility", list(Eligibility))
def test_the_permission_grid(organisation, staff, cast, state, eligibility):
    committee, _council, people = cast
    consultation = _consultation(organisation, staff, committee, state, eligibility)
    _check_grid(consultation, people, state, eligibility, MANAGE)


@pytest.mark.parametrize("state", ["draft", "open", "closed"])
def test_a_council_member_runs_their_own_consultation(organisation, cast, state):
    """Created by a member of the conseil de maison for the organisation:
    they run it, with the staff; the other council members do not."""
    _committee, _council, people = cast
    consultation = _consultation(organisation, people["council_creator"], None, state, Eligibility.ORGANISATION)
    _check_grid(consultation, people, state, Eligibility.ORGANISATION, {"council_creator", "staff", "superuser"})


def test_a_creator_who_left_the_council_no_longer_runs_it(organisation, cast):
    _committee, council, people = cast
    creator = people["council_creator"]
    consultation = _consultation(organisation, creator, None, "open", Eligibility.ORGANISATION)
    council.members.filter(user=creator).delete()
    assert not creator.has_perm("consultations.manage_consultation", consultation)


def test_who_may_create(organisation, cast):
    _committee, _council, people = cast
    allowed = {"animator", "secretary", "council_member", "council_creator", "staff", "superuser"}
    for name in PEOPLE:
        assert people[name].has_perm("consultations.add_consultation", organisation) == (name in allowed), name


def test_the_services_refuse_whoever_does_not_run_it(organisation, staff, cast):
    """Every action of running a consultation, as a plain council member and
    as another organisation's staff: refused, and nothing changed."""
    committee, _council, people = cast
    consultation = _consultation(organisation, staff, committee, "draft", Eligibility.ORGANISATION)
    question = consultation.questions.get()
    for name in ("council_member", "other_staff", "member", "committee_member"):
        user = people[name]
        attempts = [
            lambda user=user: services.consultation_update(consultation=consultation, user=user, title="Pris"),
            lambda user=user: services.question_save(consultation=consultation, user=user, text="?", method="pour_contre",
                                           labels=[]),
            lambda user=user: services.question_delete(question=question, user=user),
            lambda user=user: services.consultation_open(consultation=consultation, user=user, immediately=True),
            lambda user=user: services.consultation_delete(consultation=consultation, user=user),
        ]
        for attempt in attempts:
            with pytest.raises(PermissionDenied):
                attempt()
    opened = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    for name in ("council_member", "other_staff"):
        with pytest.raises(PermissionDenied):
            services.consultation_close(consultation=opened, user=people[name])
    opened.refresh_from_db()
    assert opened.title == "Le café Reflets" and opened.is_open()


@pytest.mark.parametrize("name,allowed", [("council_member", False), ("animator", True), ("staff", True),
                                          ("other_staff", False)])
def test_the_pages_that_run_it_agree(client, organisation, staff, cast, name, allowed):
    committee, _council, people = cast
    consultation = _consultation(organisation, staff, committee, "open", Eligibility.ORGANISATION)
    client.force_login(people[name])
    for url in (f"/consultations/{consultation.pk}/modifier/", f"/consultations/{consultation.pk}/questions/",
                f"/consultations/{consultation.pk}/fermer/"):
        assert client.get(url).status_code == (200 if allowed else 403), (name, url)
    response = client.post(f"/consultations/{consultation.pk}/fermer/")
    consultation.refresh_from_db()
    assert consultation.is_open() != allowed, name
    if not allowed:
        assert response.status_code == 403
