from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.db import lock_shared

from ..models import Assembly, AssemblyStatus


def require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def status_now(assembly: Assembly) -> str:
    """Inside a transaction: a shared lock on the assembly's row (opening and
    closing take it exclusively, so they wait for the writes under way and
    these for them), then its status as committed."""
    lock_shared(Assembly, assembly.pk)
    status = Assembly.objects.filter(pk=assembly.pk).values_list("status", flat=True).get()
    assembly.status = status
    return status


def refuse(message: str):
    raise ValidationError(message)


def must_be_before_opening(assembly: Assembly) -> None:
    status = status_now(assembly)
    if status == AssemblyStatus.DRAFT:
        refuse(_("The assembly is not convened yet."))
    if status != AssemblyStatus.CONVENED:
        refuse(_("The assembly is open: proxies can no longer be given or revoked."))
