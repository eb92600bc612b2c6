"""The projects' pages cost the same number of queries whatever their size."""

import pytest

from projects.services import help_offer_set, partner_link, project_support
from tests.queries import MAX_QUERIES, page_queries

from .conftest import domain, make_partner, make_project, make_user

pytestmark = pytest.mark.django_db


def grow(organisation, resident, room, action, count):
    for n in range(count):
        project = make_project(organisation, resident, title=f"Projet {n}", resources=[room.pk],
                               plan_items=[action.pk], skills=[domain("culture"), domain("numerique")])
        project_support(user=make_user(), project=project)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_list_and_plan_pages(client, organisation, resident, room, action, signed_in):
    if signed_in:
        client.force_login(make_user())
    grow(organisation, resident, room, action, 2)
    make_partner(organisation, "Partenaire", ["culture"]).actions.set([action])
    urls = ["/projets/", f"/projets/?organisation={organisation.slug}&tri=supports", action.url,
            f"/partenaires/{organisation.slug}/"]
    few = [page_queries(client, url) for url in urls]
    grow(organisation, resident, room, action, 10)
    for n in range(6):
        make_partner(organisation, f"Partenaire {n}", ["culture", "numerique"]).actions.set([action])
    many = [page_queries(client, url) for url in urls]
    assert few == many and max(many) <= MAX_QUERIES, (few, many)


@pytest.mark.parametrize("who", ["visitor", "supporter", "author", "staff"])
def test_project_page(client, organisation, project, staff, who):
    readers = {"visitor": None, "supporter": make_user(), "author": project.created_by, "staff": staff}
    if readers[who]:
        client.force_login(readers[who])

    def add(count):
        for n in range(count):
            person = make_user()
            project_support(user=person, project=project)
            help_offer_set(user=person, project=project, message="Je peux aider")
            partner_link(user=staff, project=project, partner=make_partner(organisation, f"P{n}-{person.pk}",
                                                                           ["culture"]))

    add(1)
    few = page_queries(client, project.get_absolute_url())
    add(8)
    many = page_queries(client, project.get_absolute_url())
    assert few == many <= MAX_QUERIES + 5, (few, many)
