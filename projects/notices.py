"""What projects tell people about, and the e-mail preference it goes by
(participation/notifying.py)."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, preference_register

PROJECTS = "projects"


class ProjectNotice:
    NEWS = "project_news"
    INVITATION = "project_invitation"
    FOLLOWED = "followed_project"
    TO_REVIEW = "project_to_review"
    HIDDEN = "project_hidden"


def register() -> None:
    preference_register(PROJECTS, _("email me about my projects (answers, offers to help, partners, invitations)"))
    kind_register(ProjectNotice.NEWS, _("News of a project I carry"), preference=PROJECTS)
    kind_register(ProjectNotice.INVITATION, _("An invitation to carry a project"), preference=PROJECTS)
    kind_register(ProjectNotice.FOLLOWED, _("News of a project I follow"), preference="followed")
    kind_register(ProjectNotice.TO_REVIEW, _("A project to study"), preference="moderation")
    kind_register(ProjectNotice.HIDDEN, _("My project hidden by the moderators"), preference=PROJECTS)
