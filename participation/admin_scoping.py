"""Wagtail admin snippets scoped by organisation (comités, meetings,
partners…): an organisation's staff (salarié·es, administrateur·rices) see
and change only their own organisation's, superusers everything."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from . import roles


def staff_organisation_ids(user) -> frozenset[int]:
    return roles.staff_organisation_ids(user)


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
        if user.is_active and user.is_superuser:
            return queryset
        return queryset.filter(roles.staff_q(user, self.organisation_field))

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(roles.staff_users_q(), is_active=True).distinct()


class ScopedObjectMixin:
    """Generic admin views (edit, delete, history, usage…) find the object
    among those the person may change: another organisation's is a 404."""

    def get_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change"])

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class ScopedForm(WagtailAdminModelForm):
    """Only the person's own organisations (or their committees) to choose from."""

    scoped_field = ""
    scoped_lookup = ""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get(self.scoped_field)
        if field is not None and for_user is not None and not for_user.is_superuser:
            field.queryset = field.queryset.filter(
                **{f"{self.scoped_lookup}__in": staff_organisation_ids(for_user)})


def scoped(view_class):
    return type(view_class.__name__, (ScopedObjectMixin, view_class), {})


class ScopedSnippetViewSet(SnippetViewSet):
    copy_view_enabled = False
    edit_view_class = scoped(snippet_views.EditView)
    delete_view_class = scoped(snippet_views.DeleteView)
    usage_view_class = scoped(snippet_views.UsageView)
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(request.user, ["change"])
