"""Reads of the participation app."""

from ..models import Membership


def memberships_with_people():
    """Memberships with their organisation, person and answerer in one query."""
    return Membership.objects.select_related("organisation", "user", "decided_by")
