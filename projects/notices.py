"""What projects tell people about, the e-mail preference it goes by, and who
may receive it (participation/notifying.py): a project's notifications are
about the project, and reach only those its rules let read it."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, preference_register

PROJECTS = "projects"


class ProjectNotice:
    NEWS = "project_news"
    INVITATION = "project_invitation"
    FOLLOWED = "followed_project"
    TO_REVIEW = "project_to_review"
    HIDDEN = "project_hidden"


def may_view(person, notification) -> bool:
    """Authors and invited people, the staff, everyone while it is public."""
    return person.has_perm("projects.view_project", notification.target)


def may_moderate(person, notification) -> bool:
    return person.has_perm("projects.moderate_project", notification.target)


def register() -> None:
    preference_register(PROJECTS, _("email me about my projects (answers, offers to help, partners, invitations)"))
    kind_register(ProjectNotice.NEWS, _("News of a project I carry"), preference=PROJECTS, audience=may_view)
    kind_register(ProjectNotice.INVITATION, _("An invitation to carry a project"), preference=PROJECTS,
                  audience=may_view)
    kind_register(ProjectNotice.FOLLOWED, _("News of a project I follow"), preference="followed", audience=may_view)
    kind_register(ProjectNotice.TO_REVIEW, _("A project to study"), preference="moderation", audience=may_moderate)
    kind_register(ProjectNotice.HIDDEN, _("My project hidden by the moderators"), preference=PROJECTS,
                  audience=may_view)
