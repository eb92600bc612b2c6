"""Co-porteurs: invited by their display name, they accept or decline."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.services import follow_set

from ..models import Project, ProjectAuthor
from ..notices import ProjectNotice
from .notify import person_tell, project_news


def _person_named(display_name: str):
    name = " ".join(display_name.split())
    people = list(get_user_model().objects.filter(display_name__iexact=name, is_active=True)[:2])
    if not people:
        raise ValidationError(_("Nobody uses the name “%(name)s” here: check the name shown on their profile.")
                              % {"name": name}, code="unknown_person")
    if len(people) > 1:
        raise ValidationError(_("Several people use the name “%(name)s”: ask yours to choose a more distinctive "
                                "display name on their profile, then invite them again.") % {"name": name},
                              code="ambiguous_person")
    return people[0]


@transaction.atomic
def author_invite(*, user, project: Project, display_name: str) -> ProjectAuthor:
    if not user.has_perm("projects.invite_author", project):
        raise PermissionDenied
    person = _person_named(display_name)
    try:
        with transaction.atomic():
            seat = ProjectAuthor.objects.create(project=project, user=person, invited_by=user)
    except IntegrityError as error:
        raise ValidationError(_("%(name)s already carries this project or is invited to.") % {"name": person},
                              code="already_author") from error
    person_tell(user_id=person.pk, project=project, actor=user, kind=ProjectNotice.INVITATION,
                detail=_("%(name)s invites you to carry this project with them.") % {"name": user})
    return seat


@transaction.atomic
def invitation_answer(*, user, project: Project, accept: bool) -> None:
    seat = ProjectAuthor.objects.select_for_update().filter(project=project, user=user, accepted=False).first()
    if seat is None:
        raise PermissionDenied
    if not accept:
        seat.delete()
        return
    seat.accepted, seat.accepted_at = True, timezone.now()
    seat.save(update_fields=["accepted", "accepted_at"])
    follow_set(user=user, target=project, follow=True)
    project_news(project=project, actor=user, detail=_("%(name)s now carries the project too.") % {"name": user},
                 followers=False)


@transaction.atomic
def author_leave(*, user, project: Project) -> None:
    """A co-porteur steps down; the last porteur cannot leave their project alone."""
    seat = ProjectAuthor.objects.select_for_update().filter(project=project, user=user, accepted=True).first()
    if seat is None:
        raise PermissionDenied
    if not ProjectAuthor.objects.filter(project=project, accepted=True).exclude(pk=seat.pk).exists():
        raise ValidationError(_("You are the project's only carrier: invite someone else before you leave."),
                              code="last_author")
    seat.delete()
