"""The assembly's busiest pages read as many rows in as many queries with
10 members as with 40 (tests/queries.py)."""

import pytest
from django.test import Client

from assemblies.services import door, proxies
from tests.queries import MAX_QUERIES, page_queries

from .conftest import add_member, make_assembly, place  # noqa: F401

pytestmark = pytest.mark.django_db


def _room(organisation, staff, assembly, size):
    members = [add_member(organisation) for _ in range(size)]
    for member in members[: size // 2]:
        door.attendance_arrive(assembly=assembly, user=staff, member=member)
    for giver, holder in zip(members[size // 2: size // 2 + 4], members[:2] * 2):
        proxies.proxy_record(assembly=assembly, user=staff, giver=giver, holder=holder)
    return members


def test_the_door_the_screen_and_the_page_do_not_grow_with_the_room(place):
    organisation, staff = place
    counts = []
    for size in (10, 40):
        assembly = make_assembly(organisation, staff, title=f"AG {size}")
        members = _room(organisation, staff, assembly, size)
        client = Client()
        client.force_login(staff)
        member = Client()
        member.force_login(members[0].user)
        counts.append([page_queries(client, f"/assemblees/{assembly.pk}/emargement/?q=membre"),
                       page_queries(client, f"/assemblees/{assembly.pk}/ecran/"),
                       page_queries(client, f"/assemblees/{assembly.pk}/seance/"),
                       page_queries(member, f"/assemblees/{assembly.pk}/")])
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= MAX_QUERIES, counts
