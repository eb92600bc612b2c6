from . import comments, notifications
from .accounts import membership_leave, memberships, organisation_requests, profile

__all__ = ["comments", "membership_leave", "memberships", "notifications", "organisation_requests", "profile"]
