"""Two organisations, the second one's objects marked, for the admin
scoping tests: the staff of the first must never see the marker."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    ModelLogEntry,
    PageViewRestriction,
    Site,
    Task,
    UploadedFile,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from cms.models import ActionTag, HomePage, Indicator, IndicatorValue
from committees.models import Committee, Meeting
from consultations.models import Consultation
from participation.models import Membership, MembershipStatus, RegisterMember
from participation.services import comment_post, membership_sync_admin_access
from projects.models import Partner, Project, Resource
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_user

MARK = "ZQXB"  # in every text of the other organisation's objects


@dataclass
class World:
    mine: object
    theirs: object
    staff: object  # administrator of `mine`: every right an organisation's staff can have
    superuser: object
    ids: dict = field(default_factory=dict)  # name -> pk of the other organisation's objects
    my_ids: dict = field(default_factory=dict)


def _staff(organisation, name, role="administrateur"):
    user = make_user(name)
    Membership.objects.create(user=user, organisation=organisation, role=role, status=MembershipStatus.ACCEPTED)
    membership_sync_admin_access(user=user, organisation=organisation)
    return user


def build_world() -> World:
    home = HomePage.objects.get()
    mine = OrganisationFactory(parent=home, title="Maison Alpha", slug="alpha")
    theirs = OrganisationFactory(parent=home, title="Centre Beta", slug="beta")
    staff = _staff(mine, "alpha-admin")
    their_staff = _staff(theirs, f"{MARK.lower()}-staff")
    their_staff.display_name = f"{MARK} Salariee"
    their_staff.save()
    superuser = make_user("racine", is_superuser=True, is_staff=True)

    my_plan = PlanFactory(parent=mine, title="Plan Alpha")
    my_axis = AxisFactory(parent=my_plan, number="1", title="Axe Alpha")
    my_action = ActionFactory(parent=my_axis, number="1.1", title="Action Alpha")
    my_indicator = Indicator.objects.create(page=my_action, name="Indicateur Alpha")

    plan = PlanFactory(parent=theirs, title=f"{MARK} plan")
    axis = AxisFactory(parent=plan, number="1", title=f"{MARK} axe")
    action = ActionFactory(parent=axis, number="1.1", title=f"{MARK} action")
    draft = ActionFactory(parent=axis, number="1.2", title=f"{MARK} brouillon", live=False)
    action.title = f"{MARK} titre en cours"
    revision = action.save_revision(user=their_staff, log_action=True)
    action.refresh_from_db()
    action.title = f"{MARK} action"
    second = action.save_revision(user=their_staff, log_action=True)
    action.refresh_from_db()
    second.publish(user=their_staff, skip_permission_checks=True)
    action.refresh_from_db()
    action.locked, action.locked_by, action.locked_at = True, their_staff, timezone.now()
    action.save(update_fields=["locked", "locked_by", "locked_at"])
    private = ActionFactory(parent=axis, number="1.3", title=f"{MARK} privee")
    restriction = PageViewRestriction.objects.create(page=private, restriction_type="login")

    indicator = Indicator.objects.create(page=action, name=f"{MARK} indicateur", unit=f"{MARK} unite",
                                         description=f"{MARK} mesure")
    value = IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2024, 1, 1), value=3, note=f"{MARK} note")
    ModelLogEntry.objects.log_action(indicator, "wagtail.create", user=their_staff)

    workflow = Workflow.objects.create(name=f"{MARK} circuit")
    task = GroupApprovalTask.objects.create(name=f"{MARK} tache")
    task.groups.set([Group.objects.get(name__contains="Beta")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=draft)
    resident = make_user(f"{MARK.lower()}-habitante")  # not in the approving group: the task waits
    draft.save_revision(user=resident)
    workflow_state = workflow.start(draft, resident)
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state

    committee = Committee.objects.create(organisation=theirs, name=f"{MARK} comite", slug="comite-b",
                                         kind="comite_thematique", membership_policy="sur_demande")
    meeting = Meeting.objects.create(committee=committee, title=f"{MARK} reunion", agenda=f"{MARK} ordre du jour",
                                     starts_at=timezone.now() + datetime.timedelta(days=2),
                                     ends_at=timezone.now() + datetime.timedelta(days=2, hours=1))
    my_committee = Committee.objects.create(organisation=mine, name="Comite Alpha", slug="comite-a",
                                            kind="comite_thematique", membership_policy="sur_demande")
    my_meeting = Meeting.objects.create(committee=my_committee, title="Reunion Alpha",
                                        starts_at=timezone.now() + datetime.timedelta(days=2),
                                        ends_at=timezone.now() + datetime.timedelta(days=2, hours=1))
    partner = Partner.objects.create(organisation=theirs, name=f"{MARK} partenaire", kind="association",
                                     contact_email="zqxb@example.org")
    resource = Resource.objects.create(organisation=theirs, kind="salle", name=f"{MARK} salle")
    register_entry = RegisterMember.objects.create(organisation=theirs, name=f"{MARK} Adherente",
                                                   email="zqxb-adherente@example.org")
    comment = comment_post(user=resident, target=action, text=f"{MARK} commentaire")
    project = Project.objects.create(organisation=theirs, created_by=resident, title=f"{MARK} projet", summary=f"{MARK} resume",
                                     description=f"{MARK} description")
    consultation = Consultation.objects.create(
        organisation=theirs, created_by=their_staff, title=f"{MARK} consultation", context=f"{MARK} contexte",
        opens_at=timezone.now(), closes_at=timezone.now() + datetime.timedelta(days=3))

    collection = Collection.get_first_root_node().add_child(name=f"{MARK} collection")
    image = Image.objects.create(title=f"{MARK} image", file=get_test_image_file(), collection=collection,
                                 uploaded_by_user=their_staff)
    document = Document.objects.create(title=f"{MARK} document", collection=collection,
                                       file=ContentFile(b"ZQXB texte", name="zqxb.txt"), uploaded_by_user=their_staff)
    redirect = Redirect.objects.create(old_path=f"/{MARK.lower()}-ancien", redirect_page=action)
    upload = UploadedFile.objects.create(file=ContentFile(b"ZQXB", name="zqxb.txt"), uploaded_by_user=their_staff,
                                         for_content_type=ContentType.objects.get_for_model(Document))
    editing_session = EditingSession.objects.create(user=their_staff, content_type=ContentType.objects.get_for_model(
        action), object_id=str(action.pk), last_seen_at=timezone.now(), is_editing=True)
    group = Group.objects.get(name__contains="Beta")
    # The shared vocabulary: no organisation's, so no marker (staff tick it in their own pages).
    action_tag = ActionTag.objects.create(kind="public", name="Vocabulaire commun", slug="vocabulaire-commun")

    world = World(mine=mine, theirs=theirs, staff=staff, superuser=superuser)
    world.ids.update(
        organisation=theirs.pk, plan=plan.pk, axis=axis.pk, action=action.pk, draft=draft.pk, private=private.pk,
        restriction=restriction.pk, revision=revision.pk, value=value.pk, latest_revision=second.pk, indicator=indicator.pk,
        workflow=workflow.pk, task=task.pk, workflow_state=workflow_state.pk, task_state=task_state.pk,
        committee=committee.pk, meeting=meeting.pk, partner=partner.pk, resource=resource.pk,
        register_entry=register_entry.pk, comment=comment.pk, project=project.pk, consultation=consultation.pk,
        collection=collection.pk, image=image.pk, document=document.pk, redirect=redirect.pk, group=group.pk,
        user=their_staff.pk, upload=upload.pk, editing_session=editing_session.pk, site=Site.objects.get().pk,
        actiontag=action_tag.pk,
    )
    world.my_ids.update(organisation=mine.pk, plan=my_plan.pk, axis=my_axis.pk, action=my_action.pk,
                        indicator=my_indicator.pk, committee=my_committee.pk, meeting=my_meeting.pk)
    return world


def xlsx_text(response) -> bytes:
    """The cells of an XLSX download, as bytes to search."""
    import io
    import zipfile

    content = b"".join(response.streaming_content) if response.streaming else response.content
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    except zipfile.BadZipFile:
        return content


def fingerprint(world: World) -> dict:
    """What the other organisation holds, and what the staff may do: a POST
    that changed any of it got through."""
    from django.contrib.auth import get_user_model
    from wagtail.models import GroupPagePermission, Page, Revision

    theirs = Page.objects.get(pk=world.ids["organisation"])
    pages = Page.objects.descendant_of(theirs, inclusive=True)
    user = get_user_model().objects.get(pk=world.staff.pk)
    return {
        "pages": sorted(pages.values_list("pk", "title", "path", "live", "locked", "has_unpublished_changes")),
        "revisions": Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)]).count(),
        "restrictions": sorted(PageViewRestriction.objects.values_list("pk", "page_id", "restriction_type")),
        "indicators": sorted(Indicator.objects.filter(page__in=pages).values_list("pk", "name", "page_id", "unit")),
        "values": sorted(IndicatorValue.objects.filter(indicator__page__in=pages).values_list(
            "pk", "indicator_id", "value", "note")),
        "committees": sorted(Committee.objects.filter(organisation=theirs).values_list("pk", "name", "organisation_id")),
        "meetings": sorted(Meeting.objects.filter(committee__organisation=theirs).values_list(
            "pk", "title", "committee_id", "cancelled_at")),
        "images": sorted(Image.objects.values_list("pk", "title", "collection_id")),
        "documents": sorted(Document.objects.values_list("pk", "title", "collection_id")),
        "collections": sorted(Collection.objects.values_list("pk", "name", "path")),
        "redirects": sorted(Redirect.objects.values_list("pk", "old_path", "redirect_page_id")),
        "workflows": sorted(Workflow.objects.values_list("pk", "name", "active")),
        "workflow_states": sorted(WorkflowState.objects.values_list("pk", "status")),
        "tasks": sorted(Task.objects.values_list("pk", "name", "active")),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "page_permissions": sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        "staff": (user.is_superuser, user.is_staff, sorted(user.groups.values_list("pk", flat=True)),
                  sorted(user.user_permissions.values_list("pk", flat=True))),
        "users": sorted(get_user_model().objects.values_list("pk", "is_active", "is_superuser", "email")),
        "partners": sorted(Partner.objects.filter(organisation=theirs).values_list("pk", "name")),
        "projects": sorted(Project.objects.filter(organisation=theirs).values_list("pk", "title", "status")),
        "consultations": sorted(Consultation.objects.filter(organisation=theirs).values_list("pk", "title")),
        "register": sorted(RegisterMember.objects.filter(organisation=theirs).values_list("pk", "name")),
    }
