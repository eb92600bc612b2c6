"""Moving a project through its lifecycle, and moderating it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sanitising import clean_user_text
from participation.audit import audit_record
from participation.models import AuditAction

from ..lifecycle import REVIEWER, allowed_targets, roles_of, transition_for
from ..models import EventKind, Project, ProjectEvent, ProjectStatus
from ..notices import ProjectNotice
from .notify import author_ids, person_tell, project_news, staff_tell

# What a draft needs before it can be submitted (the title it always has).
REQUIRED_TO_SUBMIT = {"summary": "empty_summary", "description": "empty_description"}


def missing_to_submit(values: dict) -> dict:
    return {name: ValidationError(_("Needed to submit the project."), code=code)
            for name, code in REQUIRED_TO_SUBMIT.items() if not (values.get(name) or "").strip()}


def _locked(project: Project) -> Project:
    """The project's row, locked until the end of the transaction, so that
    two simultaneous moves are made one after the other."""
    fresh = Project.objects.select_for_update().get(pk=project.pk)
    project.status, project.hidden_at = fresh.status, fresh.hidden_at
    return project


@transaction.atomic
def project_transition(*, user, project: Project, target: str, message: str = "") -> Project:
    """Move the project to `target` if this person may, keep it in the public
    history with its message, and tell the authors and followers."""
    project = _locked(project)
    transition = transition_for(project.status, target)
    if transition is None:
        raise ValidationError(
            _("A project that is “%(current)s” cannot become “%(target)s”.")
            % {"current": project.get_status_display(), "target": ProjectStatus(target).label},
            code="invalid_transition",
        )
    person_roles = roles_of(user, project)
    if transition not in allowed_targets(user, project, person_roles):
        raise PermissionDenied(_("You may not make this change."))
    message = clean_user_text(message)
    if transition.message_required and not message:
        text = (_("Say why the project is not retained: the reason is public.") if target == ProjectStatus.DECLINED
                else _("Write the organisation's answer: it is public."))
        raise ValidationError({"message": ValidationError(text, code="message_required")})
    if target == ProjectStatus.SUBMITTED:
        missing = missing_to_submit({"summary": project.summary, "description": project.description})
        if missing:
            raise ValidationError(missing)
    source = project.status
    now = timezone.now()
    project.status = target
    update = ["status", "updated_at"]
    if target == ProjectStatus.SUBMITTED:
        project.submitted_at = now
        update.append("submitted_at")
    if target in (ProjectStatus.ACCOMPANIED, ProjectStatus.DECLINED):
        project.answer, project.answered_at = message, now
        update += ["answer", "answered_at"]
    project.save(update_fields=update)
    ProjectEvent.objects.create(project=project, kind=EventKind.STATUS, actor=user, from_status=source,
                                to_status=target, message=message)
    if REVIEWER in person_roles:  # the staff and the animators who study it, not its carriers
        audit_record(organisation=project.organisation_id, actor=user, action=AuditAction.PROJECT_STATUS,
                     obj=project, label=project.title, before={"status": source},
                     after={"status": target, "message": message})
    detail = _("now “%(status)s”.") % {"status": project.get_status_display()}
    if target == ProjectStatus.SUBMITTED:
        staff_tell(project=project, actor=user, detail=_("a new project to study."))
    project_news(project=project, actor=user, detail=detail)
    return project


@transaction.atomic
def project_hide(*, user, project: Project, reason: str) -> Project:
    """Moderators hide a project from the public, with a reason its authors read."""
    if not user.has_perm("projects.moderate_project", project):
        raise PermissionDenied
    reason = clean_user_text(reason)
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Give the reason: the carriers will read it."),
                                                         code="reason_required")})
    project = _locked(project)
    if project.hidden_at is not None:
        return project
    project.hidden_at, project.hidden_reason = timezone.now(), reason[:500]
    project.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    ProjectEvent.objects.create(project=project, kind=EventKind.HIDDEN, actor=user, message=reason)
    audit_record(organisation=project.organisation_id, actor=user, action=AuditAction.PROJECT_HIDDEN, obj=project,
                 label=project.title, before={"hidden": False}, after={"hidden": True, "reason": reason[:500]})
    for user_id in author_ids(project) - {user.pk}:
        person_tell(user_id=user_id, project=project, actor=user, kind=ProjectNotice.HIDDEN,
                    detail=_("hidden by the moderators, for this reason — %(reason)s") % {"reason": reason[:200]})
    return project


@transaction.atomic
def project_restore(*, user, project: Project) -> Project:
    if not user.has_perm("projects.moderate_project", project):
        raise PermissionDenied
    project = _locked(project)
    if project.hidden_at is None:
        return project
    project.hidden_at, project.hidden_reason = None, ""
    project.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    ProjectEvent.objects.create(project=project, kind=EventKind.RESTORED, actor=user)
    audit_record(organisation=project.organisation_id, actor=user, action=AuditAction.PROJECT_RESTORED, obj=project,
                 label=project.title, before={"hidden": True}, after={"hidden": False})
    project_news(project=project, actor=user, detail=_("visible again."), followers=False)
    return project
