"""A centre social with a plan, its conseil de maison, staff, residents, and
consultations dated from the moment the tests start (the services take a
`now` where a test needs another clock)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Method, ResultsVisibility
from participation.models import Membership, MembershipStatus
from tests.participation.conftest import make_committee, make_user, seat

NOW = timezone.now()

from tests.participation.conftest import action, axis, organisation, plan, staff  # noqa: E402,F401


def member_of(organisation, name=None, *, verified=True):
    user = make_user(name, verified=verified)
    Membership.objects.create(user=user, organisation=organisation, role="habitant",
                              status=MembershipStatus.ACCEPTED)
    return user


@pytest.fixture
def council(organisation):
    committee = make_committee(organisation, "Conseil de maison")
    committee.kind = "conseil_de_maison"
    committee.save()
    return committee


@pytest.fixture
def animator(council):
    user = make_user("anim")
    seat(council, user, role="animateur")
    return user


@pytest.fixture
def voters(organisation):
    return [member_of(organisation, f"votant{i}") for i in range(4)]


def make_consultation(organisation, by, *, questions=(("Quelle formule ?", Method.SINGLE, ["A", "B", "C"]),),
                      open_=True, now=NOW, **fields) -> Consultation:
    values = {"title": "Le café Reflets", "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=7),
              **fields}
    consultation = services.consultation_create(user=by, organisation=organisation, **values)
    for text, method, labels in questions:
        services.question_save(consultation=consultation, user=by, text=text, method=method, labels=labels)
    if open_:
        consultation = services.consultation_open(consultation=consultation, user=by, immediately=False,
                                                  now=now)
    return consultation


@pytest.fixture
def consultation(organisation, staff):
    return make_consultation(organisation, staff)


@pytest.fixture
def every_method(organisation, staff, action):
    """An open consultation on the action, with one question of each method and live results."""
    return make_consultation(organisation, staff, actions=[action], results_visibility=ResultsVisibility.LIVE,
                             questions=(
                                 ("Pour le projet ?", Method.YES_NO, []),
                                 ("Une formule", Method.SINGLE, ["Matin", "Soir"]),
                                 ("Des ateliers", Method.MULTIPLE, ["Cuisine", "Couture", "Jardin"]),
                                 ("Classez", Method.RANKING, ["X", "Y", "Z"]),
                                 ("Jugez", Method.MAJORITY, ["P", "Q"]),
                                 ("Notez", Method.SCORE, ["R", "S"]),
                             ))


def option_ids(consultation, position=0):
    question = consultation.questions.all()[position]
    return question, [option.pk for option in question.options.all()]


def box_contents(consultation) -> list[list]:
    """The answer lines of every sealed ballot, as only the ballot key opens
    them (what the count will read), sorted for comparison."""
    from consultations.models import SealedBallot
    from consultations.sealing import ballot_unpack, keys_of

    keys = keys_of(consultation)
    return sorted(sorted((line.question, line.option, line.value, line.rank) for line in ballot_unpack(
        keys.open(envelope))[1]) for envelope in SealedBallot.objects.filter(
        consultation=consultation).values_list("envelope", flat=True))


def box_options(consultation) -> list:
    """The options chosen on the sealed ballots, sorted."""
    return sorted(option for lines in box_contents(consultation) for (_q, option, _v, _r) in lines)


def close_and_count(consultation, by):
    """Close the vote now: its secret ballots are opened and counted."""
    return services.consultation_close(consultation=consultation, user=by)
