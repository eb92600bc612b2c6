"""Comités (the object is the committee). Their page, description, plan
items and how to join are public; meetings, minutes, documents, members and
discussion follow the committee's visibility."""

import rules

from participation.predicates import is_verified

from .predicates import (
    has_membership_policy_on_request,
    has_membership_policy_open,
    is_committee_member,
    is_committee_organisation_staff,
    is_public_committee,
    runs_committee,
)

# The same answers as committees/roles.py (can_view_content, can_manage).
can_view_committee_content = is_public_committee | is_committee_member | is_committee_organisation_staff
can_manage_committee = runs_committee | is_committee_organisation_staff
rules.add_perm("committees.view_committee_content", can_view_committee_content)
rules.add_perm("committees.join_committee", is_verified & has_membership_policy_open & ~is_committee_member)
rules.add_perm("committees.request_committee", is_verified & has_membership_policy_on_request & ~is_committee_member)
rules.add_perm("committees.leave_committee", is_committee_member)
rules.add_perm("committees.answer_meeting", is_verified & is_committee_member)
rules.add_perm("committees.manage_committee", can_manage_committee)
