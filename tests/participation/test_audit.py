"""The audit log (issue 19): what staff do to roles, the register and
comments is written with its before and after, and only the
organisation's administrators read and export it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from committees.services import (
    committee_member_answer,
    committee_member_remove,
    committee_member_role_set,
    committee_request,
)
from participation.models import AuditAction, AuditEntry, Membership, MembershipStatus, RegisterMember
from participation.services import comment_moderate, comment_post, membership_answer, moderation_policy_set
from participation.services import register as register_services
from privacy.services import account_erase
from tests.cms.factories import OrganisationFactory
from tests.queries import page_queries

from .conftest import make_committee, make_staff, make_user, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(organisation):
    return make_staff(organisation, "admin-cerisiers", role="administrateur")


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def _member(organisation, staff, **fields):
    return register_services.register_member_add(organisation=organisation, user=staff,
                                                 **{"name": "Camille Martin", **fields})


def test_a_role_decision_is_recorded_with_before_and_after(organisation, staff, resident):
    request = Membership.objects.create(user=resident, organisation=organisation, role="benevole",
                                        status=MembershipStatus.PENDING)
    membership_answer(membership=request, by=staff, accept=True, answer="Bienvenue")
    [entry] = _entries(AuditAction.ROLE_ACCEPTED)
    assert (entry.organisation_id, entry.actor, entry.actor_role) == (organisation.pk, staff, "salarie")
    assert entry.object_id == str(resident.pk) and entry.object_label == str(resident)
    assert entry.before == {"role": "benevole", "status": "pending"}
    assert entry.after == {"role": "benevole", "status": "accepted", "answer": "Bienvenue"}


def test_register_changes_are_recorded(organisation, staff, resident):
    member = _member(organisation, staff, note="première")
    [added] = _entries(AuditAction.REGISTER_ADDED)
    assert added.after["name"] == "Camille Martin" and added.object_id == str(member.pk)
    assert len(_entries(AuditAction.REGISTER_PERIOD)) == 1
    member.organisation = organisation
    register_services.register_member_update(member=member, user=staff, name="Camille Martin", note="seconde")
    [changed] = _entries(AuditAction.REGISTER_CHANGED)
    assert (changed.before, changed.after) == ({"note": "première"}, {"note": "seconde"})
    register_services.register_member_link(member=member, user=staff, account=resident)
    [linked] = _entries(AuditAction.REGISTER_LINKED)
    assert (linked.before, linked.after) == ({"account": None}, {"account": resident.pk})
    register_services.register_member_delete(member=member, user=staff)
    [deleted] = _entries(AuditAction.REGISTER_DELETED)
    assert deleted.before["note"] == "seconde" and deleted.before["account"] == resident.pk


def test_an_unchanged_save_writes_nothing(organisation, staff):
    member = _member(organisation, staff)
    member.organisation = organisation
    register_services.register_member_update(member=member, user=staff, name="Camille  Martin")
    assert not _entries(AuditAction.REGISTER_CHANGED)


def test_a_refused_change_is_not_recorded(organisation, resident):
    with pytest.raises(PermissionDenied):
        _member(organisation, resident)
    assert not AuditEntry.objects.exists()


def test_the_register_export_and_import_are_recorded(organisation, staff):
    _member(organisation, staff)
    header, rows = register_services.register_export(organisation=organisation, user=staff, file_format="csv")
    [exported] = _entries(AuditAction.REGISTER_EXPORTED)
    assert exported.after == {"format": "csv", "rows": len(rows)} and exported.actor == staff
    content = b"nom;email\r\nDominique Petit;dominique@example.org\r\n"
    register_services.register_import(organisation=organisation, user=staff, content=content, filename="a.csv",
                                      dry_run=True)
    assert not _entries(AuditAction.REGISTER_IMPORTED)
    register_services.register_import(organisation=organisation, user=staff, content=content, filename="a.csv")
    [imported] = _entries(AuditAction.REGISTER_IMPORTED)
    assert imported.after["created"] == 1 and imported.object_label == "a.csv"


def test_the_register_download_is_recorded_through_the_page(organisation, staff):
    client = Client()
    client.force_login(staff)
    assert client.get(f"/organisations/{organisation.pk}/registre/registre.xlsx").status_code == 200
    assert _entries(AuditAction.REGISTER_EXPORTED)[0].after["format"] == "xlsx"


def test_moderation_is_recorded(organisation, staff, resident, action):
    comment = comment_post(user=resident, target=action, text="Un avis tranché")
    comment_moderate(comment=comment, moderator=staff, action="hide", reason="Injurieux")
    [entry] = _entries(AuditAction.COMMENT_MODERATED)
    assert entry.before == {"state": "public"}
    assert entry.after == {"state": "hidden", "action": "hide", "reason": "Injurieux"}
    assert "Un avis tranché" not in entry.object_label


def test_the_pre_moderation_switch_is_recorded(organisation, staff):
    moderation_policy_set(organisation=organisation, moderator=staff, pre_moderation=True)
    [entry] = _entries(AuditAction.MODERATION_POLICY)
    assert (entry.before, entry.after) == ({"pre_moderation": False}, {"pre_moderation": True})


def test_animators_decisions_on_committee_seats_are_recorded(organisation, staff, resident):
    committee = make_committee(organisation, "Comité jeunesse")
    animator = make_user("animatrice")
    Membership.objects.create(user=animator, organisation=organisation, role="benevole", status="accepted")
    seat(committee, animator, role="animateur")
    Membership.objects.create(user=resident, organisation=organisation, role="habitant", status="accepted")
    request = committee_request(user=resident, committee=committee)
    committee_member_answer(by=animator, seat=request, accept=True)
    committee_member_role_set(by=animator, seat=request, role="animateur")
    committee_member_remove(by=staff, seat=request)
    entries = list(AuditEntry.objects.filter(action=AuditAction.COMMITTEE_SEAT).order_by("pk"))
    assert [(e.actor, e.actor_role) for e in entries] == [(animator, "animateur")] * 2 + [(staff, "salarie")]
    assert [(e.before.get("status"), e.after.get("status"), e.after.get("role")) for e in entries] == [
        ("pending", "accepted", "membre"), ("accepted", "accepted", "animateur"), ("accepted", None, None)]
    assert all(e.object_id == str(resident.pk) and e.before["committee"] == "Comité jeunesse" for e in entries)


# The page


def test_only_the_organisations_administrators_read_the_log(organisation, staff, administrator, resident):
    _member(organisation, staff, name="Marqueur Journal")
    other_administrator = make_staff(OrganisationFactory(title="Ailleurs"), "admin-ailleurs", role="administrateur")
    for person, status in ((administrator, 200), (staff, 403), (resident, 403), (other_administrator, 403)):
        client = Client()
        client.force_login(person)
        page = client.get(f"/organisations/{organisation.pk}/journal-d-audit/")
        export = client.get(f"/organisations/{organisation.pk}/journal-d-audit.csv")
        assert (page.status_code, export.status_code) == (status, status), person
        assert (b"Marqueur Journal" in page.content) == (status == 200)
    assert Client().get(f"/organisations/{organisation.pk}/journal-d-audit/").status_code == 302


def test_the_log_is_searched_filtered_and_exported(organisation, staff, administrator, resident):
    _member(organisation, staff, name="Alix Dupuis")
    _member(organisation, administrator, name="Bilal Haddad")
    client = Client()
    client.force_login(administrator)
    url = f"/organisations/{organisation.pk}/journal-d-audit/"
    assert b"Bilal Haddad" not in client.get(url, {"q": "Alix"}).content
    by_staff = client.get(url, {"actor": staff.pk, "action": AuditAction.REGISTER_ADDED}).content
    assert b"Alix Dupuis" in by_staff and b"Bilal Haddad" not in by_staff
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert b"Alix Dupuis" not in client.get(url, {"since": tomorrow}).content
    assert b"Alix Dupuis" in client.get(url, {"actor": "pas un nombre"}).content
    export = client.get(f"/organisations/{organisation.pk}/journal-d-audit.csv", {"q": "Bilal"})
    text = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "Bilal Haddad" in text and "Alix Dupuis" not in text


def test_the_log_page_reads_in_constant_queries(organisation, staff, administrator):
    client = Client()
    client.force_login(administrator)
    url = f"/organisations/{organisation.pk}/journal-d-audit/"
    _member(organisation, staff, name="Une")
    few = page_queries(client, url)
    for index in range(8):
        _member(organisation, make_staff(organisation, f"salarie-{index}"), name=f"Personne {index}")
    assert page_queries(client, url) == few


# Erasure


def test_an_erased_actor_and_subject_lose_their_names(organisation, staff, administrator, resident):
    request = Membership.objects.create(user=resident, organisation=organisation, role="benevole",
                                        status=MembershipStatus.PENDING)
    resident_name = str(resident)
    membership_answer(membership=request, by=staff, accept=True)
    staff_name = str(staff)
    account_erase(person=resident, by=resident, contributions="garder")
    account_erase(person=staff, by=staff, contributions="garder")
    entry = AuditEntry.objects.get(action=AuditAction.ROLE_ACCEPTED)
    assert entry.actor_id == staff.pk and entry.actor_role == "salarie"
    assert entry.object_label == f"#{resident.pk}" and entry.before == entry.after == {}
    client = Client()
    client.force_login(administrator)
    page = client.get(f"/organisations/{organisation.pk}/journal-d-audit/").content.decode()
    assert "Compte supprimé" in page
    assert resident_name not in page and staff_name not in page


def test_an_erasure_at_the_accueil_is_recorded(organisation, staff):
    person = make_user("visiteur-accueil")
    Membership.objects.create(user=person, organisation=organisation, role="habitant", status="accepted")
    account_erase(person=person, by=staff, contributions="garder", reason="Demande au guichet",
                  organisation=organisation)
    [entry] = _entries(AuditAction.ACCOUNT_ERASED)
    assert entry.actor == staff and entry.object_label == f"#{person.pk}"
    assert entry.after["reason"] == "Demande au guichet" and "memberships_ended" in entry.after
    assert not RegisterMember.objects.exists()
