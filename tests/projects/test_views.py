import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.models import AuditAction, AuditEntry, Membership, MembershipStatus, Notification
from projects.models import Partner, Project, ProjectImage, ProjectStatus, Resource, Support
from projects.services import partner_link, project_support, project_transition

from .conftest import domain, make_partner, make_project, make_user

pytestmark = pytest.mark.django_db
S = ProjectStatus


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(**extra):
    return {"title": "Des bancs dans la cour", "summary": "Pour s'asseoir.", "description": "Trois bancs.",
            "action": "submit", **extra}


# Proposing through the form


def test_visitors_are_asked_to_sign_in_before_proposing(client, organisation):
    response = client.get(f"/projets/proposer/{organisation.slug}/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_an_unverified_account_is_asked_to_confirm_its_email(client, organisation):
    client.force_login(make_user(verified=False))
    assert client.get(f"/projets/proposer/{organisation.slug}/").status_code == 403


def test_propose_with_an_image_and_a_document(client, organisation, resident, action, room, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(resident)
    response = client.post(f"/projets/proposer/{organisation.slug}/", form_data(
        plan_items=[action.pk], rooms=[room.pk], skills=[domain("culture").pk], budget_amount="120.50",
        image=SimpleUploadedFile("banc.png", png_bytes()), image_alt="Un banc en bois",
        attachment=SimpleUploadedFile("devis.pdf", b"%PDF-1.4\n%%EOF\n"),
    ))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.status == S.SUBMITTED and list(project.resources.all()) == [room]
    image = project.images.get()
    assert image.alt_text == "Un banc en bois" and (image.width, image.height) == (40, 30)
    assert project.attachments.get().content_type == "application/pdf"
    page = client.get(project.get_absolute_url())
    assert b"Un banc en bois" in page.content
    served = client.get(f"/projets/images/{image.pk}/")
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    document = client.get(f"/projets/documents/{project.attachments.get().pk}/")
    assert document["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name,content,code_text", [
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "photo.jpg"),
    ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
])
def test_a_bad_image_is_refused_and_nothing_is_written(client, organisation, resident, settings, tmp_path, name,
                                                      content, code_text):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(resident)
    response = client.post(f"/projets/proposer/{organisation.slug}/", form_data(
        image=SimpleUploadedFile(name, content), image_alt="Une image"))
    assert response.status_code == 400
    assert code_text.encode() in response.content
    assert not Project.objects.exists() and not ProjectImage.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_an_image_needs_its_description(client, organisation, resident):
    client.force_login(resident)
    response = client.post(f"/projets/proposer/{organisation.slug}/", form_data(
        image=SimpleUploadedFile("banc.png", png_bytes())))
    assert response.status_code == 400 and not Project.objects.exists()


def test_a_draft_stays_private(client, organisation, resident, neighbour, staff):
    client.force_login(resident)
    client.post(f"/projets/proposer/{organisation.slug}/", form_data(action="draft"))
    project = Project.objects.get()
    assert project.status == S.DRAFT
    assert client.get(project.get_absolute_url()).status_code == 200
    for person in (neighbour, staff):
        client.force_login(person)
        assert client.get(project.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert client.get("/projets/").context["page_obj"].paginator.count == 0


# The project page


def test_support_button_and_its_refusals(client, project, neighbour):
    url = project.get_absolute_url()
    assert b"/compte/login/" in client.get(url).content  # visitors are invited to sign in
    response = client.post(f"/projets/{project.pk}/soutien/", {"support": "1"})
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    client.force_login(neighbour)
    assert client.get(f"/projets/{project.pk}/soutien/").status_code == 405
    client.post(f"/projets/{project.pk}/soutien/", {"support": "1"})
    client.post(f"/projets/{project.pk}/soutien/", {"support": "1"})
    assert Support.objects.filter(project=project).count() == 1
    assert client.get(url).context["supported"]
    client.post(f"/projets/{project.pk}/soutien/", {"support": "0"})
    assert not Support.objects.exists()
    client.force_login(project.created_by)
    assert client.post(f"/projets/{project.pk}/soutien/", {"support": "1"}).status_code == 403


def test_staff_answer_through_the_page(client, project, staff):
    client.force_login(staff)
    response = client.post(f"/projets/{project.pk}/statut/", {"target": S.ACCOMPANIED, "message": ""})
    assert response.status_code == 400
    assert response.context["transition_errors"][S.ACCOMPANIED]
    response = client.post(f"/projets/{project.pk}/statut/", {"target": S.ACCOMPANIED, "message": "Oui !"})
    assert response.status_code == 302
    page = client.get(project.get_absolute_url())
    assert page.context["project"].status == S.ACCOMPANIED and b"Oui !" in page.content


def test_a_resident_cannot_answer_for_the_organisation(client, project, neighbour):
    client.force_login(neighbour)
    response = client.post(f"/projets/{project.pk}/statut/", {"target": S.ACCOMPANIED, "message": "Oui"})
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).status == S.SUBMITTED


def test_authors_see_who_offers_help_others_do_not(client, project, neighbour):
    client.force_login(neighbour)
    client.post(f"/projets/{project.pk}/participer/", {"offer": "1", "message": "Je bricole."})
    assert client.get(project.get_absolute_url()).context.get("help_offers") is None
    client.force_login(project.created_by)
    offers = client.get(project.get_absolute_url()).context["help_offers"]
    assert [(o.user, o.message) for o in offers] == [(neighbour, "Je bricole.")]


def test_staff_link_a_suggested_partner(client, organisation, project, staff):
    make_partner(organisation, "Maison du bois", ["environnement"])
    matching = make_partner(organisation, "Atelier vélo", ["mobilite"])
    Project.objects.get(pk=project.pk).skills.set([domain("mobilite")])
    client.force_login(staff)
    page = client.get(project.get_absolute_url())
    assert [p.name for p in page.context["matching_partners"]][0] == "Atelier vélo"
    client.post(f"/projets/{project.pk}/partenaires/", {"partner": matching.pk, "note": "Voir Paul"})
    assert list(project.partners.all()) == [matching]
    client.force_login(project.created_by)
    assert b"Atelier v\xc3\xa9lo" in client.get(project.get_absolute_url()).content
    assert Notification.objects.filter(recipient=project.created_by, detail__contains="Atelier vélo").exists()


def test_plan_item_pages_list_their_projects(client, organisation, project, axis, action, resident, other_axis):
    make_project(organisation, resident, title="Brouillon secret", submit=False, plan_items=[action.pk])
    for page, expected in ((action, True), (axis, True), (other_axis, False)):
        content = client.get(page.url).content
        assert (b"Un repair caf" in content) is expected, page
        assert b"Brouillon secret" not in content


# The list


def test_list_filters_and_counts(client, organisation, resident, neighbour, axis, other_axis, action, room):
    from tests.cms.factories import ActionFactory

    green = ActionFactory(parent=other_axis, number="2.1", title="Compost")
    a = make_project(organisation, resident, title="Salle pour la chorale", resources=[room.pk],
                     plan_items=[action.pk], quartier="Les Cerisiers")
    b = make_project(organisation, resident, title="Compost collectif", plan_items=[green.pk], budget_amount=200,
                     quartier="les cerisiers")
    c = make_project(organisation, resident, title="Fête de rue", volunteers_wanted=10, quartier="Gare")
    make_project(organisation, resident, title="Brouillon", submit=False)
    for person in (neighbour, make_user()):
        project_support(user=person, project=b)
    project_support(user=neighbour, project=c)

    def titles(query):
        response = client.get(f"/projets/?organisation={organisation.slug}&{query}")
        assert response.status_code == 200
        return [p.title for p in response.context["projects"]], response.context["page_obj"].paginator.count

    assert titles("") == ([c.title, b.title, a.title], 3)
    assert titles("tri=supports") == ([b.title, c.title, a.title], 3)
    assert titles(f"axe={axis.pk}") == ([a.title], 1)
    assert titles(f"axe={other_axis.pk}") == ([b.title], 1)
    assert titles("besoin=salle") == ([a.title], 1)
    assert titles("besoin=budget") == ([b.title], 1)
    assert titles("besoin=benevoles") == ([c.title], 1)
    assert titles("quartier=Les+Cerisiers") == ([b.title, a.title], 2)
    assert titles("statut=depose") == ([c.title, b.title, a.title], 3)
    assert titles("statut=realise") == ([], 0)
    assert titles("besoin=n-importe-quoi&axe=abc") == ([c.title, b.title, a.title], 3)  # ignored
    response = client.get(f"/projets/?organisation={organisation.slug}&tri=supports")
    cards = {p.title: p.support_count for p in response.context["projects"]}
    assert cards == {a.title: 0, b.title: 2, c.title: 1}


def test_list_pagination(client, organisation, resident):
    for n in range(14):
        make_project(organisation, resident, title=f"Projet {n}")
    first = client.get("/projets/")
    second = client.get("/projets/?page=2")
    assert len(first.context["projects"]) == 12 and len(second.context["projects"]) == 2
    assert client.get("/projets/?page=99").context["page_obj"].number == 2


# The staff's desk and export


def test_review_desk_and_threshold(client, organisation, project, staff, resident):
    url = f"/projets/examen/{organisation.slug}/"
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.post(url, {"support_threshold": "1"})
    assert response.status_code == 302
    project_support(user=make_user(), project=project)
    page = client.get(url)
    assert page.context["over_threshold"] == [Project.objects.get(pk=project.pk)]
    assert client.post(url, {"support_threshold": "0"}).status_code == 400


def test_csv_export_for_staff_only(client, organisation, project, staff, resident):
    partner = make_partner(organisation, "=HYPERLINK(\"http://evil\")")
    partner_link(user=staff, project=project, partner=partner)
    project_transition(user=staff, project=project, target=S.ACCOMPANIED, message="Oui")
    make_project(organisation, resident, title="Brouillon", submit=False)
    url = f"/projets/examen/{organisation.slug}/export.csv"
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # header and the one submitted project, not the draft
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[rows[0][1]] == "Un repair café"
    assert "'=HYPERLINK" in response.content.decode()  # no formula injection
    assert row[rows[0][-1]].endswith(project.get_absolute_url())
    download = AuditEntry.objects.get(action=AuditAction.DATA_EXPORTED)  # in the audit log, the refused one not
    assert download.actor == staff and download.after == {"rows": 1} and download.object_label.startswith("projets-")


# The directory


def test_directory_filters_and_contacts_for_members(client, organisation, resident):
    make_partner(organisation, "Permanence juridique", ["aide-juridique"], contact_email="droit@example.org",
                 convention_status="potentiel")
    make_partner(organisation, "Mairie", ["financement"], kind="institution", convention_status="conventionne")
    url = f"/partenaires/{organisation.slug}/"

    def names(query=""):
        return [p.name for p in client.get(f"{url}?{query}").context["partners"]]

    assert names() == ["Mairie", "Permanence juridique"]
    assert names("domaine=aide-juridique") == ["Permanence juridique"]
    assert names("type=institution") == ["Mairie"]
    assert names("convention=potentiel") == ["Permanence juridique"]
    assert b"droit@example.org" not in client.get(url).content
    client.force_login(resident)
    assert b"droit@example.org" not in client.get(url).content
    Membership.objects.create(user=resident, organisation=organisation, role="habitant",
                              status=MembershipStatus.ACCEPTED)
    assert b"droit@example.org" in client.get(url).content


def test_staff_manage_partners_and_rooms(client, organisation, staff, resident, action):
    client.force_login(resident)
    assert client.get(f"/partenaires/{organisation.slug}/ajouter/").status_code == 403
    assert client.post(f"/partenaires/{organisation.slug}/locaux/ajouter/",
                       {"kind": "salle", "name": "Salle"}).status_code == 403
    client.force_login(staff)
    response = client.post(f"/partenaires/{organisation.slug}/ajouter/", {
        "name": "Atelier vélo", "kind": "association", "convention_status": "formalise",
        "domains": [domain("mobilite").pk], "actions": [action.pk], "contact_email": "pas-un-email",
    })
    assert response.status_code == 400 and not Partner.objects.exists()
    response = client.post(f"/partenaires/{organisation.slug}/ajouter/", {
        "name": "Atelier vélo", "kind": "association", "convention_status": "formalise",
        "domains": [domain("mobilite").pk], "actions": [action.pk],
    })
    partner = Partner.objects.get()
    assert response.status_code == 302 and list(partner.actions.all()) == [action]
    duplicate = client.post(f"/partenaires/{organisation.slug}/ajouter/", {
        "name": "Atelier vélo", "kind": "association", "convention_status": "formalise"})
    assert duplicate.status_code == 400 and Partner.objects.count() == 1
    assert b"Atelier v\xc3\xa9lo" in client.get(action.url).content  # the action shows its partners
    client.post(f"/partenaires/{organisation.slug}/locaux/ajouter/", {"kind": "materiel", "name": "Minibus",
                                                                      "is_available": "on"})
    assert Resource.objects.get().name == "Minibus"
    client.post(f"/partenaires/{organisation.slug}/{partner.pk}/supprimer/")
    assert not Partner.objects.exists()


def test_another_organisations_staff_cannot_edit_the_directory(client, organisation, other_staff):
    partner = make_partner(organisation, "Mairie")
    client.force_login(other_staff)
    assert client.post(f"/partenaires/{organisation.slug}/{partner.pk}/supprimer/").status_code == 403
    assert Partner.objects.exists()


def test_my_projects_page(client, project, draft, neighbour):
    client.force_login(project.created_by)
    context = client.get("/compte/projets/").context
    assert {p.title for p in context["carried"]} == {project.title, draft.title}
    client.force_login(neighbour)
    project_support(user=neighbour, project=project)
    assert [p.title for p in client.get("/compte/projets/").context["supported"]] == [project.title]


def test_propose_from_a_plan_item_preselects_it(client, organisation, resident, action):
    client.force_login(resident)
    link = f"/projets/proposer/{organisation.slug}/?element={action.pk}"
    assert link.encode() in client.get(action.url).content.replace(b"&amp;", b"&")
    form = client.get(link).context["form"]
    assert form["plan_items"].value() == [action.pk]


def test_a_good_image_with_a_refused_document_leaves_nothing_behind(client, organisation, resident, settings,
                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(resident)
    response = client.post(f"/projets/proposer/{organisation.slug}/", form_data(
        image=SimpleUploadedFile("banc.png", png_bytes()), image_alt="Un banc",
        attachment=SimpleUploadedFile("devis.pdf", b"MZ\x90\x00" + b"\x00" * 100)))
    assert response.status_code == 400 and "devis.pdf" in response.content.decode()
    assert not Project.objects.exists() and not ProjectImage.objects.exists()
    assert not list(tmp_path.rglob("*.*"))
