"""The consultation pages read a bounded number of queries, the same with
few or many ballots, questions' options and actions."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Method, ResultsVisibility
from tests.queries import MAX_QUERIES, page_queries

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db



@pytest.fixture
def busy(organisation, staff, action):
    def build(ballots: int):
        consultation = make_consultation(organisation, staff, actions=[action],
                                         results_visibility=ResultsVisibility.LIVE, questions=(
                                             ("Classez", Method.RANKING, ["A", "B", "C"]),
                                             ("Jugez", Method.MAJORITY, ["P", "Q", "R"]),
                                             ("Pour ?", Method.YES_NO, [])))
        questions = list(consultation.questions.prefetch_related("options"))
        for _index in range(ballots):
            answers = {questions[0].pk: dict(zip([o.pk for o in questions[0].options.all()], [2, 1, 3])),
                       questions[1].pk: {o.pk: 2 for o in questions[1].options.all()}, questions[2].pk: 1}
            services.ballot_cast(consultation=consultation, user=member_of(organisation), answers=answers)
        return consultation
    return build


@pytest.mark.parametrize("page", ["detail", "results"])
def test_pages_take_the_same_queries_with_more_ballots(client, busy, staff, page):
    client.force_login(staff)
    few, many = busy(2), busy(20)
    counts = [page_queries(client, reverse(f"consultations:{page}", args=[consultation.pk])) for consultation in (few, many)]
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


def test_the_list_takes_the_same_queries_with_more_consultations(client, busy, staff):
    busy(0)
    first = page_queries(client, reverse("consultations:index"))
    for _index in range(4):
        busy(0)
    assert page_queries(client, reverse("consultations:index")) == first <= MAX_QUERIES
