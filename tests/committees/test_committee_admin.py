"""Comités and meetings in the Wagtail admin: each organisation's staff see
and change their own, not another organisation's."""

import pytest
from django.urls import reverse

from committees.models import Committee
from participation.services import membership_sync_admin_access
from tests.cms.factories import OrganisationFactory

from .conftest import make_committee, make_meeting, make_staff

pytestmark = pytest.mark.django_db


def admin_staff(organisation, name):
    user = make_staff(organisation, name)
    membership_sync_admin_access(user=user, organisation=organisation)
    return user


@pytest.fixture
def two_houses(organisation):
    elsewhere = OrganisationFactory(title="Maison des Tilleuls")
    mine, theirs = make_committee(organisation, "Comité senior"), make_committee(elsewhere, "Comité des Tilleuls")
    return admin_staff(organisation, "gestion"), mine, theirs


def test_staff_list_and_edit_only_their_committees(client, two_houses):
    staff, mine, theirs = two_houses
    client.force_login(staff)
    listing = client.get(reverse("wagtailsnippets_committees_committee:list")).content.decode()
    assert mine.name in listing and theirs.name not in listing
    assert client.get(reverse("wagtailsnippets_committees_committee:edit", args=[mine.pk])).status_code == 200
    for view in ("edit", "delete", "history", "usage"):
        response = client.get(reverse(f"wagtailsnippets_committees_committee:{view}", args=[theirs.pk]))
        assert response.status_code in (302, 403, 404), view
    response = client.post(reverse("wagtailsnippets_committees_committee:delete", args=[theirs.pk]))
    assert response.status_code in (302, 403, 404) and Committee.objects.filter(pk=theirs.pk).exists()


def test_staff_see_only_their_meetings(client, two_houses):
    staff, mine, theirs = two_houses
    ours, other = make_meeting(mine, title="Notre réunion"), make_meeting(theirs, title="Leur réunion")
    client.force_login(staff)
    listing = client.get(reverse("wagtailsnippets_committees_meeting:list")).content.decode()
    assert "Notre réunion" in listing and "Leur réunion" not in listing
    assert client.get(reverse("wagtailsnippets_committees_meeting:edit", args=[ours.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_committees_meeting:edit", args=[other.pk])).status_code in (403, 404)


def test_a_committee_cannot_be_moved_to_another_organisation(client, two_houses):
    staff, mine, theirs = two_houses
    client.force_login(staff)
    form = client.get(reverse("wagtailsnippets_committees_committee:edit", args=[mine.pk])).context["form"]
    assert theirs.organisation not in form.fields["organisation"].queryset
    assert mine.organisation in form.fields["organisation"].queryset


def test_people_without_a_staff_role_have_no_committee_menu(client, resident):
    client.force_login(resident)
    assert client.get(reverse("wagtailsnippets_committees_committee:list")).status_code in (302, 403)


def test_the_admin_addresses_of_before_the_committees_app_lead_to_the_new_ones(client):
    response = client.get("/admin/snippets/participation/committee/edit/3/?p=2")
    assert response.status_code == 301 and response["Location"] == "/admin/snippets/committees/committee/edit/3/?p=2"
    assert client.get("/admin/snippets/participation/meeting/")["Location"] == "/admin/snippets/committees/meeting/"
