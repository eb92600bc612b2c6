"""Who someone is to a comité, for the permission rules of every app: the
answers of committees/roles.py as django-rules predicates."""

import rules

from participation import roles as organisation_roles

from . import roles
from .models import MembershipPolicy


@rules.predicate
def is_committee_member(user, committee) -> bool:
    """Has an accepted seat in the committee, whatever the role."""
    return roles.is_member(user, committee)


@rules.predicate
def runs_committee(user, committee) -> bool:
    """Animates the committee or is its secretary, accepted."""
    return roles.runs(user, committee)


@rules.predicate
def is_committee_animator(user, committee) -> bool:
    """Animates the committee (not only its secretary), accepted."""
    return roles.is_animator(user, committee)


@rules.predicate
def is_committee_organisation_staff(user, committee) -> bool:
    return committee is not None and organisation_roles.is_staff(user, committee.organisation_id)


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
    return organisation is not None and organisation.pk in roles.house_council_organisation_ids(user)


@rules.predicate
def runs_a_committee_of(user, organisation) -> bool:
    """Animates (or is secretary of) at least one committee of the organisation."""
    return organisation is not None and organisation.pk in roles.running_organisation_ids(user)
