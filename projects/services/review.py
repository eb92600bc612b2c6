"""The organisation's side of a project: the comité in charge, the partners
it is put in touch with, the support threshold."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from core.sanitising import clean_user_text

from ..models import EventKind, Partner, Project, ProjectEvent, ProjectPartner, ProjectSettings, ProjectStatus
from .notify import project_news


@transaction.atomic
def project_committee_set(*, user, project: Project, committee: Committee | None) -> Project:
    """Put a comité in charge: its animators may then study and answer the project."""
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied
    if committee is not None and committee.organisation_id != project.organisation_id:
        raise ValidationError({"committee": ValidationError(_("Choose a committee of this organisation."),
                                                            code="foreign_committee")})
    if project.committee_id == getattr(committee, "pk", None):
        return project
    project.committee = committee
    project.save(update_fields=["committee", "updated_at"])
    ProjectEvent.objects.create(project=project, kind=EventKind.COMMITTEE, actor=user,
                                message=committee.name if committee else "")
    if committee is not None:
        project_news(project=project, actor=user, followers=False,
                     detail=_("%(committee)s is in charge of it.") % {"committee": committee.name})
    return project


@transaction.atomic
def partner_link(*, user, project: Project, partner: Partner, note: str = "") -> ProjectPartner:
    """Put the project in touch with a partner; the authors are told."""
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied
    if partner.organisation_id != project.organisation_id:
        raise ValidationError({"partner": ValidationError(_("Choose a partner of this organisation."),
                                                          code="foreign_partner")})
    note = clean_user_text(note)[:500]
    try:
        with transaction.atomic():
            link = ProjectPartner.objects.create(project=project, partner=partner, note=note, linked_by=user)
    except IntegrityError as error:
        raise ValidationError({"partner": ValidationError(_("%(partner)s is already linked to this project.")
                                                          % {"partner": partner}, code="already_linked")}) from error
    ProjectEvent.objects.create(project=project, kind=EventKind.PARTNER, actor=user, message=partner.name)
    project_news(project=project, actor=user, detail=_("put in touch with %(partner)s.") % {"partner": partner})
    return link


@transaction.atomic
def partner_unlink(*, user, project: Project, partner: Partner) -> None:
    if not user.has_perm("projects.manage_project", project):
        raise PermissionDenied
    ProjectPartner.objects.filter(project=project, partner=partner).delete()


@transaction.atomic
def project_settings_set(*, user, organisation, support_threshold: int) -> ProjectSettings:
    if not user.has_perm("projects.review_projects", organisation):
        raise PermissionDenied
    if support_threshold < 1:
        raise ValidationError({"support_threshold": ValidationError(_("At least one support."),
                                                                    code="threshold")})
    settings, __ = ProjectSettings.objects.update_or_create(
        organisation=organisation, defaults={"support_threshold": support_threshold})
    # Projects already past the new threshold are on the review list now.
    Project.objects.filter(organisation=organisation, status=ProjectStatus.SUBMITTED, reviewed_at__isnull=True) \
        .annotate(count=Count("supports")).filter(count__gte=support_threshold).update(reviewed_at=timezone.now())
    return settings
