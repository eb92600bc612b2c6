"""The consultation pages read a bounded number of queries, the same with
few or many ballots, questions' options and actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import services
from consultations.models import Method, ResultsVisibility

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def _count(client, url) -> int:
    client.get(url)  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


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
    counts = [_count(client, reverse(f"consultations:{page}", args=[consultation.pk])) for consultation in (few, many)]
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


def test_the_list_takes_the_same_queries_with_more_consultations(client, busy, staff):
    busy(0)
    first = _count(client, reverse("consultations:index"))
    for _index in range(4):
        busy(0)
    assert _count(client, reverse("consultations:index")) == first <= MAX_QUERIES
