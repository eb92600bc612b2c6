"""A page's discussion costs the same number of queries with 3 comments or
30, for visitors and for signed-in people."""

import pytest

from participation.services import comment_like, comment_post, comment_report, follow_set
from tests.queries import MAX_QUERIES, page_queries

from .conftest import make_user

pytestmark = pytest.mark.django_db


def add_comments(action, count):
    people = [make_user() for _ in range(3)]
    for n in range(count):
        author = people[n % 3]
        comment = comment_post(user=author, target=action, text=f"Commentaire **{n}**", stance="pour" if n % 2 else "")
        reply = comment_post(user=people[(n + 1) % 3], target=action, text="Réponse", parent=comment)
        comment_like(comment=comment, user=people[(n + 2) % 3])
        comment_report(comment=reply, user=people[(n + 2) % 3], reason="spam")
        from participation.models import Comment

        Comment.objects.update(submit_date=Comment.objects.first().submit_date.replace(year=2025))  # no rate limit


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_action_page_queries_do_not_grow_with_comments(client, action, organisation, signed_in):
    reader = make_user("lectrice")
    follow_set(user=reader, target=action, follow=True)
    if signed_in:
        client.force_login(reader)
    add_comments(action, 3)
    few = page_queries(client, action.url)
    add_comments(action, 12)
    many = page_queries(client, action.url)
    assert few == many <= MAX_QUERIES, (few, many)
    client.get(organisation.url)  # the organisation's totals are cached after the first visit
    assert page_queries(client, organisation.url) <= MAX_QUERIES


def test_notification_list_queries_do_not_grow(client, action):
    reader = make_user("lectrice")
    follow_set(user=reader, target=action, follow=True)
    client.force_login(reader)
    from django.urls import reverse

    url = reverse("participation:notifications")
    add_comments(action, 2)
    few = page_queries(client, url)
    add_comments(action, 8)
    assert page_queries(client, url) == few
