import rules

from .predicates import (
    can_read_comment,
    can_view_target,
    has_membership_policy_on_request,
    has_membership_policy_open,
    is_comment_author,
    is_comment_moderator,
    is_committee_member,
    is_committee_organisation_staff,
    is_organisation_staff,
    is_public_committee,
    is_staff_of_membership_organisation,
    is_verified,
    runs_committee,
)

rules.add_perm("participation.request_membership", is_verified)
rules.add_perm("participation.answer_membership", is_staff_of_membership_organisation)
rules.add_perm("participation.view_membership_requests", is_organisation_staff)

# Comments: the target for add_comment and follow, the comment otherwise.
rules.add_perm("participation.add_comment", is_verified & can_view_target)
rules.add_perm("participation.follow", is_verified & can_view_target)
rules.add_perm("participation.change_comment", is_verified & is_comment_author)
rules.add_perm("participation.delete_comment", is_comment_author)
rules.add_perm("participation.like_comment", is_verified & can_read_comment & ~is_comment_author)
rules.add_perm("participation.report_comment", is_verified & can_read_comment & ~is_comment_author)
rules.add_perm("participation.moderate_comment", is_comment_moderator)
rules.add_perm("participation.moderate_organisation", is_organisation_staff)

# Committees (the object is the committee). Their page, description, plan
# items and how to join are public; meetings, minutes, documents, members
# and discussion follow the committee's visibility.
can_view_committee_content = is_public_committee | is_committee_member | is_committee_organisation_staff
can_manage_committee = runs_committee | is_committee_organisation_staff
rules.add_perm("participation.view_committee_content", can_view_committee_content)
rules.add_perm("participation.join_committee", is_verified & has_membership_policy_open & ~is_committee_member)
rules.add_perm("participation.request_committee",
               is_verified & has_membership_policy_on_request & ~is_committee_member)
rules.add_perm("participation.leave_committee", is_committee_member)
rules.add_perm("participation.answer_meeting", is_verified & is_committee_member)
rules.add_perm("participation.manage_committee", can_manage_committee)
