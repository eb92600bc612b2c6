"""Reads of the participation app."""

from ..models import Membership


def memberships_with_people():
    """Memberships with their organisation, person and answerer in one query."""
    return Membership.objects.select_related("organisation", "user", "decided_by")


def people_named(who: str):
    """Active accounts whose email address (any of theirs) or display name is
    `who`, for the forms where staff name a person: appointing a committee
    member, entering a paper ballot."""
    from django.db.models import Q

    from ..models import User

    who = " ".join((who or "").split())
    return User.objects.filter(
        Q(email__iexact=who) | Q(display_name__iexact=who) | Q(emailaddress__email__iexact=who), is_active=True,
    ).distinct()
