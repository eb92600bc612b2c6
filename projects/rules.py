"""Who may do what with projects and the directory. The status moves are in
lifecycle.py; the services check both."""

import rules

from participation.predicates import is_organisation_member, is_organisation_staff, is_verified

from .models import ProjectStatus

FINAL_STATUSES = {ProjectStatus.DONE, ProjectStatus.DECLINED, ProjectStatus.ABANDONED}


def _seat(user, project):
    """This person's seat among the carriers (accepted or invited), from the
    prefetched carriers when the view read them (selectors.project_for_view)."""
    if project is None or not user.is_authenticated:
        return None
    if "authors" in getattr(project, "_prefetched_objects_cache", {}):
        return next((seat for seat in project.authors.all() if seat.user_id == user.pk), None)
    return project.authors.filter(user=user).first()


@rules.predicate
def is_project_author(user, project) -> bool:
    seat = _seat(user, project)
    return seat is not None and seat.accepted


@rules.predicate
def is_invited_author(user, project) -> bool:
    seat = _seat(user, project)
    return seat is not None and not seat.accepted


@rules.predicate
def is_project_staff(user, project) -> bool:
    return project is not None and is_organisation_staff(user, project.organisation_id)  # the id: no query


@rules.predicate
def is_public_project(user, project) -> bool:
    return project is not None and project.is_public


@rules.predicate
def is_open_project(user, project) -> bool:
    return project is not None and project.is_open


@rules.predicate
def is_editable_project(user, project) -> bool:
    return project is not None and project.is_editable and project.hidden_at is None


@rules.predicate
def is_hidden_project(user, project) -> bool:
    return project is not None and project.hidden_at is not None


@rules.predicate
def is_draft_project(user, project) -> bool:
    return project is not None and project.status == ProjectStatus.DRAFT


@rules.predicate
def is_final_project(user, project) -> bool:
    return project is not None and project.status in FINAL_STATUSES


# Drafts are the authors' own; the staff see a hidden project to moderate it.
can_view_project = (
    is_public_project | is_project_author | is_invited_author | (is_project_staff & ~is_draft_project)
)

rules.add_perm("projects.add_project", is_verified)
rules.add_perm("projects.view_project", can_view_project)
rules.add_perm("projects.change_project", is_verified & is_project_author & is_editable_project)
# Pictures and documents may still come once the project is under way.
rules.add_perm("projects.change_media", is_verified & is_project_author & ~is_hidden_project)
rules.add_perm("projects.delete_project", is_project_author & is_draft_project)
rules.add_perm("projects.invite_author", is_verified & is_project_author & ~is_final_project)
rules.add_perm("projects.answer_invitation", is_verified & is_invited_author)
rules.add_perm("projects.support_project", is_verified & is_open_project & ~is_project_author)
rules.add_perm("projects.offer_help", is_verified & is_open_project & ~is_project_author)
rules.add_perm("projects.view_help_offers", is_project_author | is_project_staff)
# A poster calls for supports: while it takes them, for its carriers and the staff.
rules.add_perm("projects.print_poster", is_open_project & (is_project_author | is_project_staff))
rules.add_perm("projects.manage_project", is_project_staff & ~is_draft_project)
rules.add_perm("projects.moderate_project", is_project_staff & ~is_draft_project)
# On an organisation:
rules.add_perm("projects.review_projects", is_organisation_staff)
rules.add_perm("projects.manage_directory", is_organisation_staff)
rules.add_perm("projects.view_partner_contacts", is_organisation_member)
