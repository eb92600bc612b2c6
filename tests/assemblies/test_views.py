"""The assembly's pages, from the statutes to the signed minutes, through
the test client; and every door someone without the right would try."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from assemblies.models import Assembly, AssemblyStatus, ItemStatus, Proxy, Statutes
from assemblies.services import door, proxies, session
from tests.cms.factories import OrganisationFactory

from .conftest import add_member, make_assembly, make_staff, make_user, place  # noqa: F401

pytestmark = pytest.mark.django_db
SECRET_DOCUMENT = b"%PDF-1.4\n% RAPPORT-MORAL-CONFIDENTIEL\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_secretarys_journey_through_the_pages(place, django_capture_on_commit_callbacks):
    organisation, staff = place
    desk = client_for(staff)
    members = [add_member(organisation, name) for name in ("Awa Diallo", "Bruno Petit", "Chloé Martin")]
    response = desk.post(f"/assemblees/organisations/{organisation.pk}/statuts/nouveaux/", {
        "title": "Statuts de 2019", "voting_categories": ["adherent", "bienfaiteur"], "notice_days": 15,
        "ordinary_quorum": "part", "ordinary_quorum_number": 0, "ordinary_quorum_share": "1/4",
        "extraordinary_quorum": "part", "extraordinary_quorum_number": 0, "extraordinary_quorum_share": "1/2",
        "quorum_counts_proxies": "on", "second_call_lifts_quorum": "on", "proxies_allowed": "on", "proxy_cap": 2,
        "secret_elections": "on",
        **{f"threshold_{kind}": "simple" for kind in ("rapport_moral", "rapport_activite", "comptes", "affectation",
                                                      "budget", "autre")},
        **{f"base_{kind}": "exprimes" for kind in ("rapport_moral", "rapport_activite", "comptes", "affectation",
                                                   "budget", "election", "statuts", "dissolution", "autre")},
        "threshold_election": "absolue", "threshold_statuts": "deux_tiers", "threshold_dissolution": "deux_tiers"})
    assert response.status_code == 302, response.content.decode()[:3000]
    statutes = Statutes.objects.get()
    assert statutes.majority("statuts").threshold == "deux_tiers"
    day = timezone.localdate() + timedelta(days=30)
    response = desk.post(f"/assemblees/organisations/{organisation.pk}/nouvelle/", {
        "title": "AG 2026", "kind": "ago", "statutes": statutes.pk, "day": day.isoformat(), "at": "18:30",
        "place": "Salle des fêtes"})
    assembly = Assembly.objects.get()
    assert response.status_code == 302
    for title, method in (("Rapport moral", "main_levee"), ("Comptes 2025", "electronique")):
        desk.post(f"/assemblees/{assembly.pk}/ordre-du-jour/", {"kind": "comptes", "title": title, "method": method,
                                                                 "seats": 1, "text": ""})
    desk.post(f"/assemblees/{assembly.pk}/documents/", {
        "document-title": "Rapport moral", "document-file": SimpleUploadedFile("rapport.pdf", SECRET_DOCUMENT)})
    assert assembly.documents.count() == 1
    assert desk.get(f"/assemblees/{assembly.pk}/ordre-du-jour/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(f"/assemblees/{assembly.pk}/convocation/").status_code == 302
    assembly.refresh_from_db()
    assert assembly.status == AssemblyStatus.CONVENED
    letters = desk.get(f"/assemblees/{assembly.pk}/convocations.pdf?tous=1")
    assert letters["Content-Type"] == "application/pdf" and letters.content.startswith(b"%PDF")

    # A member gives a proxy online; the holder sees it on the page.
    giver = client_for(members[2].user)
    assert giver.post(f"/assemblees/{assembly.pk}/pouvoir/", {"holder": members[0].pk}).status_code == 302
    assert "Chloé Martin" in client_for(members[0].user).get(f"/assemblees/{assembly.pk}/").content.decode()

    # The door, then the session.
    page = desk.get(f"/assemblees/{assembly.pk}/emargement/?q=awa")
    assert "Awa Diallo" in page.content.decode() and "Bruno" not in page.content.decode()
    fragment = desk.get(f"/assemblees/{assembly.pk}/emargement/?q=bru", HTTP_X_DOOR_SEARCH="1")
    assert "Bruno Petit" in fragment.content.decode() and "<html" not in fragment.content.decode()
    for member in members[:2]:
        desk.post(f"/assemblees/{assembly.pk}/emargement/pointer/", {"action": "arrive", "member": member.pk})
    assert desk.get(f"/assemblees/{assembly.pk}/emargement.pdf").content.startswith(b"%PDF")
    from participation.models import AuditAction, AuditEntry

    assert sorted(AuditEntry.objects.filter(action=AuditAction.DATA_EXPORTED).values_list("object_label", flat=True)) \
        == [f"convocations-{assembly.day:%Y-%m-%d}.pdf", f"emargement-{assembly.day:%Y-%m-%d}.pdf"]
    screen = desk.get(f"/assemblees/{assembly.pk}/ecran/").content.decode()
    assert "Quorum atteint" in screen or "Quorum reached" in screen
    desk.post(f"/assemblees/{assembly.pk}/seance/", {"step": "open", "president": members[0].pk,
                                                      "secretary_name": "Sam Secrétaire"})
    first, second = assembly.items.exclude(kind="divers")
    desk.post(f"/assemblees/{assembly.pk}/seance/points/{first.pk}/", {"step": "open"})
    desk.post(f"/assemblees/{assembly.pk}/seance/points/{first.pk}/", {
        "step": "count", "votes_for": 3, "against": 0, "abstentions": 0})
    first.refresh_from_db()
    assert first.status == ItemStatus.CLOSED and first.outcome == "adoptee"
    desk.post(f"/assemblees/{assembly.pk}/seance/points/{second.pk}/", {"step": "open"})
    holder = client_for(members[0].user)
    ballots = holder.get(f"/assemblees/{assembly.pk}/voter/").content.decode()
    assert "Procuration de Chloé Martin" in ballots or "Proxy of Chloé Martin" in ballots
    for voice in (members[0], members[2]):
        holder.post(f"/assemblees/{assembly.pk}/voter/", {"item": second.pk, "voice": voice.pk, "choice": "pour"})
    client_for(members[1].user).post(f"/assemblees/{assembly.pk}/voter/", {"item": second.pk, "voice": members[1].pk,
                                                                          "choice": "contre"})
    desk.post(f"/assemblees/{assembly.pk}/seance/points/{second.pk}/", {"step": "close"})
    second.refresh_from_db()
    assert (second.votes_for, second.votes_against) == (2, 1)
    desk.post(f"/assemblees/{assembly.pk}/seance/", {"step": "close"})
    response = desk.post(f"/assemblees/{assembly.pk}/proces-verbal/rediger/", {
        "president_name": "Awa Diallo", "secretary_name": "Sam Secrétaire", "summary": "Échanges sur le café.",
        f"debate_{first.pk}": "La présidente présente le rapport."})
    assert response.status_code == 302
    desk.post(f"/assemblees/{assembly.pk}/proces-verbal/rediger/", {"step": "finalise"})
    minutes = desk.get(f"/assemblees/{assembly.pk}/proces-verbal/").content.decode()
    assert "La présidente présente le rapport." in minutes and "Chloé Martin" in minutes
    client_for(members[0].user).post(f"/assemblees/{assembly.pk}/proces-verbal/signer/", {"role": "president"})
    desk.post(f"/assemblees/{assembly.pk}/proces-verbal/signer/", {"role": "secretary"})
    assembly.refresh_from_db()
    assert assembly.minutes_signed and assembly.minutes_file
    assert desk.get(f"/assemblees/{assembly.pk}/proces-verbal.pdf").getvalue().startswith(b"%PDF")
    odt = desk.get(f"/assemblees/{assembly.pk}/proces-verbal.odt")
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text" and odt.content.startswith(b"PK")


@pytest.fixture
def convened(place):
    organisation, staff = place
    member = add_member(organisation, "Awa Diallo")
    holder = add_member(organisation, "Bruno Petit")
    assembly = make_assembly(organisation, staff)
    from assemblies.services.preparation import document_add

    document = document_add(assembly=assembly, user=staff, title="Rapport moral",
                            upload=SimpleUploadedFile("rapport.pdf", SECRET_DOCUMENT))
    return organisation, staff, assembly, member, holder, document


def test_members_only_documents_are_nobody_elses(convened):
    organisation, staff, assembly, member, holder, document = convened
    Assembly.objects.filter(pk=assembly.pk).update(online=True, online_link="https://visio.example.org/ag-secrete")
    url = f"/assemblees/{assembly.pk}/documents/{document.pk}/"
    lapsed = add_member(organisation, "Ancien", lapsed=True)
    resident = make_user("habitante")
    from participation.models import Membership

    Membership.objects.create(user=resident, organisation=organisation, role="habitant", status="accepted")
    for person in (None, resident, make_user("inconnue"), make_staff(OrganisationFactory(title="Ailleurs")),
                   lapsed.user):
        client = client_for(person)
        response = client.get(url)
        assert response.status_code == 404
        page = client.get(f"/assemblees/{assembly.pk}/").content.decode()
        assert url not in page and "Rapport moral" in page  # the agenda is public, not the document
        assert "ag-secrete" not in page  # nor the link to the online meeting
        assert client.get(f"/assemblees/{assembly.pk}/ma-convocation.pdf").status_code in (302, 403)
    for person in (member.user, staff):
        assert "ag-secrete" in client_for(person).get(f"/assemblees/{assembly.pk}/").content.decode()
        response = client_for(person).get(url)
        assert response.status_code == 200 and b"RAPPORT-MORAL-CONFIDENTIEL" in b"".join(response.streaming_content)


def test_a_draft_assembly_is_its_staffs_only(place):
    organisation, staff = place
    member = add_member(organisation)
    draft = make_assembly(organisation, staff, convene=False)
    for person in (None, member.user, make_staff(OrganisationFactory(title="Ailleurs"))):
        client = client_for(person)
        assert client.get(f"/assemblees/{draft.pk}/").status_code == 404
        assert draft.title not in client.get(f"/assemblees/organisations/{organisation.pk}/").content.decode()
    assert client_for(staff).get(f"/assemblees/{draft.pk}/").status_code == 200


def test_the_staff_pages_refuse_everyone_else(convened):
    organisation, staff, assembly, member, holder, document = convened
    other_staff = make_staff(OrganisationFactory(title="Un autre centre"))
    pages = ["modifier/", "ordre-du-jour/", "convocation/", "convocations.pdf", "pouvoirs/", "emargement/",
             "emargement.pdf", "seance/", "proces-verbal/rediger/"]
    for person in (member.user, other_staff):
        client = client_for(person)
        for page in pages:
            assert client.get(f"/assemblees/{assembly.pk}/{page}").status_code == 403, (person, page)
        assert client.post(f"/assemblees/{assembly.pk}/emargement/pointer/",
                           {"action": "arrive", "member": member.pk}).status_code == 403
        assert client.post(f"/assemblees/{assembly.pk}/pouvoirs/", {"giver": member.pk,
                                                                     "holder": holder.pk}).status_code == 403
    assert client_for(other_staff).get(f"/assemblees/organisations/{organisation.pk}/statuts/").status_code == 403
    assert not Proxy.objects.exists()


def test_revoking_or_giving_after_the_opening_is_refused_on_the_page(convened):
    organisation, staff, assembly, member, holder, document = convened
    page = client_for(member.user)
    page.post(f"/assemblees/{assembly.pk}/pouvoir/", {"holder": holder.pk})
    door.attendance_arrive(assembly=assembly, user=staff, member=holder)
    session.assembly_open(assembly=assembly, user=staff, president=holder, president_name="",
                          secretary_name="Sam")
    response = page.post(f"/assemblees/{assembly.pk}/pouvoir/", {"revoke": "1"}, follow=True)
    assert Proxy.objects.get().revoked_at is None
    assert re.search("ouverte|is open", response.content.decode())
    response = page.post(f"/assemblees/{assembly.pk}/pouvoir/", {"holder": holder.pk}, follow=True)
    assert re.search("ouverte|is open", response.content.decode()) and Proxy.objects.count() == 1
    stranger = client_for(make_user("passante"))
    assert stranger.post(f"/assemblees/{assembly.pk}/pouvoir/", {"holder": holder.pk}).status_code == 403


def test_a_proxy_to_someone_outside_the_register_is_refused_on_the_page(convened):
    organisation, staff, assembly, member, holder, document = convened
    stranger = add_member(OrganisationFactory(title="Ailleurs"), "Étrangère")
    response = client_for(member.user).post(f"/assemblees/{assembly.pk}/pouvoir/", {"holder": stranger.pk})
    assert response.status_code == 400 and not Proxy.objects.exists()


def test_voting_twice_with_a_proxy_through_the_page_counts_once(convened):
    organisation, staff, assembly, member, holder, document = convened
    from assemblies.services.preparation import item_save

    proxies.proxy_give(assembly=assembly, user=member.user, holder=holder)
    item = item_save(assembly=assembly, user=staff, kind="budget", title="Budget", method="electronique")
    door.attendance_arrive(assembly=assembly, user=staff, member=holder)
    session.assembly_open(assembly=assembly, user=staff, president=holder, president_name="", secretary_name="Sam")
    item.assembly = assembly
    session.vote_open(item=item, user=staff)
    phone = client_for(holder.user)
    for _ in range(3):
        phone.post(f"/assemblees/{assembly.pk}/voter/", {"item": item.pk, "voice": member.pk, "choice": "pour"})
    late = client_for(member.user)
    door.attendance_arrive(assembly=assembly, user=staff, member=member)
    late.post(f"/assemblees/{assembly.pk}/voter/", {"item": item.pk, "voice": member.pk, "choice": "contre"})
    from assemblies.models import VoiceRecord

    assert VoiceRecord.objects.filter(item=item).count() == 1


def test_the_screen_and_its_socket_are_for_members_and_staff(convened):
    organisation, staff, assembly, member, holder, document = convened
    assert client_for(None).get(f"/assemblees/{assembly.pk}/ecran/").status_code == 403
    assert client_for(make_user("passante")).get(f"/assemblees/{assembly.pk}/ecran/").status_code == 403
    assert client_for(member.user).get(f"/assemblees/{assembly.pk}/ecran/").status_code == 200
    assert client_for(member.user).get(f"/assemblees/{assembly.pk}/ecran/salle/").status_code == 200


def test_the_minutes_are_for_members_once_drawn_up(convened):
    organisation, staff, assembly, member, holder, document = convened
    door.attendance_arrive(assembly=assembly, user=staff, member=holder)
    session.assembly_open(assembly=assembly, user=staff, president=holder, president_name="", secretary_name="Sam")
    session.assembly_close(assembly=assembly, user=staff)
    url = f"/assemblees/{assembly.pk}/proces-verbal/"
    assert client_for(member.user).get(url).status_code == 404
    assert client_for(staff).get(url).status_code == 200
    from assemblies.services.minutes import minutes_finalise

    minutes_finalise(assembly=assembly, user=staff)
    assert client_for(member.user).get(url).status_code == 200
    for person in (None, make_user("passant"), make_staff(OrganisationFactory(title="Ailleurs"))):
        for address in (url, f"{url[:-1]}.pdf".replace("proces-verbal.pdf", "proces-verbal.pdf"),
                        f"/assemblees/{assembly.pk}/proces-verbal.odt"):
            assert client_for(person).get(address).status_code == 404, (person, address)
