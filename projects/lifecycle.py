"""Who may move a project from which status to which.

The organisation's side (“reviewers”) is its staff and the animators of the
comité in charge of the project; its authors are the accepted porteurs."""

from dataclasses import dataclass

from committees import roles as committee_roles
from participation import roles

from .models import ProjectStatus as S
from .rules import is_project_author

AUTHOR, REVIEWER, STAFF = "author", "reviewer", "staff"


@dataclass(frozen=True)
class Transition:
    source: frozenset
    target: str
    who: frozenset  # AUTHOR, REVIEWER (staff or comité in charge), STAFF (staff only)
    message_required: bool = False


TRANSITIONS = [
    Transition(frozenset({S.DRAFT}), S.SUBMITTED, frozenset({AUTHOR})),
    Transition(frozenset({S.SUBMITTED}), S.UNDER_REVIEW, frozenset({REVIEWER})),
    Transition(frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.ACCOMPANIED, frozenset({REVIEWER}), True),
    Transition(frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.DECLINED, frozenset({REVIEWER}), True),
    Transition(frozenset({S.ACCOMPANIED}), S.IN_PROGRESS, frozenset({AUTHOR, REVIEWER})),
    Transition(frozenset({S.IN_PROGRESS}), S.DONE, frozenset({AUTHOR, REVIEWER})),
    # Only its carriers give up a project: the organisation declines it,
    # with a public reason.
    Transition(frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.ACCOMPANIED, S.IN_PROGRESS}), S.ABANDONED,
               frozenset({AUTHOR})),
]


def transition_for(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if source in t.source and t.target == target), None)


def roles_of(user, project) -> set[str]:
    """The person's part in this project, from their standing in the
    organisation and its comités (participation/roles.py, committees/roles.py)
    and their seat among the carriers."""
    found = set()
    if not user.is_authenticated:
        return found
    if is_project_author(user, project):
        found.add(AUTHOR)
    if roles.is_staff(user, project.organisation_id):
        found |= {STAFF, REVIEWER}
    elif project.committee_id and committee_roles.runs(user, project.committee_id):
        found.add(REVIEWER)
    return found


def allowed_targets(user, project, roles: set[str] | None = None) -> list[Transition]:
    """The moves this person may make from the project's current status."""
    if project.hidden_at is not None:
        return []
    roles = roles_of(user, project) if roles is None else roles
    return [t for t in TRANSITIONS if project.status in t.source and t.who & roles]
