"""The accueil (issue 22): an organisation's staff and volunteers record a
comment, a support, an offer to help or a comité request on behalf of a
person who is there (with or without an account, from the register or
added), with their consent; it shows "recueilli à l'accueil", the bilan
counts it with the online ones, and who recorded it is kept. Nobody else
passes any of its doors."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilan import sources
from bilan.counting import bilan_compute
from committees.models import CommitteeMember
from participation.models import AccueilPerson, Comment, Membership, Origin, RegisterMember
from participation.services.accueil import accueil_comment, accueil_person_add
from projects.models import HelpOffer, Project, Support
from projects.services import project_support
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import (  # noqa: F401 - fixtures
    action,
    axis,
    make_committee,
    make_staff,
    make_user,
    organisation,
    plan,
    resident,
    staff,
)
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db
CONSENT = "Cochez la case une fois que la personne a accepté"
PROPOSAL = {"title": "Un atelier couture", "summary": "Coudre ensemble le jeudi.",
            "description": "Avec les machines du centre.", "consent": "on"}


def volunteer_of(organisation, name="benevole", status="accepted"):
    user = make_user(name)
    Membership.objects.create(user=user, organisation=organisation, role="benevole", status=status)
    return user


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def someone(organisation, staff):
    """A person without an account, added at the accueil."""
    return accueil_person_add(by=staff, organisation=organisation, name="  Madame   Diallo ")


@pytest.fixture
def open_project(organisation):
    return make_project(organisation, make_user("porteuse"), title="Un repair café")


def person_url(organisation, person):
    return reverse("participation:accueil_person", args=[organisation.pk, person.pk])


def value_of(target) -> str:
    """What the "About" list sends for a target."""
    from django.contrib.contenttypes.models import ContentType

    return f"{ContentType.objects.get_for_model(target).pk}-{target.pk}"


def test_a_person_without_an_account_cannot_sign_in(someone, organisation, staff):
    assert str(someone) == "Madame Diallo" and not someone.has_usable_password() and someone.email == ""
    assert AccueilPerson.objects.get(user=someone).created_by == staff
    with pytest.raises(ValidationError):
        accueil_person_add(by=staff, organisation=organisation, name="   ")


def test_a_register_entry_without_an_account_is_the_same_person_each_time(organisation, staff, client):
    entry = RegisterMember.objects.create(organisation=organisation, name="Jeanne Martin")
    client.force_login(staff)
    url = reverse("participation:accueil_from_register", args=[organisation.pk, entry.pk])
    first, second = client.post(url), client.post(url)
    person = AccueilPerson.objects.get(register_member=entry).user
    assert first.url == second.url == person_url(organisation, person)
    assert str(person) == "Jeanne Martin"
    found = client.get(reverse("participation:accueil", args=[organisation.pk]), {"q": "jeanne"})
    assert person_url(organisation, person) in found.content.decode()


def test_a_register_entry_with_an_account_is_that_account(organisation, staff, resident):
    entry = RegisterMember.objects.create(organisation=organisation, name="Amina", user=resident)
    assert accueil_person_add(by=staff, organisation=organisation, register_member=entry) == resident


def test_only_its_staff_and_volunteers_pass_every_door(organisation, staff, someone, open_project, resident):
    committee = make_committee(organisation, "Comité jardin")
    other_staff = make_staff(OrganisationFactory(title="Un autre centre"), "ailleurs")
    pending_volunteer = volunteer_of(organisation, "pas-encore", status="pending")
    entry = RegisterMember.objects.create(organisation=organisation, name="Inscrite")
    doors = [
        ("get", reverse("participation:accueil", args=[organisation.pk]), {}),
        ("post", reverse("participation:accueil", args=[organisation.pk]), {"name": "Quelqu’un"}),
        ("post", reverse("participation:accueil_from_register", args=[organisation.pk, entry.pk]), {}),
        ("get", person_url(organisation, someone), {}),
        ("post", person_url(organisation, someone), {"comment-target": "1", "comment-text": "x",
                                                      "comment-consent": "on"}),
        ("post", reverse("projects:accueil_support", args=[organisation.pk, someone.pk]),
         {"support-project": open_project.pk, "support-consent": "on"}),
        ("post", reverse("projects:accueil_help", args=[organisation.pk, someone.pk]),
         {"help-project": open_project.pk, "help-consent": "on"}),
        ("post", reverse("committees:accueil_request", args=[organisation.pk, someone.pk]),
         {"committee-committee": committee.pk, "committee-consent": "on"}),
        ("get", reverse("projects:accueil_propose", args=[organisation.pk, someone.pk]), {}),
        ("post", reverse("projects:accueil_propose", args=[organisation.pk, someone.pk]), PROPOSAL),
    ]
    for user in (None, resident, other_staff, pending_volunteer):
        client = client_of(user)
        for method, url, data in doors:
            response = getattr(client, method)(url, data)
            expected = {302} if user is None else {403}
            assert response.status_code in expected, (user, method, url, response.status_code)
            if user is None:
                assert "/compte/login/" in response.url
    assert not Support.objects.exists() and not HelpOffer.objects.exists()
    assert not CommitteeMember.objects.exists() and not Comment.objects.exists()
    assert not Project.objects.exclude(pk=open_project.pk).exists()
    assert AccueilPerson.objects.count() == 1
    for user in (staff, volunteer_of(organisation)):
        assert client_of(user).get(person_url(organisation, someone)).status_code == 200


def test_only_the_people_of_the_organisation_are_recorded_for(organisation, staff, client):
    elsewhere = OrganisationFactory(title="Ailleurs")
    stranger = make_user("inconnue")
    theirs = accueil_person_add(by=make_staff(elsewhere), organisation=elsewhere, name="D’ailleurs")
    client.force_login(staff)
    for person in (stranger, theirs):
        assert client.get(person_url(organisation, person)).status_code == 404


def test_a_comment_needs_the_consent_and_shows_it_was_recorded_at_the_accueil(organisation, staff, someone,
                                                                             action, client):
    client.force_login(staff)
    url = person_url(organisation, someone)
    refused = client.post(url, {"comment-target": value_of(action), "comment-text": "Plus de bancs au jardin."})
    assert refused.status_code == 400 and CONSENT in refused.content.decode()
    assert not Comment.objects.exists()
    response = client.post(url, {"comment-target": value_of(action), "comment-text": "Plus de bancs au jardin.",
                                 "comment-consent": "on"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.user, comment.origin, comment.recorded_by) == (someone, Origin.ACCUEIL, staff)
    page = Client().get(action.url).content.decode()
    assert "Plus de bancs au jardin." in page and "Recueilli à l’accueil" in page and "Madame Diallo" in page


def test_a_comment_goes_only_on_the_organisation_s_own_pages(organisation, staff, someone):
    other_action = ActionFactory(parent=AxisFactory(parent=PlanFactory(parent=OrganisationFactory())))
    with pytest.raises(PermissionDenied):
        accueil_comment(by=staff, organisation=organisation, person=someone, target=other_action, text="Oui",
                        consent=True)


def test_support_and_help_offer_are_recorded_with_who_recorded_them(organisation, staff, someone, open_project,
                                                                    client):
    volunteer = volunteer_of(organisation)
    client.force_login(volunteer)
    response = client.post(reverse("projects:accueil_support", args=[organisation.pk, someone.pk]),
                           {"support-project": open_project.pk})
    assert response.status_code == 302 and not Support.objects.exists()  # no consent
    client.post(reverse("projects:accueil_support", args=[organisation.pk, someone.pk]),
                {"support-project": open_project.pk, "support-consent": "on"})
    client.post(reverse("projects:accueil_help", args=[organisation.pk, someone.pk]),
                {"help-project": open_project.pk, "help-message": "Je sais souder.", "help-consent": "on"})
    support, offer = Support.objects.get(), HelpOffer.objects.get()
    assert (support.user, support.origin, support.recorded_by) == (someone, Origin.ACCUEIL, volunteer)
    assert (offer.user, offer.origin, offer.recorded_by, offer.message) == (someone, Origin.ACCUEIL, volunteer,
                                                                          "Je sais souder.")
    page = client.get(person_url(organisation, someone)).content.decode()
    assert "soutenu" in page


def test_no_support_for_a_project_of_one_s_own_or_of_another_organisation(organisation, staff, someone):
    mine = make_project(organisation, someone, title="Le mien")
    theirs = make_project(OrganisationFactory(), make_user("autre"), title="Ailleurs")
    for project in (mine, theirs):
        with pytest.raises(PermissionDenied):
            project_support(user=someone, project=project, recorded_by=staff, consent=True)


def test_committee_requests_on_request_open_and_by_designation(organisation, staff, someone, client):
    on_request = make_committee(organisation, "Comité senior")
    open_ = make_committee(organisation, "Comité jardin", policy="ouvert")
    designated = make_committee(organisation, "Conseil", policy="sur_designation")
    client.force_login(staff)
    url = reverse("committees:accueil_request", args=[organisation.pk, someone.pk])
    for committee in (on_request, open_, designated):
        client.post(url, {"committee-committee": committee.pk, "committee-consent": "on",
                          "committee-message": "Le mardi seulement."})
    seats = {seat.committee_id: seat for seat in CommitteeMember.objects.all()}
    assert seats[on_request.pk].status == "pending" and seats[open_.pk].status == "accepted"
    assert designated.pk not in seats
    assert {(seat.origin, seat.recorded_by_id) for seat in seats.values()} == {(Origin.ACCUEIL, staff.pk)}
    client.post(url, {"committee-committee": on_request.pk, "committee-consent": "on"})  # no longer offered
    assert CommitteeMember.objects.filter(committee=on_request).count() == 1


def test_the_page_says_no_vote_on_someone_s_behalf(organisation, staff, someone, client):
    client.force_login(staff)
    page = client.get(person_url(organisation, someone)).content.decode()
    assert "Pas de vote au nom de quelqu’un" in page and "registre papier" in page


def test_the_bilan_counts_what_the_accueil_recorded_with_the_online_ones(organisation, staff, someone, action,
                                                                        open_project, resident):
    from participation.services import comment_post

    comment_post(user=resident, target=action, text="En ligne.")
    accueil_comment(by=staff, organisation=organisation, person=someone, target=action, text="À l’accueil.",
                    consent=True)
    project_support(user=someone, project=open_project, recorded_by=staff, consent=True)
    today = timezone.localdate()
    bilan = bilan_compute(organisation, today - timedelta(days=1), today + timedelta(days=1))
    origins = dict((origin, n) for origin, _label, n in bilan.origins)
    assert origins[sources.Origin.ACCUEIL] == 2 and origins[sources.Origin.ONLINE] >= 1
    row = next(row for row in bilan.kind_rows if row["kind"] == "comment")
    assert row["total"] == 2


def test_a_project_proposed_at_the_accueil_is_submitted_with_the_person_as_its_carrier(organisation, staff, someone,
                                                                                       client):
    client.force_login(staff)
    url = reverse("projects:accueil_propose", args=[organisation.pk, someone.pk])
    refused = client.post(url, {**PROPOSAL, "consent": ""})
    assert refused.status_code == 400 and CONSENT in refused.content.decode()
    assert "Coudre ensemble le jeudi." in refused.content.decode()  # the text is kept
    assert client.post(url, PROPOSAL).status_code == 302
    project = Project.objects.get(title="Un atelier couture")
    assert (project.status, project.created_by, project.origin, project.recorded_by) == (
        "depose", someone, Origin.ACCUEIL, staff)
    assert list(project.authors.values_list("user", flat=True)) == [someone.pk]
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "Recueilli à l’accueil" in page and "Madame Diallo" in page
    today = timezone.localdate()
    bilan = bilan_compute(organisation, today - timedelta(days=1), today + timedelta(days=1))
    row = next(row for row in bilan.kind_rows if row["kind"] == "project")
    assert row["total"] == 1 and dict((o, n) for o, _label, n in bilan.origins)[sources.Origin.ACCUEIL] == 1


def test_a_person_without_an_account_may_ask_the_accueil_to_be_forgotten(organisation, staff, someone):
    """Issue 19's deletion at the accueil reaches the people it recorded
    without an account: their name goes, what they said stays anonymous."""
    from privacy.services import account_erase

    comment = accueil_comment(by=staff, organisation=organisation, person=someone,
                              target=ActionFactory(parent=AxisFactory(parent=PlanFactory(parent=organisation))),
                              text="Plus de bancs dans le parc.", consent=True)
    other = make_staff(OrganisationFactory(title="Centre voisin", slug="voisin"), "voisine")
    with pytest.raises(PermissionDenied):
        account_erase(person=someone, by=other, organisation=organisation, contributions="garder", reason="Demande")
    account_erase(person=someone, by=staff, organisation=organisation, contributions="garder",
                  reason="Demande faite à l'accueil")
    someone.refresh_from_db()
    assert someone.is_erased and "Diallo" not in str(someone)
    assert not AccueilPerson.objects.filter(user=someone).exists()
    assert Comment.objects.get(pk=comment.pk).comment == "Plus de bancs dans le parc."


def test_what_the_accueil_records_goes_to_the_audit_log_and_leaves_with_the_person(organisation, staff, someone,
                                                                                    open_project, client):
    """Issue 19's audit log keeps who recorded what in whose name; deleting
    the person's account leaves neither their name nor what it was about."""
    from participation.models import AuditAction, AuditEntry
    from privacy.services import account_erase

    volunteer = volunteer_of(organisation)
    client.force_login(volunteer)
    client.post(reverse("projects:accueil_support", args=[organisation.pk, someone.pk]),
                {"support-project": open_project.pk, "support-consent": "on"})
    client.post(reverse("projects:accueil_help", args=[organisation.pk, someone.pk]),
                {"help-project": open_project.pk, "help-message": "Je sais souder.", "help-consent": "on"})
    client.post(reverse("committees:accueil_request", args=[organisation.pk, someone.pk]),
                {"committee-committee": make_committee(organisation, "Comité jardin", policy="ouvert").pk,
                 "committee-consent": "on"})
    client.post(reverse("projects:accueil_propose", args=[organisation.pk, someone.pk]), PROPOSAL)
    client.post(reverse("projects:accueil_support", args=[organisation.pk, someone.pk]),
                {"support-project": open_project.pk})  # no consent: nothing written, nothing logged
    entries = AuditEntry.objects.filter(action=AuditAction.ACCUEIL_RECORDED).order_by("pk")
    assert [(e.actor, e.organisation_id, e.object_id, e.object_label, e.after) for e in entries] == [
        (volunteer, organisation.pk, str(someone.pk), "Madame Diallo", {"what": what, "on": on})
        for what, on in [("un soutien", "Un repair café"), ("une proposition d’aide", "Un repair café"),
                         ("une place dans un comité", "Comité jardin"),
                         ("une proposition de projet", "Un atelier couture")]]
    account_erase(person=someone, by=staff, organisation=organisation, contributions="garder", reason="Demande")
    assert not AuditEntry.objects.filter(action=AuditAction.ACCUEIL_RECORDED).exclude(after={}).exists()
    assert not AuditEntry.objects.filter(object_label__contains="Diallo").exists()


def test_the_accueil_comments_on_a_project_or_a_piece_of_news_of_the_organisation_only(
        organisation, staff, someone, action, open_project, client):
    from journal.services import entry_create

    entry = entry_create(user=staff, action=action, date=timezone.localdate(), text="Atelier tenu samedi.")
    other = OrganisationFactory(title="Un autre centre")
    elsewhere = make_project(other, make_user("ailleurs"), title="Projet d'ailleurs")
    client.force_login(staff)
    url = person_url(organisation, someone)
    page = client.get(url).content.decode()
    for label in ("Projets d’habitant·es", "Nouvelles du plan", "Un repair café", value_of(entry), value_of(action)):
        assert label in page, label
    assert "Projet d&#x27;ailleurs" not in page and value_of(elsewhere) not in page
    for target, text in ((open_project, "Je viendrai réparer des vélos."), (entry, "Bravo pour l’atelier !")):
        response = client.post(url, {"comment-target": value_of(target), "comment-text": text,
                                     "comment-consent": "on"})
        assert response.status_code == 302
        comment = Comment.objects.get(comment=text)
        assert (comment.content_object, comment.user, comment.origin, comment.recorded_by) == (
            target, someone, Origin.ACCUEIL, staff)
    # Another organisation's project, or a made-up value, is not in the list: refused, nothing written.
    for value in (value_of(elsewhere), "999999-1", "nimportequoi"):
        response = client.post(url, {"comment-target": value, "comment-text": "Ailleurs",
                                     "comment-consent": "on"})
        assert response.status_code == 400
    assert not Comment.objects.filter(comment="Ailleurs").exists()
    with pytest.raises(PermissionDenied):
        accueil_comment(by=staff, organisation=organisation, person=someone, target=elsewhere, text="Non",
                        consent=True)
