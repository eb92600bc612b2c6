"""Wagtail permission policies for what belongs to an organisation: its
staff (salarié·es, administrateur·rices) see and change their own
organisation's, superusers everything. Registered per model with
`wagtail.permissions.register_permission_policy`, they are what Wagtail's
snippet views, choosers, bulk actions and editing sessions ask."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

from .. import roles
from .pages import is_superuser, pages_in_scope, pages_q


class OrganisationScopedPolicy(BasePermissionPolicy):
    """`organisation_field` leads from the model to its organisation."""

    def __init__(self, model, organisation_field: str):
        super().__init__(model)
        self.organisation_field = organisation_field

    def _organisation_id(self, instance) -> int:
        value = instance
        for name in self.organisation_field.split("__"):
            value = getattr(value, name)
        return value.pk

    def user_has_permission(self, user, action):
        return roles.is_staff_anywhere(user)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active:
            return False
        return roles.is_staff(user, self._organisation_id(instance))

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if is_superuser(user):
            return queryset
        return queryset.filter(roles.staff_q(user, self.organisation_field))

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(roles.staff_users_q(), is_active=True).distinct()


class PageScopedPolicy(OrganisationScopedPolicy):
    """For what hangs on a plan page (an indicator): the page's place in the
    tree decides, the organisations nested in one's own included, as for the
    page itself in Wagtail."""

    def __init__(self, model, page_field: str = "page"):
        super().__init__(model, organisation_field="")
        self.page_field = page_field

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active:
            return False
        return pages_in_scope(user, [getattr(instance, f"{self.page_field}_id")])

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model._default_manager.filter(pages_q(user, f"{self.page_field}__"))


def organisation_policy(model) -> OrganisationScopedPolicy | None:
    """The model's organisation policy, if it has one."""
    policy = policy_registry.get_by_type(model, fallback=False)
    return policy if isinstance(policy, OrganisationScopedPolicy) else None
