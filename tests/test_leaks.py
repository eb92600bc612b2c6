"""Members-only, private, pending and hidden content never leaves, through any door.

Marker texts are planted in everything that only some people may read: a
Wagtail-private branch of the plan (groups and password), a draft page,
comments awaiting moderation or hidden, a members-only comité's meetings,
agenda, minutes, documents and discussion, its consultation, a draft
consultation, a draft and a hidden project, the member register, people's
e-mail addresses, moderators' reasons, role requests, someone's
notifications, a paper register's note, partners' contacts (for the members
of the organisation only).

Then every URL pattern of the project is walked (GET, and POST with the
inputs that forms echo back) as people who must not read them: a visitor,
a resident of the organisation who is in no comité, and the staff of
another organisation. Every live page of the site and each of its
sub-routes is walked too. No response (pages, fragments, error pages,
exports, zipped spreadsheets, calendars, feeds, the sitemap, search) may
contain a marker, nor may any e-mail or notification sent to them.

A URL pattern that takes arguments must say here how to fill them
(`ARGUMENTS`): a new view without its line fails the walk, so that a new
door is never left out.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction

from committees.models import Committee, CommitteeMember, Meeting, MeetingDocument
from consultations import services as consultation_services
from consultations.models import Consultation, Method, PaperBatch, Question
from participation.models import (
    AuditAction,
    AuditEntry,
    Comment,
    Membership,
    ModerationPolicy,
    Notification,
    RegisterMember,
    Subscription,
)
from participation.services import comment_post
from projects.models import Partner, Project, Resource
from projects.services import project_create, project_hide
from tests.cms.factories import ActionFactory, AxisFactory, ObjectiveFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_staff, make_user

SEARCHED = "zorglub"  # a word every marker holds, so that search finds them all


PLANTED: set[str] = {
    # Markers inside addresses, links and numbers, written as they are.
    "leakmemberemail", "leakpartneremail", "leakregisteremail", "leakmeetinglink", "leakassemblylink", "LEAKNumber",
}


def planted(code: str) -> str:
    """A marker: the searched word (echoed by the search page, harmless) and
    a code that must never come out."""
    PLANTED.add(f"LEAK{code}")
    return f"{SEARCHED} LEAK{code}"


def _leak_pattern() -> re.Pattern:
    return re.compile(b"|".join(re.escape(marker.encode()) for marker in sorted(PLANTED, key=len, reverse=True)))

# What some of the walkers may read: the partners' contacts are for the
# people of the organisation (its declared residents included).
MEMBERS_OF_THE_ORGANISATION_MAY_READ = {"leakpartneremail", "LEAKPartnerContact"}


class World:
    """What the walk needs to fill URL arguments, and the people walking."""


def _build() -> World:
    w = World()
    now = timezone.now()
    w.organisation = organisation = OrganisationFactory(title="Centre social des Marqueurs", slug="marqueurs")
    w.other_organisation = OrganisationFactory(title="Centre voisin", slug="voisin")
    w.staff = make_staff(organisation, "salarie-marqueurs")
    w.resident = make_user("habitant-marqueurs")
    Membership.objects.create(user=w.resident, organisation=organisation, role="habitant", status="accepted")
    w.other_staff = make_staff(w.other_organisation, "salarie-voisin")
    w.member = make_user("membre-bureau")
    w.member.email = "leakmemberemail@example.org"
    w.member.save()
    w.member.emailaddress_set.update(email=w.member.email)
    Membership.objects.create(user=w.member, organisation=organisation, role="benevole", status="accepted",
                              message=planted("MembershipMessage"))
    w.requester = make_user("demandeur")
    Membership.objects.create(user=w.requester, organisation=organisation, role="benevole", status="pending",
                              message=planted("PendingRequest"))

    # The plan: public items, a private branch (groups), one behind a
    # password, a draft.
    w.plan = plan = PlanFactory(parent=organisation, title="Projet social des Marqueurs", slug="plan")
    axis = AxisFactory(parent=plan, number="1", title="Vivre ensemble")
    objective = ObjectiveFactory(parent=axis, number="1.1", title="Se rencontrer")
    w.public_action = ActionFactory(parent=objective, number="1.1.1", title="Café des habitants")
    w.private_branch = ObjectiveFactory(parent=axis, number="1.2", title=planted("PrivateObjective"))
    w.private_action = ActionFactory(parent=w.private_branch, number="1.2.1", title=planted("PrivateAction"),
                                     pilot=planted("PrivatePilot"))
    board = Group.objects.create(name="Bureau des Marqueurs")
    restriction = PageViewRestriction.objects.create(page=w.private_branch,
                                                     restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([board])
    w.board_member = make_user("membre-du-bureau")
    w.board_member.groups.add(board)
    w.password_action = ActionFactory(parent=objective, number="1.1.2", title=planted("PasswordAction"))
    PageViewRestriction.objects.create(page=w.password_action, restriction_type=PageViewRestriction.PASSWORD,
                                       password="secret-marqueurs")
    w.draft_action = ActionFactory(parent=objective, number="1.1.3", title=planted("DraftAction"), live=False)

    # Comments: published (the control), pending, hidden, on private pages.
    w.public_comment = comment_post(user=w.member, target=w.public_action, text="Un avis public sur le café")
    w.private_comment = comment_post(user=w.staff, target=w.private_action, text=planted("PrivateComment"))
    w.password_comment = comment_post(user=w.staff, target=w.password_action, text=planted("PasswordComment"))
    hidden = comment_post(user=w.member, target=w.public_action, text=planted("HiddenComment"))
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=now, hidden_reason=planted("HiddenReason"))
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    w.pending_comment = comment_post(user=w.member, target=w.public_action, text=planted("PendingComment"))

    # A members-only comité, its meeting and consultation; and a public one.
    w.closed = Committee.objects.create(
        organisation=organisation, name="Bureau", slug="bureau", kind="instance_gouvernance",
        membership_policy="sur_designation", visibility="membres")
    CommitteeMember.objects.create(committee=w.closed, user=w.member, role="animateur", status="accepted")
    CommitteeMember.objects.create(committee=w.closed, user=w.requester, role="membre", status="pending",
                                   message=planted("SeatRequest"))
    w.open = Committee.objects.create(organisation=organisation, name="Comité jardin", slug="jardin",
                                      kind="comite_thematique", membership_policy="ouvert")
    w.seats = list(CommitteeMember.objects.values_list("pk", flat=True))
    w.meeting = Meeting.objects.create(
        committee=w.closed, title=planted("MeetingTitle"), place=planted("MeetingPlace"),
        agenda=planted("MeetingAgenda"), minutes=planted("MeetingMinutes"), minutes_published_at=now,
        starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-2),
        online_url="https://visio.example.org/leakmeetinglink")
    w.upcoming = Meeting.objects.create(committee=w.closed, title=planted("UpcomingMeeting"),
                                        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2))
    w.public_meeting = Meeting.objects.create(committee=w.open, title="Atelier jardin",
                                              starts_at=now + timedelta(days=4),
                                              ends_at=now + timedelta(days=4, hours=2))
    w.document = MeetingDocument.objects.create(meeting=w.meeting, name=planted("DocumentName"),
                                                content_type="text/plain",
                                                file=ContentFile(planted("DocumentBody").encode(), name="cr.txt"))
    comment_post(user=w.member, target=w.closed, text=planted("CommitteeComment"))

    def consultation(title, *, committee=None, publish=True, **fields):
        made = consultation_services.consultation_create(
            user=w.staff, organisation=organisation, committee=committee, title=title,
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=3), **fields)
        consultation_services.question_save(consultation=made, user=w.staff, text=planted(f"Question{title[-5:]}"),
                                            method=Method.SINGLE, labels=[planted("OptionA"), "B"])
        if publish:
            made = consultation_services.consultation_open(consultation=made, user=w.staff, immediately=True)
        return made

    w.closed_consultation = consultation(planted("CommitteeVote"), committee=w.closed, eligibility="comite",
                                         context=planted("CommitteeVoteContext"))
    w.draft_consultation = consultation(planted("DraftVote"), publish=False)
    w.public_consultation = Consultation.objects.create(
        organisation=organisation, title="Le café Reflets", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3), published_at=now - timedelta(hours=1), created_by=w.staff)
    w.public_consultation.actions.set([w.public_action, w.private_action])
    w.batch = PaperBatch.objects.create(consultation=w.closed_consultation, entered_by=w.staff,
                                        note=planted("BatchNote"))
    w.questions = list(Question.objects.values_list("pk", flat=True))

    # Projects: a public one (linked to the private action), a draft, a hidden one.
    w.project = project_create(author=w.member, organisation=organisation, submit=True, fields={
        "title": "Un repair café", "summary": "Réparer ensemble.", "description": "Un samedi par mois.",
        "plan_items": [w.public_action.pk]})
    w.project.plan_items.add(w.private_action)
    w.draft_project = project_create(author=w.member, organisation=organisation, submit=False, fields={
        "title": planted("DraftProject"), "summary": "", "description": planted("DraftProjectText")})
    w.hidden_project = project_create(author=w.member, organisation=organisation, submit=True, fields={
        "title": planted("HiddenProject"), "summary": "Un résumé", "description": "Une description."})
    project_hide(user=w.staff, project=w.hidden_project, reason=planted("ProjectHideReason"))
    w.partner = Partner.objects.create(organisation=organisation, name="Les Amis du Quartier", kind="association",
                                       contact_name=planted("PartnerContact"),
                                       contact_email="leakpartneremail@example.org",
                                       contact_phone="01 23 45 67 89")
    w.resource = Resource.objects.create(organisation=organisation, kind="salle", name="Salle polyvalente")

    # The register and someone's notifications.
    w.register_entry = RegisterMember.objects.create(
        organisation=organisation, user=w.member, name=planted("RegisterName"), email="leakregisteremail@example.org",
        phone="06 99 99 99 99", note=planted("RegisterNote"), number="LEAKNumber")
    Subscription.objects.create(member=w.register_entry, starts_on=timezone.localdate() - timedelta(days=1),
                                ends_on=timezone.localdate() + timedelta(days=300))
    # Someone without an account, added at the accueil, who said nothing yet.
    from participation.services.accueil import accueil_person_add

    w.accueil_person = accueil_person_add(by=w.staff, organisation=organisation, name=planted("AccueilName"))

    # What the staff did, for the administrators alone.
    AuditEntry.objects.create(organisation=organisation, actor=w.staff, action=AuditAction.REGISTER_CHANGED,
                              object_label=planted("AuditLabel"), before={"note": planted("AuditBefore")},
                              after={"note": planted("AuditAfter")})
    w.notification = Notification.objects.create(recipient=w.member, kind="comment", title=planted("NotificationTitle"),
                                                  detail=planted("NotificationDetail"), url="/")
    # The record of accounts deleted at the accueil: its staff's.
    from privacy.models import AccountErasure

    AccountErasure.objects.create(account_id=999, by=w.staff, on_behalf=True, organisation=organisation,
                                  reason=planted("ErasureReason"), contributions="garder")
    # A member's data archive, with its link: theirs alone.
    from privacy.exports import export_token
    from privacy.models import DataExport

    w.data_export = DataExport.objects.create(user=w.member, ready_at=now, file=ContentFile(
        planted("DataArchive").encode(), name="archive.zip"))
    w.data_export_token = export_token(w.data_export)

    # An assembly convened, its members-only documents and minutes drafted.
    from assemblies.models import AgendaItem, Assembly, AssemblyDocument, Proxy, Statutes

    statutes = Statutes.objects.create(organisation=organisation, title="Statuts de 2019")
    w.assembly = Assembly.objects.create(
        organisation=organisation, statutes=statutes, title="Assemblée générale ordinaire",
        starts_at=now + timedelta(days=20), place="Salle des fêtes", online=True,
        online_link="https://visio.example.org/leakassemblylink", summary=planted("AssemblySummary"),
        status="convoquee", convened_at=now, created_by=w.staff)
    w.item = AgendaItem.objects.create(assembly=w.assembly, position=1, title="Rapport moral",
                                       debate=planted("AssemblyDebate"))
    w.assembly_document = AssemblyDocument.objects.create(
        assembly=w.assembly, title=planted("AssemblyDocument"), content_type="text/plain",
        file=ContentFile(planted("AssemblyDocumentBody").encode(), name="rapport.txt"))
    giver = RegisterMember.objects.create(organisation=organisation, name=planted("ProxyGiver"))
    Subscription.objects.create(member=giver, starts_on=timezone.localdate() - timedelta(days=1),
                                ends_on=timezone.localdate() + timedelta(days=300))
    Proxy.objects.create(assembly=w.assembly, giver=giver, holder=w.register_entry, slot=1, cap=3, given_at=now,
                         given_by=w.staff)

    # The journal: news of the private action, on the plan's pages too; the
    # bilan, published in its public version.
    from bilan.models import BilanSharing
    from journal.services import entry_create

    w.private_entry = entry_create(user=w.staff, action=w.private_action, date=timezone.localdate(),
                                   text=planted("JournalPrivate"), notify=False)
    w.public_entry = entry_create(user=w.staff, action=w.public_action, date=timezone.localdate(),
                                  text="Le café a ouvert.", notify=False)
    BilanSharing.objects.create(organisation=organisation, public=True)
    w.comments = list(Comment.objects.values_list("pk", flat=True))
    w.content_types = {model: ContentType.objects.get_for_model(model).pk
                       for model in (type(w.public_action), Committee, Meeting, Project, Consultation)}
    return w


# The arguments of each URL pattern: name -> the keyword arguments to try.
def _org(w):
    return [w.organisation.pk]


def _slugs(w):
    return [{"organisation_slug": "marqueurs", "slug": slug} for slug in ("bureau", "jardin")]


def _commented(w):
    pages = [w.public_action, w.private_action, w.password_action, w.draft_action]
    targets = [(w.content_types[type(page)], page.pk) for page in pages]
    targets += [(w.content_types[Committee], w.closed.pk)]
    return [{"content_type_id": ct, "object_id": pk} for ct, pk in targets]


def _comment_ids(w):
    return [{"pk": pk} for pk in w.comments]


def _meetings(w):
    return [{"pk": pk} for pk in (w.meeting.pk, w.upcoming.pk)]


def _projects(w):
    return [{"pk": pk} for pk in (w.project.pk, w.draft_project.pk, w.hidden_project.pk)]


def _consultations(w):
    return [{"pk": pk} for pk in (w.closed_consultation.pk, w.draft_consultation.pk, w.public_consultation.pk)]


ARGUMENTS = {
    "participation:membership_leave": lambda w: [{"pk": pk} for pk in Membership.objects.values_list("pk", flat=True)],
    "participation:notification_open": lambda w: [{"pk": w.notification.pk}],
    "participation:unsubscribe": lambda w: [{"token": "x"}],
    "participation:avatar_rendition": lambda w: [{"stem": "0" * 32, "width": 32, "fmt": "webp"}],
    "participation:organisation_requests": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:register": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:register_import": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:register_export": lambda w: [{"pk": w.organisation.pk, "file_format": f}
                                                for f in ("csv", "xlsx", "ods")],
    "participation:audit_log": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:audit_export": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:register_member": lambda w: [{"pk": w.organisation.pk, "member_id": w.register_entry.pk}],
    "participation:register_member_delete": lambda w: [{"pk": w.organisation.pk, "member_id": w.register_entry.pk}],
    "participation:register_claim": lambda w: [{"token": "x"}],
    "participation:accueil": lambda w: [{"pk": pk} for pk in _org(w)],
    "participation:accueil_from_register": lambda w: [{"pk": w.organisation.pk, "member_id": w.register_entry.pk}],
    "participation:accueil_person": lambda w: [{"pk": w.organisation.pk, "user_id": pk}
                                               for pk in (w.accueil_person.pk, w.member.pk)],
    "projects:accueil_support": lambda w: [{"pk": w.organisation.pk, "user_id": w.accueil_person.pk}],
    "projects:accueil_help": lambda w: [{"pk": w.organisation.pk, "user_id": w.accueil_person.pk}],
    "projects:accueil_propose": lambda w: [{"pk": w.organisation.pk, "user_id": w.accueil_person.pk}],
    "committees:accueil_request": lambda w: [{"pk": w.organisation.pk, "user_id": w.accueil_person.pk}],
    "participation:comment_post": _commented,
    "participation:follow": _commented,
    "participation:comment_counts": _commented,
    "participation:comment_fragment": _comment_ids,
    "participation:comment_edit": _comment_ids,
    "participation:comment_delete": _comment_ids,
    "participation:comment_like": _comment_ids,
    "participation:comment_report": _comment_ids,
    "committees:person_calendar": lambda w: [{"token": w.member.calendar_token or "x"}],
    "committees:organisation_calendar": lambda w: [{"slug": "marqueurs"}],
    "committees:committee": _slugs,
    "committees:committee_join": _slugs,
    "committees:committee_leave": _slugs,
    "committees:committee_listing": _slugs,
    "committees:committee_edit": _slugs,
    "committees:committee_poster": _slugs,
    "committees:committee_members": _slugs,
    "committees:committee_member_answer": lambda w: [{**s, "seat_id": pk} for s in _slugs(w) for pk in w.seats],
    "committees:committee_member_role": lambda w: [{**s, "seat_id": pk} for s in _slugs(w) for pk in w.seats],
    "committees:committee_member_remove": lambda w: [{**s, "seat_id": pk} for s in _slugs(w) for pk in w.seats],
    "committees:meeting_create": _slugs,
    "committees:committee_calendar": _slugs,
    "committees:meeting": _meetings,
    "committees:meeting_edit": _meetings,
    "committees:meeting_cancel": _meetings,
    "committees:meeting_attendance": _meetings,
    "committees:meeting_minutes": _meetings,
    "committees:meeting_document_add": _meetings,
    "committees:meeting_calendar": _meetings,
    "committees:meeting_document": lambda w: [{"document_id": w.document.pk}],
    "committees:meeting_document_remove": lambda w: [{"document_id": w.document.pk}],
    "projects:propose": lambda w: [{"slug": "marqueurs"}],
    "projects:detail": _projects,
    "projects:edit": _projects,
    "projects:poster": _projects,
    "projects:delete": _projects,
    "projects:media": _projects,
    "projects:image_remove": lambda w: [{**p, "image_id": 1} for p in _projects(w)],
    "projects:attachment_remove": lambda w: [{**p, "attachment_id": 1} for p in _projects(w)],
    "projects:image_file": lambda w: [{"image_id": 1}],
    "projects:image_rendition": lambda w: [{"image_id": 1, "width": 320, "fmt": "jpg"}],
    "projects:attachment_file": lambda w: [{"attachment_id": 1}],
    "projects:transition": _projects,
    "projects:support": _projects,
    "projects:help": _projects,
    "projects:invite": _projects,
    "projects:invitation": _projects,
    "projects:leave": _projects,
    "projects:committee": _projects,
    "projects:partner_link": _projects,
    "projects:partner_unlink": lambda w: [{**p, "partner_id": w.partner.pk} for p in _projects(w)],
    "projects:moderate": _projects,
    "projects:review": lambda w: [{"slug": "marqueurs"}],
    "projects:export": lambda w: [{"slug": "marqueurs"}],
    "projects:call_poster": lambda w: [{"slug": "marqueurs"}],
    "projects:directory": lambda w: [{"slug": "marqueurs"}],
    "projects:partner_add": lambda w: [{"slug": "marqueurs"}],
    "projects:partner_edit": lambda w: [{"slug": "marqueurs", "pk": w.partner.pk}],
    "projects:partner_delete": lambda w: [{"slug": "marqueurs", "pk": w.partner.pk}],
    "projects:resource_add": lambda w: [{"slug": "marqueurs"}],
    "projects:resource_edit": lambda w: [{"slug": "marqueurs", "pk": w.resource.pk}],
    "projects:resource_delete": lambda w: [{"slug": "marqueurs", "pk": w.resource.pk}],
    "consultations:detail": _consultations,
    "consultations:vote": _consultations,
    "consultations:results": _consultations,
    "consultations:results_csv": _consultations,
    "consultations:edit": _consultations,
    "consultations:questions": _consultations,
    "consultations:question_edit": lambda w: [{**c, "question_id": q} for c in _consultations(w) for q in w.questions],
    "consultations:question_delete": lambda w: [{**c, "question_id": q} for c in _consultations(w)
                                                for q in w.questions],
    "consultations:poster": _consultations,
    "consultations:ballot": _consultations,
    "consultations:open": _consultations,
    "consultations:close": _consultations,
    "consultations:delete": _consultations,
    "consultations:paper": _consultations,
    "consultations:batch": lambda w: [{"pk": w.closed_consultation.pk, "batch_id": w.batch.pk}],
    **{f"assemblies:{name}": lambda w: [{"pk": w.organisation.pk}]
       for name in ("organisation", "statutes", "statutes_new", "create")},
    "assemblies:statutes_edit": lambda w: [{"pk": w.organisation.pk, "statutes_id": w.assembly.statutes_id}],
    **{f"assemblies:{name}": lambda w: [{"pk": w.assembly.pk}]
       for name in ("detail", "edit", "agenda", "documents", "helpers", "convene", "letters", "my_letter", "proxy",
                    "proxies", "door", "door_action", "sheet", "screen", "screen_fragment", "console", "vote",
                    "minutes", "minutes_edit", "minutes_sign")},
    "assemblies:item_edit": lambda w: [{"pk": w.assembly.pk, "item_id": w.item.pk}],
    "assemblies:item_action": lambda w: [{"pk": w.assembly.pk, "item_id": w.item.pk, "action": a}
                                         for a in ("monter", "descendre", "supprimer")],
    "assemblies:item_vote": lambda w: [{"pk": w.assembly.pk, "item_id": w.item.pk}],
    "assemblies:document": lambda w: [{"pk": w.assembly.pk, "document_id": w.assembly_document.pk}],
    "assemblies:minutes_export": lambda w: [{"pk": w.assembly.pk, "file_format": f} for f in ("pdf", "odt")],
    **{f"journal:{name}": lambda w: [{"action_id": pk} for pk in (w.public_action.pk, w.private_action.pk)]
       for name in ("create", "pilots")},
    "journal:pilot_remove": lambda w: [{"action_id": w.private_action.pk, "seat_id": 1}],
    **{f"journal:{name}": lambda w: [{"pk": pk} for pk in (w.public_entry.pk, w.private_entry.pk)]
       for name in ("entry", "edit", "delete", "photo", "document")},
    "journal:photo_rendition": lambda w: [{"pk": pk, "width": 320, "fmt": "webp"}
                                          for pk in (w.public_entry.pk, w.private_entry.pk)],
    **{f"bilan:{name}": lambda w: [{"slug": "marqueurs"}]
       for name in ("bilan", "public", "xlsx", "pdf", "public_xlsx", "public_pdf", "senacs", "evaluation", "plan_copy",
                    "sharing", "network")},
    "privacy:accueil_erase": lambda w: [{"pk": o, "user_id": u.pk} for o in (w.organisation.pk, w.other_organisation.pk)
                                        for u in (w.resident, w.member, w.staff)],
    "privacy:accueil_erasures": lambda w: [{"pk": pk} for pk in (w.organisation.pk, w.other_organisation.pk)],
    "privacy:data_export_download": lambda w: [{"token": w.data_export_token}, {"token": "x"}],
    **{f"opendata:{name}": lambda w: [{"slug": "marqueurs"}, {"slug": "voisin"}]
       for name in ("organisation_rss", "organisation_atom", "data", "readme")},
    "opendata:dataset": lambda w: [{"slug": "marqueurs", "name": name, "file_format": file_format}
                                   for name in ("actions", "journal", "projects", "consultations", "committees",
                                                "meetings", "partners") for file_format in ("csv", "json")],
    "api-v1:organisation": lambda w: [{"slug": "marqueurs"}, {"slug": "voisin"}],
    "api-v1:plan": lambda w: [{"pk": w.plan.pk}],
    "api-v1:action": lambda w: [{"pk": page.pk} for page in (w.public_action, w.private_action, w.password_action,
                                                              w.draft_action, w.private_branch)],
    "api-v1:project": _projects,
    "api-v1:consultation": _consultations,
    "wagtailcore_authenticate_with_password": lambda w: [
        {"page_view_restriction_id": r.pk, "page_id": r.page_id} for r in PageViewRestriction.objects.all()],
    "wagtaildocs_authenticate_with_password": lambda w: [{"restriction_id": 1}],
    "account_confirm_email": lambda w: [{"key": "x"}],
    "account_reset_password_from_key": lambda w: [{"uidb36": "1", "key": "x"}],
}
# Patterns walked some other way, or that need no walk: why.
NOT_WALKED = {
    "wagtail_serve": "every live page and its sub-routes are walked below",
    "wagtaildocs_serve": "Wagtail documents: the admin's; tests/test_admin_scoping.py walks the admin",
}
# The admin is walked by tests of its own (staff of another organisation);
# here the walkers are not staff and are turned away at its door.
ADMIN_PREFIXES = ("admin/", "django-admin/", "^admin/")
# Inputs that forms show back: the walk posts them to every view, answering
# no comment, then comments the walkers may not read.
POSTED = {"q": SEARCHED, "text": "Une réponse", "reason": "spam", "details": "",
          "like": "1", "follow": "1", "message": "Bonjour", "answer": "present"}


def PARENTS(world):
    return ["", str(world.pending_comment.pk), str(world.private_comment.pk)]


# Signing out would end the walk of a signed-in walker.
NOT_POSTED = {"/compte/logout/"}


def _patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            for name, route, found in _patterns(pattern, prefix + str(pattern.pattern)):
                yield (f"{namespace}{name}" if name else name), route, found
        else:
            yield pattern.name, prefix + str(pattern.pattern), pattern


def _addresses(world) -> tuple[list[str], list[str]]:
    """Every address to walk, and the patterns left without arguments."""
    from django.urls import reverse

    addresses, missing = [], []
    for name, route, pattern in _patterns():
        if route.startswith(ADMIN_PREFIXES) or name in NOT_WALKED or route.startswith("^media/"):
            continue
        takes_arguments = bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups
        if not takes_arguments:
            if name:
                addresses.append(reverse(name))
            continue
        if name not in ARGUMENTS:
            missing.append(f"{name} ({route})")
            continue
        addresses += [reverse(name, kwargs=kwargs) for kwargs in ARGUMENTS[name](world)]
    for page in Page.objects.descendant_of(world.organisation, inclusive=True).specific():
        url = page.get_url()
        if not url:
            continue
        addresses.append(url)
        if isinstance(page, RoutablePageMixin):
            for subroute in page.get_subpage_urls():
                if not subroute.pattern.regex.groups:
                    addresses.append(url.rstrip("/") + "/" + page.reverse_subpage(subroute.name).lstrip("/"))
                elif subroute.name == "export":
                    addresses += [url + page.reverse_subpage("export", args=[f]) for f in ("csv", "xlsx", "json")]
    for page in (world.private_action, world.password_action, world.draft_action, world.private_branch):
        addresses.append(f"/{page.url_path.split('/', 2)[-1]}")  # the address it would have
    return sorted(set(addresses)), missing


def _texts(response) -> bytes:
    """Everything a response says: headers, body, and inside zipped files."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [body, str(response.headers).encode()]
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
    if body[:5] == b"%PDF-":
        from pypdf import PdfReader

        parts += [page.extract_text().encode() for page in PdfReader(io.BytesIO(body)).pages]
    return b"\n".join(parts)


def _leaks(data: bytes, role: str) -> set[str]:
    found = {match.decode() for match in _leak_pattern().findall(data)}
    if role == "resident":
        found -= MEMBERS_OF_THE_ORGANISATION_MAY_READ
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def walkers(world):
    clients = {"visitor": Client()}
    for role in ("resident", "other_staff"):
        client = Client()
        client.force_login(getattr(world, role))
        clients[role] = client
    return clients


@pytest.mark.django_db
def test_every_pattern_with_arguments_is_walked(world):
    _addresses_found, missing = _addresses(world)
    assert not missing, "URL patterns the leak walk does not know how to fill (add them to ARGUMENTS):\n" + \
        "\n".join(missing)


@pytest.mark.django_db
def test_markers_are_where_the_walk_looks(world):
    """The markers are real: their owners and staff do read them (else the
    walk would prove nothing)."""
    staff = Client()
    staff.force_login(world.staff)
    member = Client()
    member.force_login(world.member)
    assert b"LEAKRegisterName" in staff.get(f"/organisations/{world.organisation.pk}/registre/").content
    assert b"LEAKMeetingMinutes" in member.get(f"/reunions/{world.meeting.pk}/").content
    assert b"LEAKPendingComment" in member.get(world.public_action.get_url()).content
    assert b"LEAKCommitteeVote" in member.get("/consultations/").content
    assert b"LEAKAssemblyDocument" in member.get(f"/assemblees/{world.assembly.pk}/").content
    assert b"LEAKAssemblyDebate" in _texts(staff.get(f"/assemblees/{world.assembly.pk}/proces-verbal.pdf"))
    assert b"LEAKProxyGiver" in staff.get(f"/assemblees/{world.assembly.pk}/pouvoirs/").content
    assert b"LEAKDataArchive" in _texts(member.get(f"/compte/donnees/{world.data_export_token}/"))
    assert b"LEAKErasureReason" in staff.get(f"/organisations/{world.organisation.pk}/comptes-supprimes/").content
    administrator = Client()
    administrator.force_login(make_staff(world.organisation, "administrateur-marqueurs", role="administrateur"))
    audit = administrator.get(f"/organisations/{world.organisation.pk}/journal-d-audit/").content
    assert b"LEAKAuditLabel" in audit and b"LEAKAuditAfter" in audit
    assert b"LEAKAuditBefore" in administrator.get(f"/organisations/{world.organisation.pk}/journal-d-audit.csv").content
    board = Client()
    board.force_login(world.board_member)
    assert b"LEAKPrivateAction" in board.get(world.private_action.get_url()).content
    assert b"LEAKJournalPrivate" in board.get(world.private_action.get_url()).content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "resident", "other_staff"])
def test_no_door_shows_what_is_not_theirs(world, walkers, role):
    client = walkers[role]
    addresses, _ = _addresses(world)
    mail.outbox.clear()
    leaks = []
    for address in addresses:
        responses = [client.get(address), client.get(address, {"q": SEARCHED, "page": "2"})]
        if address not in NOT_POSTED:
            responses += [client.post(address, {**POSTED, "parent": parent}) for parent in PARENTS(world)]
        for response in responses:
            found = _leaks(_texts(response), role)
            if found:
                leaks.append(f"{response.request['REQUEST_METHOD']} {address} → {response.status_code}: "
                             f"{sorted(found)}")
    if role != "visitor":
        person = getattr(world, role)
        sent = b"\n".join(f"{message.subject}\n{message.body}".encode()
                          for message in mail.outbox if person.email in message.to)
        leaks += [f"e-mail: {found}" for found in _leaks(sent, role)]
        told = "\n".join(f"{n.title} {n.detail}" for n in Notification.objects.filter(recipient=person)).encode()
        leaks += [f"notification: {found}" for found in _leaks(told, role)]
    assert not leaks, f"{len(leaks)} responses show what {role} may not read:\n" + "\n".join(leaks[:80])


SITEMAP_LOCATION = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")


@pytest.mark.django_db
def test_the_sitemap_lists_only_what_visitors_read(world):
    """Every address in the sitemap opens to a visitor without a marker,
    and none of the members-only, private, draft or hidden things is in it."""
    visitor = Client()
    xml = visitor.get("/sitemap.xml").content.decode()
    listed = set(SITEMAP_LOCATION.findall(xml))
    for address in listed:
        response = visitor.get(address)
        assert response.status_code == 200, address
        assert not _leaks(_texts(response), "visitor"), address
    from django.urls import reverse

    present = [world.public_action.get_url(), world.open.get_absolute_url(), world.public_meeting.get_absolute_url(),
               world.project.get_absolute_url(), world.public_consultation.get_absolute_url(),
               world.public_entry.get_absolute_url(), reverse("projects:directory", args=["marqueurs"])]
    absent = [world.closed.get_absolute_url(), world.meeting.get_absolute_url(), world.upcoming.get_absolute_url(),
              world.draft_project.get_absolute_url(), world.hidden_project.get_absolute_url(),
              world.draft_consultation.get_absolute_url(), world.closed_consultation.get_absolute_url(),
              world.private_entry.get_absolute_url(),
              *(f"/{page.url_path.split('/', 2)[-1]}" for page in (world.private_action, world.password_action,
                                                                    world.draft_action, world.private_branch))]
    assert not [address for address in present if address not in listed]
    assert not [address for address in absent if address in listed]


@pytest.mark.django_db
def test_the_api_gives_the_public_data(world):
    """The control of the walk over the API: what anyone may read is in it."""
    visitor = Client()
    tree = visitor.get(f"/api/v1/plans/{world.plan.pk}/").json()["tree"]
    assert tree[0]["title"] == "Vivre ensemble" and [child["number"] for child in tree[0]["children"]] == ["1.1"]
    assert visitor.get(f"/api/v1/actions/{world.public_action.pk}/").json()["journal"][0]["text"] == "Le café a ouvert."
    assert visitor.get(f"/api/v1/projects/{world.project.pk}/").json()["plan_items"] == [world.public_action.pk]
    assert [item["title"] for item in visitor.get("/api/v1/consultations/").json()["items"]] == ["Le café Reflets"]
    for page in (world.private_action, world.password_action, world.draft_action):
        assert visitor.get(f"/api/v1/actions/{page.pk}/").status_code == 404
    assert [item["title"] for item in visitor.get("/api/v1/meetings/").json()["items"]] == ["Atelier jardin"]
    partners = visitor.get("/api/v1/partners/?organisation=marqueurs").json()["items"]
    assert [partner["name"] for partner in partners] == ["Les Amis du Quartier"]
    committees = {item["slug"]: item for item in visitor.get("/api/v1/committees/").json()["items"]}
    assert committees["bureau"]["visibility"] == "membres" and committees["bureau"]["calendar"] is None
    assert committees["jardin"]["calendar"].endswith("/comites/marqueurs/jardin/calendrier.ics")


@pytest.mark.django_db
def test_the_open_data_files_hold_the_public_data(world):
    """The control of the walk over the open data files."""
    visitor = Client()
    for name, public in (("actions", "Café des habitants"), ("journal", "Le café a ouvert."),
                         ("projects", "Un repair café"), ("consultations", "Le café Reflets"),
                         ("committees", "Comité jardin"), ("meetings", "Atelier jardin"),
                         ("partners", "Les Amis du Quartier")):
        for file_format in ("csv", "json"):
            assert public in visitor.get(f"/donnees/marqueurs/{name}.{file_format}").content.decode(), name


@pytest.mark.django_db
def test_search_finds_the_public_things(world):
    """The control of the walk over search: public things are found."""
    visitor = Client()
    assert "Un repair café" in visitor.get("/recherche/", {"q": "repair"}).content.decode()
    text = visitor.get("/recherche/", {"q": "jardin"}).content.decode()
    assert "Atelier jardin" in text and "Comité jardin" in text
    assert "Le café Reflets" in visitor.get("/recherche/", {"q": "Reflets"}).content.decode()


@pytest.mark.django_db
def test_the_feeds_hold_the_public_news(world):
    """The control of the walk over the feeds: what anyone may read is in them."""
    for feed in ("rss", "atom"):
        text = Client().get(f"/flux/marqueurs/{feed}.xml").content.decode()
        for public in ("Le café a ouvert.", "Un repair café", "Atelier jardin", "Le café Reflets"):
            assert public in text, (feed, public)
