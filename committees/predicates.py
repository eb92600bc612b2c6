"""Who someone is to a comité, for the permission rules of every app."""

import rules

from participation.predicates import is_organisation_staff

from .models import CommitteeKind, CommitteeMember, CommitteeRole, MembershipPolicy


def _seat(user, committee):
    """The person's accepted seat in the committee, or None."""
    if not user.is_authenticated or committee is None:
        return None
    return CommitteeMember.objects.accepted().filter(user=user, committee=committee).only("role").first()


@rules.predicate
def is_committee_member(user, committee) -> bool:
    """Has an accepted seat in the committee, whatever the role."""
    return _seat(user, committee) is not None


@rules.predicate
def runs_committee(user, committee) -> bool:
    """Animates the committee or is its secretary, accepted."""
    seat = _seat(user, committee)
    return seat is not None and seat.runs_committee


@rules.predicate
def is_committee_animator(user, committee) -> bool:
    """Animates the committee (not only its secretary), accepted."""
    seat = _seat(user, committee)
    return seat is not None and seat.role == CommitteeRole.ANIMATOR


@rules.predicate
def is_committee_organisation_staff(user, committee) -> bool:
    return committee is not None and is_organisation_staff(user, committee.organisation)


@rules.predicate
def is_public_committee(user, committee) -> bool:
    return committee is not None and committee.is_public


@rules.predicate
def has_membership_policy_open(user, committee) -> bool:
    return committee is not None and committee.membership_policy == MembershipPolicy.OPEN


@rules.predicate
def has_membership_policy_on_request(user, committee) -> bool:
    return committee is not None and committee.membership_policy == MembershipPolicy.ON_REQUEST


@rules.predicate
def is_house_council_member(user, organisation) -> bool:
    """Holds an accepted seat in one of the organisation's conseils de maison."""
    if not user.is_authenticated or organisation is None:
        return False
    return CommitteeMember.objects.accepted().filter(
        user=user, committee__organisation=organisation, committee__kind=CommitteeKind.HOUSE_COUNCIL
    ).exists()


@rules.predicate
def runs_a_committee_of(user, organisation) -> bool:
    """Animates (or is secretary of) at least one committee of the organisation."""
    if not user.is_authenticated or organisation is None:
        return False
    return CommitteeMember.objects.running().filter(user=user, committee__organisation=organisation).exists()
