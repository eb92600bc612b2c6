"""Who hears about what happens to a project."""

from django.contrib.contenttypes.models import ContentType

from participation.models import Follow
from participation.services import notifications_create
from participation.services.memberships import organisation_staff_ids

from ..models import Project
from ..notices import ProjectNotice


def author_ids(project: Project) -> set[int]:
    return set(project.authors.filter(accepted=True).values_list("user_id", flat=True))


def follower_ids(project: Project) -> set[int]:
    content_type = ContentType.objects.get_for_model(Project)
    return set(Follow.objects.filter(content_type=content_type, object_id=project.pk).values_list("user_id", flat=True))


def project_news(*, project: Project, actor, detail: str, followers: bool = True) -> None:
    """Tell the authors (and the project's followers) what happened, never
    the person who did it."""
    recipients = {}
    if followers:
        recipients.update(dict.fromkeys(follower_ids(project), ProjectNotice.FOLLOWED))
    recipients.update(dict.fromkeys(author_ids(project), ProjectNotice.NEWS))
    recipients.pop(getattr(actor, "pk", None), None)
    notifications_create(recipients=recipients, target=project, actor_id=getattr(actor, "pk", None),
                         title=project.title, url=project.get_absolute_url(), detail=detail)


def staff_tell(*, project: Project, actor, detail: str) -> None:
    """Ask the organisation's staff to look at a project."""
    recipients = dict.fromkeys(organisation_staff_ids(project.organisation), ProjectNotice.TO_REVIEW)
    recipients.pop(getattr(actor, "pk", None), None)
    notifications_create(recipients=recipients, target=project, actor_id=getattr(actor, "pk", None),
                         title=project.title, url=project.get_absolute_url(), detail=detail)


def person_tell(*, user_id: int, project: Project, actor, kind: str, detail: str) -> None:
    notifications_create(recipients={user_id: kind}, target=project, actor_id=getattr(actor, "pk", None),
                         title=project.title, url=project.get_absolute_url(), detail=detail)
