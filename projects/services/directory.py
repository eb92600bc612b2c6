"""The staff keep the partner directory and the list of rooms and equipment."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cms.models import ActionPage
from cms.selectors import organisation_plan_items

from ..models import Partner, Resource


def _may_manage(user, organisation) -> None:
    if not user.has_perm("projects.manage_directory", organisation):
        raise PermissionDenied


@transaction.atomic
def partner_save(*, user, organisation, partner: Partner | None = None, fields: dict) -> Partner:
    """Create or update a partner; its actions must be in the organisation's plans."""
    _may_manage(user, organisation)
    partner = partner or Partner(organisation=organisation)
    if partner.organisation_id != organisation.pk:
        raise PermissionDenied
    domains, actions = fields.pop("domains", []), fields.pop("actions", [])
    for name, value in fields.items():
        setattr(partner, name, value.strip() if isinstance(value, str) else value)
    action_ids = [getattr(action, "pk", action) for action in actions]
    allowed = {item.pk for item in organisation_plan_items(organisation) if isinstance(item, ActionPage)}
    if not set(action_ids) <= allowed:
        raise ValidationError({"actions": ValidationError(_("Choose actions of this organisation's plans."),
                                                          code="foreign_action")})
    partner.full_clean(exclude=["organisation"], validate_unique=False)
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as error:
        raise ValidationError({"name": ValidationError(_("A partner of this name is already in the directory."),
                                                       code="duplicate")}) from error
    partner.domains.set(domains)
    partner.actions.set(action_ids)
    return partner


@transaction.atomic
def partner_delete(*, user, partner: Partner) -> None:
    _may_manage(user, partner.organisation)
    partner.delete()


@transaction.atomic
def resource_save(*, user, organisation, resource: Resource | None = None, fields: dict) -> Resource:
    _may_manage(user, organisation)
    resource = resource or Resource(organisation=organisation)
    if resource.organisation_id != organisation.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(resource, name, value.strip() if isinstance(value, str) else value)
    resource.full_clean(exclude=["organisation"], validate_unique=False)
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError as error:
        raise ValidationError({"name": ValidationError(_("There is already one with this name."),
                                                       code="duplicate")}) from error
    return resource


@transaction.atomic
def resource_delete(*, user, resource: Resource) -> None:
    _may_manage(user, resource.organisation)
    resource.delete()
