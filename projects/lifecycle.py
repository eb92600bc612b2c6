"""Who may move a project from which status to which.

The organisation's side (“reviewers”) is its staff and the animators of the
comité in charge of the project; its authors are the accepted porteurs."""

from dataclasses import dataclass

from .models import ProjectStatus as S

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
    Transition(frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.ACCOMPANIED, S.IN_PROGRESS}), S.ABANDONED,
               frozenset({AUTHOR, STAFF})),
]


def transition_for(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if source in t.source and t.target == target), None)


def roles_of(user, project) -> set[str]:
    from committees.predicates import runs_committee
    from participation.predicates import is_organisation_staff

    roles = set()
    if not user.is_authenticated:
        return roles
    from .rules import is_project_author

    if is_project_author(user, project):
        roles.add(AUTHOR)
    if is_organisation_staff(user, project.organisation):
        roles |= {STAFF, REVIEWER}
    elif project.committee_id and runs_committee(user, project.committee):
        roles.add(REVIEWER)
    return roles


def allowed_targets(user, project, roles: set[str] | None = None) -> list[Transition]:
    """The moves this person may make from the project's current status."""
    if project.hidden_at is not None:
        return []
    roles = roles_of(user, project) if roles is None else roles
    return [t for t in TRANSITIONS if project.status in t.source and t.who & roles]
