import rules

from .predicates import (
    can_read_comment,
    can_view_target,
    is_comment_author,
    is_comment_moderator,
    is_comment_published,
    is_organisation_administrator,
    is_organisation_staff,
    is_staff_of_membership_organisation,
    is_verified,
    keeps_accueil,
)

rules.add_perm("participation.request_membership", is_verified)
rules.add_perm("participation.answer_membership", is_staff_of_membership_organisation)
rules.add_perm("participation.view_membership_requests", is_organisation_staff)

# Comments: the target for add_comment and follow, the comment otherwise.
rules.add_perm("participation.add_comment", is_verified & can_view_target)
rules.add_perm("participation.follow", is_verified & can_view_target)
rules.add_perm("participation.change_comment", is_verified & is_comment_author)
rules.add_perm("participation.delete_comment", is_comment_author)
rules.add_perm("participation.read_comment", can_read_comment)
rules.add_perm("participation.like_comment",
               is_verified & can_read_comment & is_comment_published & ~is_comment_author)
rules.add_perm("participation.report_comment",
               is_verified & can_read_comment & is_comment_published & ~is_comment_author)
rules.add_perm("participation.moderate_comment", is_comment_moderator)
rules.add_perm("participation.moderate_organisation", is_organisation_staff)

# The member register (the object is the organisation): its staff keep it.
rules.add_perm("participation.manage_register", is_organisation_staff)

# The accueil (the object is the organisation): its staff and volunteers
# record a comment, a support, an offer to help, a project or a comité
# request on behalf of a person who is there and consents. Never a vote: the
# paper register of the consultation is the way (consultations' paper batches).
rules.add_perm("participation.record_at_accueil", keeps_accueil)

# Importing a plan into an organisation (the admin import asks it about the
# organisation): its administrators. The model permission of the same name,
# which membership_sync_admin_access gives every administrator, only opens
# the import page.
rules.add_perm("cms.import_plan", is_organisation_administrator)
