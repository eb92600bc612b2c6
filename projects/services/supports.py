"""“Je soutiens” and “Je participe”."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.sanitising import clean_user_text
from participation.models import Origin
from participation.services.accueil import accueil_check, accueil_recorded

from ..models import HelpOffer, Project, ProjectSettings, ProjectStatus, Support
from .notify import project_news, staff_tell


def support_threshold(organisation) -> int:
    settings = ProjectSettings.objects.filter(organisation=organisation).first()
    return settings.support_threshold if settings else ProjectSettings._meta.get_field("support_threshold").default


def _accueil_require(*, recorded_by, user, project: Project, consent: bool) -> None:
    """On behalf of `user` at the accueil: the recorder keeps the project's
    organisation's accueil, the person consents, and the project is one
    they could support themselves (open, not theirs)."""
    from ..rules import is_open_project, is_project_author

    accueil_check(by=recorded_by, organisation=project.organisation, person=user, consent=consent)
    if not is_open_project(user, project) or is_project_author(user, project):
        raise PermissionDenied


def _accueil_fields(recorded_by) -> dict:
    return {"origin": Origin.ACCUEIL, "recorded_by": recorded_by} if recorded_by is not None else {}


@transaction.atomic
def project_support(*, user, project: Project, support: bool = True, recorded_by=None, consent: bool = False) -> int:
    """Support a project, or withdraw one's support; twice is the same as
    once. The project's row is locked so that the count read after the
    change is exact, and the staff hear once when it reaches the threshold.
    `recorded_by`: at the accueil, on `user`'s behalf, with their consent."""
    if recorded_by is not None:
        _accueil_require(recorded_by=recorded_by, user=user, project=project, consent=consent)
    elif not user.has_perm("projects.support_project", project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if support:
        try:
            with transaction.atomic():
                Support.objects.create(project=project, user=user, **_accueil_fields(recorded_by))
            if recorded_by is not None:
                accueil_recorded(by=recorded_by, organisation=project.organisation, person=user,
                                 what=_("a support"), on=project.title)
        except IntegrityError:
            pass  # already supported: a double click
    else:
        Support.objects.filter(project=project, user=user).delete()
    count = project.supports.count()
    if support and project.status == ProjectStatus.SUBMITTED and project.reviewed_at is None \
            and count >= support_threshold(project.organisation):
        project.reviewed_at = timezone.now()
        project.save(update_fields=["reviewed_at"])
        staff_tell(project=project, actor=None, detail=ngettext(
            "%(count)d support: the project is on the review list.",
            "%(count)d supports: the project is on the review list.", count) % {"count": count})
    return count


@transaction.atomic
def help_offer_set(*, user, project: Project, offer: bool = True, message: str = "", recorded_by=None,
                   consent: bool = False) -> HelpOffer | None:
    """Offer to help (the authors are told and see who), or take it back.
    `recorded_by`: at the accueil, on `user`'s behalf, with their consent."""
    if recorded_by is not None:
        _accueil_require(recorded_by=recorded_by, user=user, project=project, consent=consent)
    elif not user.has_perm("projects.offer_help", project):
        raise PermissionDenied
    if not offer:
        HelpOffer.objects.filter(project=project, user=user).delete()
        return None
    message = clean_user_text(message)[:500]
    help_offer, created = HelpOffer.objects.get_or_create(project=project, user=user,
                                                          defaults={"message": message,
                                                                    **_accueil_fields(recorded_by)})
    if not created and message:
        help_offer.message = message
        help_offer.save(update_fields=["message"])
    if created and recorded_by is not None:
        accueil_recorded(by=recorded_by, organisation=project.organisation, person=user,
                         what=_("an offer to help"), on=project.title)
    if created:
        project_news(project=project, actor=user, followers=False,
                     detail=_("%(name)s offers to help.") % {"name": user})
    return help_offer
