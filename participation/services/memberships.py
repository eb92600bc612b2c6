from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import OrganisationPage
from cms.services import organisation_editors_group

from .. import roles
from ..audit import audit_record
from ..models import (
    SELF_DECLARED_ROLES,
    STAFF_ROLES,
    AuditAction,
    Membership,
    MembershipStatus,
    NotificationKind,
    User,
)
from .notifications import notifications_create


def membership_request(*, user: User, organisation: OrganisationPage, role: str, message: str = "") -> Membership:
    """Habitant is declared and accepted at once; the other roles wait for
    the organisation's staff."""
    membership = Membership(
        user=user, organisation=organisation, role=role, message=message.strip(),
        status=MembershipStatus.ACCEPTED if role in SELF_DECLARED_ROLES else MembershipStatus.PENDING,
    )
    membership.full_clean(exclude=["user", "organisation"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            _("You already have this role, or asked for it, in this organisation.")
        ) from error
    if membership.status == MembershipStatus.PENDING:
        staff = organisation_staff_ids(organisation) - {user.pk}
        notifications_create(
            recipients=dict.fromkeys(staff, NotificationKind.MEMBERSHIP_REQUESTED), target=organisation,
            actor_id=user.pk,
            title=organisation.title, url=reverse("participation:organisation_requests", args=[organisation.pk]),
            membership=membership,
        )
    return membership


def organisation_staff_ids(organisation: OrganisationPage) -> set[int]:
    return roles.staff_user_ids(organisation)


@transaction.atomic
def membership_withdraw(*, membership: Membership, user: User) -> None:
    """A person withdraws a request or leaves a role; admin rights follow."""
    if membership.user_id != user.pk:
        raise PermissionDenied
    organisation = membership.organisation
    membership.delete()
    membership_sync_admin_access(user=user, organisation=organisation)


@transaction.atomic
def membership_answer(*, membership: Membership, by: User, accept: bool, answer: str = "") -> Membership:
    """Staff accept or decline a request; a staff role opens the Wagtail
    admin on that organisation's pages, and an administrator may import plans."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = membership.status
    membership.status = MembershipStatus.ACCEPTED if accept else MembershipStatus.DECLINED
    membership.answer, membership.decided_by, membership.decided_at = answer.strip(), by, timezone.now()
    membership.full_clean()
    membership.save()
    audit_record(organisation=membership.organisation, actor=by,
                 action=AuditAction.ROLE_ACCEPTED if accept else AuditAction.ROLE_DECLINED, obj=membership.user,
                 before={"role": membership.role, "status": before},
                 after={"role": membership.role, "status": membership.status, "answer": membership.answer})
    membership_sync_admin_access(user=membership.user, organisation=membership.organisation)
    notifications_create(
        recipients={membership.user_id: NotificationKind.MEMBERSHIP_ANSWERED}, target=membership.organisation,
        actor_id=by.pk,
        title=membership.organisation.title, url=reverse("participation:memberships"), membership=membership,
    )
    return membership


def membership_sync_admin_access(*, user: User, organisation: OrganisationPage) -> None:
    """The admin groups and permissions follow the accepted staff roles."""
    roles = set(
        Membership.objects.filter(user=user, organisation=organisation, status=MembershipStatus.ACCEPTED)
        .values_list("role", flat=True)
    )
    group = organisation_editors_group(organisation)
    if roles & STAFF_ROLES:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    import_permission = Permission.objects.get(content_type__app_label="cms", codename="import_plan")
    is_administrator = Membership.objects.filter(
        user=user, role="administrateur", status=MembershipStatus.ACCEPTED
    ).exists()
    (user.user_permissions.add if is_administrator else user.user_permissions.remove)(import_permission)
