"""Snippets of an organisation (comités, meetings, indicators…) in the
Wagtail admin: every view, chooser and bulk action finds its objects among
those the person may change, through the model's registered policy
(policies.py); another organisation's object is a 404 and its name is never
shown."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.functional import classproperty
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from core.csv import cell
from core.forms import never_shown_back

from .. import roles
from .pages import pages_q


def scoped_objects(model, user):
    """The objects of `model` this person may change."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["change"])


class ScopedObjectMixin:
    """Generic admin views (edit, delete, history, usage, inspect…) find the
    object among those the person may change."""

    def get_queryset(self):
        return scoped_objects(self.model, self.request.user)

    def get_object(self, *args, **kwargs):
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        if pk is not None and not self.get_queryset().filter(pk=unquote(str(pk))).exists():
            raise Http404
        return super().get_object(*args, **kwargs)


def scoped(view_class):
    return type(view_class.__name__, (ScopedObjectMixin, view_class), {})


class IndexView(snippet_views.IndexView):
    """The list and its CSV and XLSX exports, of the person's objects (the
    viewset's queryset); no CSV cell a spreadsheet would run as a formula
    (core/csv.py; Wagtail's XLSX writer already keeps them text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return cell(value) if export_format == self.FORMAT_CSV and isinstance(value, str) else value


class ScopedChooseMixin:
    def get_object_list(self):
        return scoped_objects(self.model_class, self.request.user)


class ScopedChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        return scoped_objects(self.model_class, self.request.user).get(pk=pk)


class ScopedChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scoped_objects(self.model_class, self.request.user).filter(pk__in=pks)


class ScopedChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (ScopedChooseMixin, chooser_views.ChooseView), {})
    choose_results_view_class = type("ChooseResultsView", (ScopedChooseMixin, chooser_views.ChooseResultsView), {})
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedSnippetViewSet(SnippetViewSet):
    """Register the model's policy (OrganisationScopedPolicy or
    PageScopedPolicy) with `register_permission_policy` beside it."""

    copy_view_enabled = False
    index_view_class = IndexView
    edit_view_class = scoped(snippet_views.EditView)
    delete_view_class = scoped(snippet_views.DeleteView)
    usage_view_class = scoped(snippet_views.UsageView)
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return scoped_objects(self.model, request.user)


class ScopedDeleteBulkAction(DeleteBulkAction):
    """"Select all" in a scoped listing deletes the person's own objects; ids
    named one by one are checked by the admin guard (guard.py)."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if isinstance(model.snippet_viewset, ScopedSnippetViewSet)]

    def get_all_objects_in_listing_query(self, parent_id):
        return scoped_objects(self.model, self.request.user).values_list("pk", flat=True)


class ScopedForm(WagtailAdminModelForm):
    """Only the person's own organisations (or their comités) to choose from."""

    scoped_field = ""
    scoped_lookup = ""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get(self.scoped_field)
        if field is not None and for_user is not None and not for_user.is_superuser:
            field.queryset = field.queryset.filter(
                **{f"{self.scoped_lookup}__in": roles.staff_organisation_ids(for_user)})
            never_shown_back(field)


class PageScopedForm(WagtailAdminModelForm):
    """Only the pages of the person's own organisations to choose from: the
    form refuses another organisation's page id, whatever the chooser showed."""

    page_field = "page"

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get(self.page_field)
        if field is not None:
            # No person (a form built outside the admin views): no page at all.
            field.queryset = field.queryset.filter(pages_q(for_user)) if for_user else field.queryset.none()
            never_shown_back(field)
