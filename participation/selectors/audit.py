"""The audit log as the organisation's administrators search it."""

import datetime

from django.db.models import Q

from ..models import AuditEntry, User


def audit_actors(organisation):
    """The people who appear in the organisation's log, for the filter."""
    return (User.objects.filter(pk__in=AuditEntry.objects.filter(organisation=organisation).values("actor_id"))
            .order_by("display_name", "username"))


def audit_entries(organisation, *, actor_id: int | None = None, action: str = "", search: str = "",
                  since: datetime.date | None = None, until: datetime.date | None = None):
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("actor")
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if action:
        entries = entries.filter(action=action)
    if search:
        entries = entries.filter(Q(object_label__icontains=search) | Q(object_id=search))
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.order_by("-created_at", "-pk")
