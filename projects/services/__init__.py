from .authors import author_invite, author_leave, invitation_answer
from .directory import partner_delete, partner_save, resource_delete, resource_save
from .lifecycle import project_hide, project_restore, project_transition
from .media import attachment_add, attachment_remove, image_add, image_remove
from .projects import project_create, project_delete, project_propose_at_accueil, project_update
from .review import partner_link, partner_unlink, project_committee_set, project_settings_set
from .supports import help_offer_set, project_support, support_threshold

__all__ = [
    "attachment_add",
    "attachment_remove",
    "author_invite",
    "author_leave",
    "help_offer_set",
    "image_add",
    "image_remove",
    "invitation_answer",
    "partner_delete",
    "partner_link",
    "partner_save",
    "partner_unlink",
    "project_committee_set",
    "project_create",
    "project_propose_at_accueil",
    "project_delete",
    "project_hide",
    "project_restore",
    "project_settings_set",
    "project_support",
    "project_transition",
    "project_update",
    "resource_delete",
    "resource_save",
    "support_threshold",
]
