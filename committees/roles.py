"""Who someone is to a comité: the seats every check of the comités, and of
the apps that build on them (projects, consultations), reads from here, on
top of participation/roles.py for the organisation. A person's accepted
seats, for every comité at once, are one query, kept on the user object for
the request until a seat changes (apps.py moves the generation on)."""

from dataclasses import dataclass

from participation import roles

from .models import RUNNING_ROLES, CommitteeKind, CommitteeMember, CommitteeRole


@dataclass(frozen=True)
class Seat:
    committee_id: int
    role: str
    kind: str
    organisation_id: int

    @property
    def runs(self) -> bool:
        return self.role in RUNNING_ROLES


def seats(user) -> dict[int, Seat]:
    """The person's accepted seats, by committee id."""
    if not user.is_authenticated or not user.is_active:
        return {}
    return roles.cached(user, "committee-seats", lambda: {
        committee_id: Seat(committee_id, role, kind, organisation_id)
        for committee_id, role, kind, organisation_id in CommitteeMember.objects.accepted().filter(user=user)
        .values_list("committee_id", "role", "committee__kind", "committee__organisation_id")})


def _id(committee) -> int | None:
    return getattr(committee, "pk", committee)


def seat(user, committee) -> Seat | None:
    return None if committee is None else seats(user).get(_id(committee))


def is_member(user, committee) -> bool:
    return seat(user, committee) is not None


def runs(user, committee) -> bool:
    """Animator or secretary of the comité, accepted."""
    found = seat(user, committee)
    return found is not None and found.runs


def is_animator(user, committee) -> bool:
    found = seat(user, committee)
    return found is not None and found.role == CommitteeRole.ANIMATOR


def can_view_content(user, committee) -> bool:
    """Meetings, minutes, documents, members and discussion: public, or for
    its members and the organisation's staff."""
    return committee is not None and (committee.is_public or is_member(user, committee)
                                      or roles.is_staff(user, committee.organisation_id))


def can_manage(user, committee) -> bool:
    return committee is not None and (runs(user, committee) or roles.is_staff(user, committee.organisation_id))


def committee_ids(user) -> frozenset[int]:
    return frozenset(seats(user))


def run_committee_ids(user) -> frozenset[int]:
    return frozenset(committee_id for committee_id, found in seats(user).items() if found.runs)


def house_council_ids(user) -> frozenset[int]:
    return frozenset(committee_id for committee_id, found in seats(user).items()
                     if found.kind == CommitteeKind.HOUSE_COUNCIL)


def house_council_organisation_ids(user) -> frozenset[int]:
    return frozenset(found.organisation_id for found in seats(user).values()
                     if found.kind == CommitteeKind.HOUSE_COUNCIL)


def running_organisation_ids(user) -> frozenset[int]:
    """Organisations where the person runs at least one comité."""
    return frozenset(found.organisation_id for found in seats(user).values() if found.runs)
