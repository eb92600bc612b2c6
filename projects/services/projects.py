"""Writing a project: propose, edit, delete a draft."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import OrganisationPage
from cms.selectors import organisation_plan_items
from core.sanitising import clean_user_text
from participation.models import Origin
from participation.services import follow_set
from participation.services.accueil import accueil_check, accueil_recorded

from ..models import Domain, Project, ProjectAuthor, ProjectStatus, Resource
from .authors import author_invite
from .lifecycle import missing_to_submit, project_transition
from .media import attachment_checked, attachment_store, files_delete_on_commit, image_checked, image_store

TEXT_FIELDS = ("title", "summary", "description", "plain_summary", "quartier", "needs_note")
VALUE_FIELDS = ("starts_on", "ends_on", "budget_amount", "volunteers_wanted")
# A draft needs a title; a submitted project, its summary and description too.
REQUIRED = {"title": "empty_title"}
def _clean(fields: dict, complete: bool) -> dict:
    cleaned = {name: clean_user_text(fields.get(name) or "") for name in TEXT_FIELDS}
    errors = {}
    for name, code in REQUIRED.items():
        if not cleaned[name]:
            errors[name] = ValidationError(_("This field cannot be left empty."), code=code)
    if complete:
        errors.update(missing_to_submit(cleaned))
    for name in VALUE_FIELDS:
        cleaned[name] = fields.get(name)
    if cleaned["starts_on"] and cleaned["ends_on"] and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = ValidationError(_("The end comes before the start."), code="dates")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _relations(organisation: OrganisationPage, fields: dict) -> dict:
    """Plan items, rooms and skills, each checked to belong to the organisation."""
    items = {item.pk for item in organisation_plan_items(organisation)}
    plan_items = [getattr(item, "pk", item) for item in fields.get("plan_items") or []]
    if not set(plan_items) <= items:
        raise ValidationError({"plan_items": ValidationError(
            _("Choose items of this organisation's plan only."), code="foreign_item")})
    resources = [getattr(resource, "pk", resource) for resource in fields.get("resources") or []]
    available = set(Resource.objects.filter(organisation=organisation, is_available=True, pk__in=resources)
                    .values_list("pk", flat=True))
    if set(resources) - available:
        raise ValidationError({"resources": ValidationError(
            _("Choose rooms and equipment this organisation lends."), code="foreign_resource")})
    skills = [getattr(skill, "pk", skill) for skill in fields.get("skills") or []]
    if len(skills) != Domain.objects.filter(pk__in=skills).count():
        raise ValidationError({"skills": ValidationError(_("Unknown skill."), code="unknown_skill")})
    return {"plan_items": plan_items, "resources": resources, "skills": skills}


@transaction.atomic
def project_create(*, author, organisation: OrganisationPage, fields: dict, submit: bool = False,
                   co_authors: list[str] = (), image=None, image_alt: str = "", attachment=None,
                   recorded_by=None) -> Project:
    """A new project, kept as a draft or submitted at once, with an image and
    a document if given. Co-porteurs named by their display name are
    invited; an unknown name stops it all. Files are checked before anything
    is written, and stored last."""
    cleaned = _clean(fields, complete=submit)
    relations = _relations(organisation, fields)
    checked_image = image_checked(image, image_alt, field="image_alt") if image else None
    checked_attachment = attachment_checked(attachment) if attachment else None
    project = Project(organisation=organisation, created_by=author, **cleaned)
    if recorded_by is not None:  # at the accueil: project_propose_at_accueil checked it
        project.origin, project.recorded_by = Origin.ACCUEIL, recorded_by
    project.full_clean(exclude=["status", "recorded_by"])
    project.save()
    for name, values in relations.items():
        getattr(project, name).set(values)
    ProjectAuthor.objects.create(project=project, user=author, accepted=True, accepted_at=timezone.now())
    follow_set(user=author, target=project, follow=True)  # so comments on it reach its carriers
    for name in co_authors:
        try:
            author_invite(user=author, project=project, display_name=name)
        except ValidationError as error:
            raise ValidationError({"co_authors": error.error_list}) from error
    if submit:
        project_transition(user=author, project=project, target=ProjectStatus.SUBMITTED)
    if checked_image:
        image_store(project=project, image=checked_image[0], alt_text=checked_image[1])
    if checked_attachment:
        attachment_store(project=project, attachment=checked_attachment)
    return project


@transaction.atomic
def project_propose_at_accueil(*, by, author, organisation: OrganisationPage, fields: dict,
                               consent: bool = False) -> Project:
    """A project proposed at the accueil by the person who is there (its
    carrier), written down by the staff or a volunteer with their consent,
    and submitted at once: it shows "recueilli à l'accueil"."""
    accueil_check(by=by, organisation=organisation, person=author, consent=consent)
    project = project_create(author=author, organisation=organisation, fields=fields, submit=True, recorded_by=by)
    accueil_recorded(by=by, organisation=organisation, person=author, what=_("a project proposal"),
                     on=project.title)
    return project


@transaction.atomic
def project_update(*, user, project: Project, fields: dict, submitting: bool = False) -> Project:
    """The authors change what they wrote, while it is a draft or awaiting
    study (what people supported stays what was studied)."""
    if not user.has_perm("projects.change_project", project):
        raise PermissionDenied
    cleaned = _clean(fields, complete=submitting or project.status != ProjectStatus.DRAFT)
    relations = _relations(project.organisation, fields)
    for name, value in cleaned.items():
        setattr(project, name, value)
    project.full_clean(exclude=["status"])
    project.save()
    for name, values in relations.items():
        getattr(project, name).set(values)
    return project


@transaction.atomic
def project_delete(*, user, project: Project) -> None:
    """Only a draft can be deleted: once submitted, a project keeps its history."""
    if not user.has_perm("projects.delete_project", project):
        raise PermissionDenied
    files = [doc.file for doc in project.attachments.all()]
    project.delete()  # images go with their files and renditions (projects/apps.py)
    files_delete_on_commit(files)
