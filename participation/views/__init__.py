from . import comments, notifications
from .accounts import avatar_rendition, membership_leave, memberships, organisation_requests, profile

__all__ = ["avatar_rendition", "comments", "membership_leave", "memberships", "notifications",
           "organisation_requests", "profile"]
