import rules

from .predicates import is_organisation_staff, is_staff_of_membership_organisation, is_verified

rules.add_perm("participation.request_membership", is_verified)
rules.add_perm("participation.answer_membership", is_staff_of_membership_organisation)
rules.add_perm("participation.view_membership_requests", is_organisation_staff)
