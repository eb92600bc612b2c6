"""The admin import: upload, preview, confirm; administrators only."""

import io
from html import unescape

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.models import ActionPage, PlanPage
from cms.services import organisation_editors_group

from .factories import OrganisationFactory
from .seed004 import seed_rows, seed_xlsx

pytestmark = pytest.mark.django_db
URL = "/admin/plans/import/"


def upload(client, organisation, content=None, name="plan.xlsx", **extra):
    data = {"organisation": organisation.pk, "plan_slug": "", "sheet": "",
            "file": SimpleUploadedFile(name, content if content is not None else seed_xlsx())}
    data.update(extra)
    return client.post(URL, data)


def test_preview_lists_what_will_change_and_writes_nothing(admin_client):
    organisation = OrganisationFactory(title="Entraide")
    response = upload(admin_client, organisation)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    # Counted in the plan's own words, and each item named.
    assert "Créés : 3 axes, 10 engagements, 26 objectifs opérationnels, 57 actions" in html
    assert "Action 1.1.1 « Définir une trame commune de rapport d’activité associatif »" in html.replace("'", "’")
    assert "Engagement 3 « S’investir dans la transition écologique et sociale »" in html.replace("'", "’")
    assert "Confirmer l’import" in html and "nouveau plan" in html
    # Seed 004's marks in the column after its last period are said, not dropped.
    assert html.count("après la dernière période") == 7
    assert not PlanPage.objects.exists()


def test_confirm_imports_and_leads_to_the_plan(admin_client):
    organisation = OrganisationFactory()
    upload(admin_client, organisation, plan_slug="plan-2021")
    token = admin_client.session["cms_plan_import"]["token"]
    response = admin_client.post(URL, {"confirm": "1", "token": token})
    plan = PlanPage.objects.get(slug="plan-2021")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_explore", args=[plan.pk])
    assert ActionPage.objects.filter(plan=plan, live=True).count() == 57
    again = admin_client.post(URL, {"confirm": "1", "token": token})
    assert again.status_code == 302 and again.url == URL  # a token works once
    assert ActionPage.objects.filter(plan=plan).count() == 57


def test_reimport_preview_shows_updates_in_place(admin_client):
    organisation = OrganisationFactory()
    upload(admin_client, organisation, plan_slug="p")
    admin_client.post(URL, {"confirm": "1", "token": admin_client.session["cms_plan_import"]["token"]})
    html = upload(admin_client, organisation, plan_slug="p").content.decode()
    assert "plan existant, mis à jour" in html and "Créés : " not in html
    assert 'data-count="created">Créés</h3>' in html


def test_bad_file_is_explained_in_french_and_nothing_written(admin_client):
    organisation = OrganisationFactory()
    html = upload(admin_client, organisation, content=b"\x00\x01junk" * 100).content.decode()
    assert "Rien n’a été importé." in html and "ni un tableur" in html
    assert 'role="alert"' in html
    assert not PlanPage.objects.exists()


def test_communication_staff_without_the_permission_are_refused(client):
    organisation = OrganisationFactory()
    user = get_user_model().objects.create_user("com", "com@example.org", "x")
    user.groups.add(organisation_editors_group(organisation))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    assert upload(client, organisation).status_code in (302, 403)
    assert not PlanPage.objects.exists()


def test_an_administrator_with_the_permission_may_import(client):
    organisation = OrganisationFactory()
    user = get_user_model().objects.create_user("admin-org", "a@example.org", "x")
    user.groups.add(organisation_editors_group(organisation))
    user.user_permissions.add(Permission.objects.get(codename="import_plan"))
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert "Importer un plan" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_abandoned_preview_leaves_no_file_behind(admin_client):
    from django.core.files.storage import default_storage

    organisation = OrganisationFactory()
    upload(admin_client, organisation)
    first = admin_client.session["cms_plan_import"]["token"]
    assert default_storage.exists(f"plan-imports/{first}")
    upload(admin_client, organisation)  # a second preview replaces the first
    assert not default_storage.exists(f"plan-imports/{first}")
    second = admin_client.session["cms_plan_import"]["token"]
    admin_client.post(URL, {"cancel": "1"})
    assert not default_storage.exists(f"plan-imports/{second}") and "cms_plan_import" not in admin_client.session
    assert not PlanPage.objects.exists()


def administrator_of(organisation, name):
    from participation.models import Membership, MembershipStatus
    from participation.services import membership_sync_admin_access

    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x")
    Membership.objects.create(user=user, organisation=organisation, role="administrateur",
                              status=MembershipStatus.ACCEPTED)
    membership_sync_admin_access(user=user, organisation=organisation)
    return user


def test_an_administrator_imports_into_their_own_organisation_only(client):
    mine, theirs = OrganisationFactory(title="Maison Alpha"), OrganisationFactory(title="Centre Beta")
    client.force_login(administrator_of(mine, "alpha"))
    offered = client.get(URL).context["form"].fields["organisation"].queryset
    assert list(offered) == [mine]
    response = upload(client, theirs, plan_slug="pirate")
    assert response.status_code == 200 and response.context["form"].errors["organisation"]
    assert "cms_plan_import" not in client.session and not PlanPage.objects.exists()


def test_an_import_confirmed_after_losing_the_role_is_refused(client):
    from participation.models import Membership

    organisation = OrganisationFactory()
    client.force_login(administrator_of(organisation, "partante"))
    upload(client, organisation, plan_slug="revoque")
    token = client.session["cms_plan_import"]["token"]
    Membership.objects.filter(organisation=organisation).update(status="declined")
    assert client.post(URL, {"confirm": "1", "token": token}).status_code in (302, 403)
    assert not PlanPage.objects.exists()


def test_preview_names_what_is_unpublished(admin_client):
    organisation = OrganisationFactory()
    upload(admin_client, organisation, plan_slug="p")
    admin_client.post(URL, {"confirm": "1", "token": admin_client.session["cms_plan_import"]["token"]})
    rows = seed_rows()
    first = next(row for row in rows if "1.1.1" in row)
    first[3:] = [""] * (len(first) - 3)  # action 1.1.1 leaves the sheet, its axis and objectives stay
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    html = unescape(upload(admin_client, organisation, plan_slug="p", content=buffer.getvalue(),
                           name="plan.xlsx").content.decode()).replace("'", "’")
    assert "Dépubliés (plus dans le fichier) : 1 action" in html
    assert "Action 1.1.1 « Définir une trame commune de rapport d’activité associatif »" in html
