"""The record of what staff and animators do (issue 19): one function the
services of every app call inside their own transaction, so that the change
and its record are written together or not at all.

What goes in `before` and `after` is chosen by each caller, and is never
the content of a secret ballot with its voter: a paper ballot entry records
how many ballots were entered, not what they said."""

from __future__ import annotations

from django.db import models

from cms.services.plans import plans_imported

from . import roles
from .models import AuditAction, AuditEntry, Role, User

LABEL_LENGTH = 255


def actor_role(actor, organisation) -> str:
    if actor is None:
        return ""
    if roles.is_administrator(actor, organisation):
        return Role.ADMINISTRATOR
    if roles.is_staff(actor, organisation):
        return Role.STAFF
    return "superuser" if actor.is_superuser else "animateur"


def audit_record(*, organisation, actor, action: str, obj: models.Model | None = None, label: str = "",
                 before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """`obj` names what was changed (its type and number, and `label` or its
    text as it was then); `before` and `after` hold plain JSON values."""
    return AuditEntry.objects.create(
        organisation_id=getattr(organisation, "pk", organisation), actor=actor,
        actor_role=actor_role(actor, organisation), action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:LABEL_LENGTH],
        before=_plain(before or {}), after=_plain(after or {}))


def data_exported(*, organisation, user, what: str, rows: int | None = None) -> AuditEntry:
    """A download holding people's details (a list of projects with their
    carriers, an attendance sheet, convocation letters), asked by a member
    of staff whose right the view has already checked."""
    return audit_record(organisation=organisation, actor=user, action=AuditAction.DATA_EXPORTED, label=what,
                        after={"rows": rows} if rows is not None else {})


def _plain(values: dict) -> dict:
    """Dates, choices and numbers as text JSON can hold."""
    return {key: value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
            for key, value in values.items()}


def audit_forget_person(user) -> int:
    """An erased person's name leaves the labels of the entries about their
    account; the entries they wrote keep their number and role, and show
    “Deleted account” (the account row is emptied)."""

    return AuditEntry.objects.filter(object_type=User._meta.label_lower, object_id=str(user.pk)).update(
        object_label=f"#{user.pk}", before={}, after={})


def _plans_imported(*, organisation, user, plans, **kwargs) -> None:
    for title, report in plans:
        audit_record(organisation=organisation, actor=user, action=AuditAction.PLAN_IMPORTED, label=title,
                     after={"created": len(report.created), "updated": len(report.updated),
                            "unpublished": len(report.removed)})


def connect() -> None:
    plans_imported.connect(_plans_imported, dispatch_uid="participation.audit.plans_imported")
