"""Every permission of every app, for every kind of person (issue 17): the
grid below is what each may do, and a permission registered without a line
in it fails the test, so that a new one is decided on purpose. Then each
list agrees with its detail pages: a person sees in a list exactly the
objects whose page they may open."""

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from assemblies.models import Assembly, Statutes
from assemblies.selectors import organisation_assemblies
from assemblies.services import preparation as assembly_preparation
from assemblies.services.convocation import assembly_convene
from cms.models import OrganisationPage
from committees.models import Committee, CommitteeMember, Meeting
from committees.selectors import committee_access, organisation_feed, person_feed
from consultations import services as consultation_services
from consultations.models import Consultation, Method
from consultations.selectors import committee_consultations, consultation_index, managed_drafts, plan_item_consultations
from journal.services import entry_create
from participation.models import Membership, RegisterMember, Subscription
from participation.selectors.moderation import is_moderator, moderated_organisations
from participation.services import comment_post, membership_request
from projects.models import Project
from projects.selectors import ListFilters, my_projects, project_list, review_list
from projects.services import project_create
from projects.services.lifecycle import project_hide
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_staff, make_user

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "unconfirmed", "resident", "member", "committee_member", "animator", "secretary", "staff",
         "administrator", "other_staff", "superuser")
EVERYONE_SIGNED_IN = {"unconfirmed", "resident", "member", "committee_member", "animator", "secretary", "staff",
                      "administrator", "other_staff", "superuser"}
VERIFIED = EVERYONE_SIGNED_IN - {"unconfirmed"}
STAFF = {"staff", "administrator", "superuser"}


@pytest.fixture
def world():
    """A centre social, its plan, a public comité, a consultation it runs, a
    resident's project and comment, a role request; and a person of each kind."""
    organisation = OrganisationFactory(title="Centre social de la grille")
    plan = PlanFactory(parent=organisation)
    action = ActionFactory(parent=AxisFactory(parent=plan))
    committee = Committee.objects.create(organisation=organisation, name="Comité jardin", slug="jardin",
                                         kind="comite_thematique", membership_policy="sur_demande")
    superuser = make_user("racine")
    superuser.is_superuser = True
    superuser.save()
    people = {
        "visitor": AnonymousUser(),
        "unconfirmed": make_user("nonconfirmee", verified=False),
        "resident": make_user("habitante"),
        "member": make_user("adherente"),
        "committee_member": make_user("jardiniere"),
        "animator": make_user("animatrice"),
        "secretary": make_user("secretaire"),
        "staff": make_staff(organisation, "salariee"),
        "administrator": make_staff(organisation, "administratrice", role="administrateur"),
        "other_staff": make_staff(OrganisationFactory(title="Un autre centre"), "ailleurs"),
        "superuser": superuser,
    }
    for name in ("resident", "unconfirmed"):
        Membership.objects.create(user=people[name], organisation=organisation, role="habitant", status="accepted")
    register_entry = RegisterMember.objects.create(organisation=organisation, user=people["member"], name="Adhérente")
    today = timezone.localdate()
    Subscription.objects.create(member=register_entry, starts_on=today - timedelta(days=10),
                                ends_on=today + timedelta(days=300))
    for name, role in (("committee_member", "membre"), ("animator", "animateur"), ("secretary", "secretaire")):
        CommitteeMember.objects.create(committee=committee, user=people[name], role=role, status="accepted")
    consultation = consultation_services.consultation_create(
        user=people["staff"], organisation=organisation, committee=committee, title="Le jardin",
        opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() + timedelta(days=3),
        eligibility="adherents")
    consultation_services.question_save(consultation=consultation, user=people["staff"], text="Pour ?",
                                        method=Method.YES_NO, labels=[])
    consultation = consultation_services.consultation_open(consultation=consultation, user=people["staff"],
                                                           immediately=True)
    project = project_create(author=people["resident"], organisation=organisation, submit=True, fields={
        "title": "Un composteur", "summary": "Pour tous", "description": "Un composteur partagé."})
    comment = comment_post(user=people["resident"], target=action, text="Bonne idée")
    request = membership_request(user=people["committee_member"], organisation=organisation, role="benevole")
    assembly = _assembly(organisation, people["staff"])
    entry = entry_create(user=people["staff"], action=action, date=timezone.localdate(), text="Un atelier tenu.")
    objects = {"organisation": organisation, "committee": committee, "consultation": consultation,
               "project": project, "comment": comment, "action": action, "membership": request,
               "assembly": assembly, "entry": entry, "resident_account": people["resident"], None: None}
    return people, objects


def _assembly(organisation, staff, title="AG 2026", convene=True):
    """An assembly in a month, convened (the member up to date has a vote
    at it), its session not open yet."""
    statutes = Statutes.objects.filter(organisation=organisation).first() or Statutes.objects.create(
        organisation=organisation, title="Statuts")
    assembly = assembly_preparation.assembly_create(organisation=organisation, user=staff, statutes=statutes,
                                                    title=title, starts_at=timezone.now() + timedelta(days=30))
    assembly_preparation.item_save(assembly=assembly, user=staff, kind="rapport_moral", title="Rapport moral")
    if convene:
        assembly_convene(assembly=assembly, user=staff)
    return assembly


# permission -> (the object it is asked about, who has it). Django grants a
# superuser every permission; the services still check states and rules.
GRID = {
    # participation
    "participation.request_membership": (None, VERIFIED),
    "participation.answer_membership": ("membership", STAFF),
    "participation.view_membership_requests": ("organisation", STAFF),
    "participation.add_comment": ("action", VERIFIED),
    "participation.follow": ("action", VERIFIED),
    "participation.change_comment": ("comment", {"resident"}),
    "participation.delete_comment": ("comment", {"resident", "superuser"}),
    "participation.read_comment": ("comment", {"visitor"} | EVERYONE_SIGNED_IN),
    "participation.like_comment": ("comment", VERIFIED - {"resident"} | {"superuser"}),
    "participation.report_comment": ("comment", VERIFIED - {"resident"} | {"superuser"}),
    "participation.moderate_comment": ("comment", STAFF),
    "participation.moderate_organisation": ("organisation", STAFF),
    "participation.manage_register": ("organisation", STAFF),
    "participation.record_at_accueil": ("organisation", STAFF),
    # The audit log of what staff and animators did: the administrators only.
    "participation.view_audit_log": ("organisation", {"administrator", "superuser"}),
    # plans (the admin import, into the organisations one administers)
    "cms.import_plan": ("organisation", {"administrator", "superuser"}),
    # comités
    "committees.view_committee_content": ("committee", set(ROLES)),
    "committees.join_committee": ("committee", {"superuser"}),  # on request, not open
    "committees.request_committee": ("committee", VERIFIED - {"committee_member", "animator", "secretary"}),
    "committees.leave_committee": ("committee", {"committee_member", "animator", "secretary", "superuser"}),
    "committees.answer_meeting": ("committee", {"committee_member", "animator", "secretary", "superuser"}),
    "committees.manage_committee": ("committee", {"animator", "secretary"} | STAFF),
    # projects
    "projects.add_project": (None, VERIFIED),
    "projects.view_project": ("project", set(ROLES)),
    "projects.change_project": ("project", {"resident", "superuser"}),
    "projects.change_media": ("project", {"resident", "superuser"}),
    "projects.delete_project": ("project", {"superuser"}),  # submitted, not a draft
    "projects.invite_author": ("project", {"resident", "superuser"}),
    "projects.answer_invitation": ("project", {"superuser"}),
    "projects.support_project": ("project", VERIFIED - {"resident"} | {"superuser"}),
    "projects.offer_help": ("project", VERIFIED - {"resident"} | {"superuser"}),
    "projects.view_help_offers": ("project", {"resident"} | STAFF),
    "projects.print_poster": ("project", {"resident"} | STAFF),
    "projects.manage_project": ("project", STAFF),
    "projects.moderate_project": ("project", STAFF),
    "projects.review_projects": ("organisation", STAFF),
    "projects.manage_directory": ("organisation", STAFF),
    # Declared (an accepted role): the comité member's request is still pending.
    "projects.view_partner_contacts": ("organisation", {"resident", "unconfirmed"} | STAFF),
    # consultations (the members up to date vote: the register, not a declaration)
    "consultations.add_consultation": ("organisation", {"animator", "secretary"} | STAFF),
    "consultations.view_consultation": ("consultation", set(ROLES)),
    "consultations.manage_consultation": ("consultation", {"animator", "secretary"} | STAFF),
    "consultations.vote": ("consultation", {"member", "superuser"}),
    "consultations.vote_on_paper": ("consultation", {"member", "superuser"}),
    "consultations.view_results": ("consultation", {"superuser"}),  # shown once closed
    "consultations.enter_paper_ballots": ("consultation", STAFF),
    "consultations.view_log": ("organisation", STAFF),
    # assemblies (convened, not open yet): the member up to date has a vote at it
    "assemblies.manage_statutes": ("organisation", STAFF),
    "assemblies.add_assembly": ("organisation", STAFF),
    "assemblies.view_assembly": ("assembly", set(ROLES)),  # a convocation is no secret; its documents are
    "assemblies.manage_assembly": ("assembly", STAFF),
    "assemblies.view_documents": ("assembly", {"member"} | STAFF),
    "assemblies.give_proxy": ("assembly", {"member", "superuser"}),
    "assemblies.record_proxy": ("assembly", STAFF),
    "assemblies.keep_door": ("assembly", STAFF),  # and the volunteers the staff name (tests/assemblies)
    "assemblies.watch_room": ("assembly", {"member"} | STAFF),
    "assemblies.vote_in_room": ("assembly", {"superuser"}),  # once the session is open
    "assemblies.view_minutes": ("assembly", STAFF),  # members too, once drawn up
    "assemblies.sign_minutes": ("assembly", {"superuser"}),  # once drawn up
    # the journal of an action (the comité's animator writes where the comité pilots the action:
    # tests/journal/test_journal.py::test_who_may_write)
    "journal.add_entry": ("action", STAFF),
    "journal.manage_pilots": ("action", STAFF),
    "journal.change_entry": ("entry", STAFF),
    "journal.delete_entry": ("entry", STAFF),
    # the bilan: its staff; the public version once they publish it (not in this world)
    "bilan.view_bilan": ("organisation", STAFF),
    "bilan.view_public_bilan": ("organisation", STAFF),
    "bilan.manage_sharing": ("organisation", STAFF),
    "bilan.copy_plan": ("organisation", STAFF),
    "bilan.view_network": ("organisation", {"superuser"}),  # a centre without member organisations
    "privacy.erase_own_account": (None, EVERYONE_SIGNED_IN),
    "privacy.export_own_data": (None, EVERYONE_SIGNED_IN),
    # A person at the accueil (the resident): their organisation's staff, never another's.
    "privacy.erase_account": ("resident_account", STAFF),
}


def test_every_permission_is_in_the_grid():
    assert set(rules.permissions.permissions) == set(GRID), "decide who may do the new permission: add it to GRID"


def test_the_grid(world):
    people, objects = world
    wrong = []
    for perm, (target, allowed) in GRID.items():
        for role in ROLES:
            granted = people[role].has_perm(perm, objects[target])
            if granted != (role in allowed or role == "superuser"):
                wrong.append(f"{perm} for {role}: {'granted' if granted else 'refused'}")
    assert not wrong, "\n".join(wrong)


# --- Lists agree with pages -------------------------------------------------

@pytest.fixture
def crowded(world):
    """More of each kind, in each state: a members-only comité and its
    consultation, drafts by a runner and by the staff, a closed vote, a
    project draft and a hidden project, meetings in both comités."""
    people, objects = world
    organisation, committee, action = objects["organisation"], objects["committee"], objects["action"]
    closed_door = Committee.objects.create(organisation=organisation, name="Bureau", slug="bureau",
                                           kind="gouvernance", membership_policy="sur_designation",
                                           visibility="membres")
    CommitteeMember.objects.create(committee=closed_door, user=people["committee_member"], role="membre",
                                   status="accepted")
    now = timezone.now()

    def consultation(user, title, committee=None, publish=True, closed=False):
        made = consultation_services.consultation_create(
            user=user, organisation=organisation, committee=committee, title=title, actions=[action],
            opens_at=now - timedelta(days=5 if closed else 1), closes_at=now + timedelta(days=3))
        consultation_services.question_save(consultation=made, user=user, text="Pour ?", method=Method.YES_NO,
                                            labels=[])
        if publish:
            made = consultation_services.consultation_open(consultation=made, user=user, immediately=True)
        if closed:
            made = consultation_services.consultation_close(consultation=made, user=user)
        return made

    consultation(people["staff"], "Ouverte à tous")
    consultation(people["staff"], "Du bureau", committee=closed_door)
    consultation(people["staff"], "Brouillon des salariés", publish=False)
    consultation(people["animator"], "Brouillon de l'animatrice", committee=committee, publish=False)
    consultation(people["staff"], "Close", closed=True)
    project_create(author=people["resident"], organisation=organisation, fields={
        "title": "Un brouillon", "summary": "", "description": ""})
    hidden = project_create(author=people["committee_member"], organisation=organisation, submit=True, fields={
        "title": "Masqué", "summary": "Un résumé", "description": "Une description."})
    project_hide(user=people["staff"], project=hidden, reason="Hors sujet")
    for where in (committee, closed_door):
        Meeting.objects.create(committee=where, title=f"Réunion {where.name}", starts_at=now + timedelta(days=2),
                               ends_at=now + timedelta(days=2, hours=2))
    return people, objects


def _people(people):
    return [(role, people[role]) for role in ROLES]


def test_consultation_lists_show_what_each_may_open(crowded):
    people, _ = crowded
    every = list(Consultation.objects.all())
    for role, user in _people(people):
        may_open = {c.pk for c in every if user.has_perm("consultations.view_consultation", c)}
        listed = {c.pk for group in consultation_index(user, timezone.now()).values() for c in group}
        drafts = {c.pk for c in managed_drafts(user)}
        assert listed | drafts == may_open, role
        assert drafts == {c.pk for c in every if c.published_at is None
                          and user.has_perm("consultations.manage_consultation", c)}, role
        on_the_action = {c.pk for c in plan_item_consultations(crowded[1]["action"], user)}
        assert on_the_action == listed - {crowded[1]["consultation"].pk}, role  # the others are on the action


def test_committee_content_and_calendars_follow_the_rule(crowded):
    people, objects = crowded
    committees = list(Committee.objects.all())
    for role, user in _people(people):
        for committee in committees:
            allowed = user.has_perm("committees.view_committee_content", committee)
            assert committee_access(user, committee).can_view == allowed, (role, committee.name)
            consultations = {c.pk for c in committee_consultations(committee, user)}
            if not allowed:
                assert not consultations, (role, committee.name)
        if user.is_authenticated:
            for meeting in person_feed(user):
                assert user.has_perm("committees.view_committee_content", meeting.committee), role
    public_feed = organisation_feed(objects["organisation"])
    assert public_feed and all(meeting.committee.is_public for meeting in public_feed)


def test_project_lists_show_what_each_may_open(crowded):
    people, objects = crowded
    every = list(Project.objects.all())
    listed = {p.pk for p in project_list(ListFilters())}
    assert listed == {p.pk for p in every if AnonymousUser().has_perm("projects.view_project", p)}
    for role, user in _people(people):
        may_open = {p.pk for p in every if user.has_perm("projects.view_project", p)}
        assert listed <= may_open, role
        mine = set()
        if user.is_authenticated:
            lists = my_projects(user)
            mine = {p.pk for p in lists["carried"] + lists["supported"]}
            mine |= {seat.project_id for seat in lists["invitations"]}
        desk = set()
        if user.has_perm("projects.review_projects", objects["organisation"]):
            desk = {p.pk for group in review_list(objects["organisation"], 10).values() for p in group}
        if role == "superuser":  # Django lets them open anything, drafts included (as the admin does)
            assert may_open == {p.pk for p in every}
        else:
            assert listed | mine | desk == may_open, role


def test_moderation_lists_follow_the_rule(crowded):
    people, _ = crowded
    organisations = list(OrganisationPage.objects.all())
    for role, user in _people(people):
        if not user.is_authenticated:
            continue
        assert {o.pk for o in moderated_organisations(user)} == {
            o.pk for o in organisations if user.has_perm("participation.moderate_organisation", o)}, role
        assert is_moderator(user) == any(
            user.has_perm("participation.moderate_organisation", o) for o in organisations), role


def test_assembly_lists_show_what_each_may_open(crowded):
    people, objects = crowded
    organisation = objects["organisation"]
    _assembly(organisation, people["staff"], title="En préparation", convene=False)
    every = list(Assembly.objects.filter(organisation=organisation))
    for role, user in _people(people):
        listed = {a.pk for a in organisation_assemblies(organisation, user)}
        assert listed == {a.pk for a in every if user.has_perm("assemblies.view_assembly", a)}, role
