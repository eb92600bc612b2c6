"""The procès-verbal: drafted from the record, the debates' summaries typed
by the secretary, drawn up once the session is closed, signed by the
president and the secretary (name and date), then kept as a PDF in the
organisation's archive."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Assembly, AssemblyStatus
from .common import refuse, require


@transaction.atomic
def minutes_save(*, assembly: Assembly, user, summary: str, debates: dict[int, str], president_name: str,
                 secretary_name: str) -> None:
    require(user, "assemblies.manage_assembly", assembly)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status == AssemblyStatus.DRAFT or locked.status == AssemblyStatus.CONVENED:
        refuse(_("The minutes are written once the session is open."))
    if locked.minutes_final_at is not None:
        refuse(_("The minutes are drawn up: they no longer change."))
    locked.summary = summary.strip()
    locked.president_name = " ".join(president_name.split()) or locked.president_name
    locked.secretary_name = " ".join(secretary_name.split()) or locked.secretary_name
    locked.full_clean(exclude=["organisation", "statutes", "created_by", "helpers"])
    locked.save(update_fields=["summary", "president_name", "secretary_name"])
    for item in locked.items.all():
        if item.pk in debates and debates[item.pk].strip() != item.debate:
            item.debate = debates[item.pk].strip()
            item.full_clean(exclude=["assembly"])
            item.save(update_fields=["debate"])
    assembly.summary, assembly.president_name, assembly.secretary_name = (
        locked.summary, locked.president_name, locked.secretary_name)


@transaction.atomic
def minutes_finalise(*, assembly: Assembly, user, now=None) -> None:
    """Drawn up: the text is fixed, ready to be signed."""
    require(user, "assemblies.manage_assembly", assembly)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status != AssemblyStatus.CLOSED:
        refuse(_("The minutes are drawn up once the session is closed."))
    if locked.minutes_final_at is not None:
        refuse(_("The minutes are already drawn up."))
    if not locked.president_name or not locked.secretary_name:
        refuse(_("Name the president and the secretary of the session first."))
    locked.minutes_final_at = now or timezone.now()
    locked.save(update_fields=["minutes_final_at"])
    assembly.minutes_final_at = locked.minutes_final_at


def minutes_sign(*, assembly: Assembly, user, role: str, on=None) -> None:
    """The president's or the secretary's signature, by name and date (the
    president from their own account, or either recorded by the staff);
    once both have signed, the PDF is kept in the archive."""
    from ..printing import minutes_pdf

    require(user, "assemblies.sign_minutes", assembly)
    if role not in ("president", "secretary"):
        refuse(_("Sign as the president or as the secretary."))
    if role == "secretary" and not user.has_perm("assemblies.manage_assembly", assembly):
        refuse(_("The staff record the secretary's signature."))
    with transaction.atomic():
        locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
        if getattr(locked, f"{role}_signed_on") is not None:
            refuse(_("Already signed."))
        setattr(locked, f"{role}_signed_on", on or timezone.localdate())
        locked.save(update_fields=[f"{role}_signed_on"])
        setattr(assembly, f"{role}_signed_on", getattr(locked, f"{role}_signed_on"))
        if locked.president_signed_on and locked.secretary_signed_on:
            pdf = minutes_pdf(assembly)
            assembly.minutes_file.save(f"pv-{assembly.organisation.slug}-{assembly.day:%Y-%m-%d}.pdf",
                                       ContentFile(pdf), save=False)
            Assembly.objects.filter(pk=assembly.pk).update(minutes_file=assembly.minutes_file.name)
