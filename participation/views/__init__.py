from . import comments, notifications
from .accounts import memberships, organisation_requests, profile

__all__ = ["comments", "memberships", "notifications", "organisation_requests", "profile"]
