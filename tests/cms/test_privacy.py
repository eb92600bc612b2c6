"""Wagtail's page privacy protects a page through every door of the plan
site, not only its own address (issue 18): the outline, the actions list,
its parents' pages, the exports, search, the forms that offer plan items."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.selectors import organisation_plan_items, plan_actions, plan_subtree, search_plans
from cms.visibility import may_read, visible
from tests.cms.factories import ActionFactory, AxisFactory, ObjectiveFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    organisation = OrganisationFactory(title="Centre social des Tilleuls", slug="tilleuls")
    plan = PlanFactory(parent=organisation, slug="plan")
    axis = AxisFactory(parent=plan, number="1", title="Vivre ensemble")
    ActionFactory(parent=axis, number="1.1", title="Café des habitants")
    branch = ObjectiveFactory(parent=axis, number="1.2", title="Suivi confidentiel")
    ActionFactory(parent=branch, number="1.2.1", title="Accompagnement individuel")
    board = Group.objects.create(name="Bureau des Tilleuls")
    restriction = PageViewRestriction.objects.create(page=branch, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([board])
    plan.branch, plan.board = branch, board
    return plan


def titles(pages):
    return {page.title for page in pages}


def test_lists_leave_a_private_branch_out(plan):
    assert titles(plan_subtree(plan).actions) == {"Café des habitants"}
    assert titles(plan_actions(plan, {})) == {"Café des habitants"}
    assert "Suivi confidentiel" not in titles(organisation_plan_items(plan.get_parent().specific))
    assert not {"Suivi confidentiel", "Accompagnement individuel"} & titles(search_plans("confidentiel individuel"))
    assert not {"Suivi confidentiel", "Accompagnement individuel"} & titles(search_plans("accompagnement"))


def test_the_private_page_shows_its_own_children_to_its_readers(plan):
    """Wagtail let the reader in: what lies below the page is theirs to see."""
    assert titles(plan_subtree(plan, root=plan.branch).actions) == {"Accompagnement individuel"}
    reader = make_user("bureau")
    reader.groups.add(plan.board)
    client = Client()
    client.force_login(reader)
    page = client.get(plan.branch.get_url())
    assert page.status_code == 200 and "Accompagnement individuel" in page.content.decode()
    assert Client().get(plan.branch.get_url()).status_code == 302  # visitors are asked to sign in


@pytest.mark.parametrize("address", ["", "sommaire/", "calendrier/", "actions/", "export/csv/", "export/xlsx/",
                                     "imprimer/"])
def test_no_page_of_the_plan_shows_the_private_branch(client, plan, address):
    response = client.get(plan.get_url() + address)
    assert response.status_code == 200
    body = response.content
    if body[:2] == b"PK":  # a spreadsheet: read inside
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    if body[:5] == b"%PDF-":  # the printed plan: read its text
        import io

        from pypdf import PdfReader

        body = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages).encode()
    assert b"Suivi confidentiel" not in body and b"Accompagnement individuel" not in body
    assert address == "calendrier/" or b"Vivre ensemble" in body  # the public axis is there (no periods here)


def test_making_a_page_private_shows_at_once(plan):
    action = ActionFactory(parent=plan.get_first_child(), number="1.3", title="Sortie familles")
    assert "Sortie familles" in titles(visible(type(action).objects))
    PageViewRestriction.objects.create(page=action, restriction_type=PageViewRestriction.LOGIN)
    assert "Sortie familles" not in titles(visible(type(action).objects))


def test_who_may_read_a_private_page(plan):
    action = plan.branch.get_first_child()
    resident, member = make_user("habitante"), make_user("membre")
    member.groups.add(plan.board)
    assert not may_read(resident, action)
    assert may_read(member, action)
    login_only = ActionFactory(parent=plan.get_first_child(), number="1.4", title="Pour les inscrits")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    from django.contrib.auth.models import AnonymousUser

    assert may_read(resident, login_only) and not may_read(AnonymousUser(), login_only)


def test_an_alias_of_a_private_page_is_private_too(plan):
    """Wagtail holds an alias to its original's settings: so do the lists,
    and the alias's own address still asks visitors to sign in."""
    alias = plan.branch.create_alias(parent=plan, update_slug="suivi-alias")
    assert alias.path != plan.branch.path
    assert alias.pk not in {page.pk for page in visible(type(alias.specific).objects)}
    assert Client().get(alias.get_url()).status_code == 302


def test_a_public_page_reads_no_privacy_setting_of_its_own(plan, django_assert_num_queries):
    """The site's private branches are read once per change of the pages;
    a page outside them asks nothing more (one query less on every page)."""
    public = plan.get_first_child().get_first_child().specific
    public.get_view_restrictions()  # fills the cache
    with django_assert_num_queries(0):
        assert list(public.get_view_restrictions()) == []
    private = plan.branch.get_first_child().specific
    assert [r.page_id for r in private.get_view_restrictions()] == [plan.branch.pk]
