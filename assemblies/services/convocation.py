"""Convening the members: at least the statutes' notice before the day, by
e-mail to those with an address, by letter (printed with its proxy form,
printing.py) to the others; each convocation recorded as its proof."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ..models import Assembly, AssemblyStatus, Convocation, ConvocationChannel, ResolutionKind
from ..selectors import agenda, up_to_date_members
from .common import refuse, require
from .live import room_changed_on_commit


@dataclass(frozen=True)
class ConvocationReport:
    emailed: int
    letters: int


def convocation_check(assembly: Assembly, today=None) -> None:
    """Refused with the reason: convened already, no agenda, or too late
    for the notice the statutes require."""
    today = today or timezone.localdate()
    if assembly.status != AssemblyStatus.DRAFT:
        refuse(_("The members are already convened."))
    if not assembly.items.exclude(kind=ResolutionKind.MISC).exists():
        refuse(_("Put at least one item on the agenda before convening the members."))
    if today > assembly.convocation_deadline():
        refuse(_("The statutes require %(days)s days' notice: an assembly on %(day)s had to be convened by "
                 "%(deadline)s. Choose a later date.")
               % {"days": assembly.statutes.notice_days, "day": formats.date_format(assembly.day),
                  "deadline": formats.date_format(assembly.convocation_deadline())})


@transaction.atomic
def assembly_convene(*, assembly: Assembly, user, now=None, send: bool = True) -> ConvocationReport:
    """`send=False` records the convocations without e-mailing them (the
    demo's past assembly, convened long ago)."""
    require(user, "assemblies.manage_assembly", assembly)
    now = now or timezone.now()
    locked = Assembly.objects.select_for_update().select_related("statutes").get(pk=assembly.pk)
    convocation_check(locked, timezone.localdate(now))
    rows = []
    for member in up_to_date_members(locked).select_related("user"):
        address = member.email or (member.user.email if member.user_id else "")
        rows.append(Convocation(assembly=locked, member=member, address=address, sent_at=now,
                                channel=ConvocationChannel.EMAIL if address else ConvocationChannel.LETTER))
    Convocation.objects.bulk_create(rows)
    locked.status, locked.convened_at = AssemblyStatus.CONVENED, now
    locked.save(update_fields=["status", "convened_at"])
    assembly.status, assembly.convened_at = locked.status, locked.convened_at
    messages = _emails(locked, [row for row in rows if row.channel == ConvocationChannel.EMAIL])
    if send:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    room_changed_on_commit(assembly.pk)
    return ConvocationReport(emailed=len(messages), letters=len(rows) - len(messages))


def _emails(assembly: Assembly, rows: list[Convocation]) -> list[EmailMessage]:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {"assembly": assembly, "organisation": assembly.organisation, "items": agenda(assembly),
               "link": base + reverse("assemblies:detail", args=[assembly.pk]),
               "proxy_link": base + reverse("assemblies:proxy", args=[assembly.pk])}
    with translation.override(settings.LANGUAGE_CODE):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_to_string(
            "assemblies/email/convocation_subject.txt", context).strip()
        messages = []
        for row in rows:
            body = render_to_string("assemblies/email/convocation_body.txt", {**context, "member": row.member})
            messages.append(EmailMessage(subject, body, None, [row.address]))
    return messages
