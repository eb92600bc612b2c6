from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ActionTag, PlanPage

# The indicators' admin is registered by participation/wagtail_hooks.py: each
# organisation's staff see their own, which the roles (above cms) decide.


@hooks.register("register_page_header_buttons")
def plan_export_buttons(page, user, view_name, next_url=None):
    """Staff download a published plan from its admin page, through the same
    public URLs visitors use (a draft plan has none yet)."""
    if not page.live or not issubclass(page.specific_class or type(page), PlanPage):
        return
    plan = page.specific_deferred
    if not plan.url:  # not under any site
        return
    for name, label, priority in (("export_xlsx", _("Export (XLSX)"), 80), ("export_csv", _("Export (CSV)"), 81)):
        yield Button(label, plan.url + plan.reverse_subpage(name), icon_name="download", priority=priority)


@hooks.register("register_admin_urls")
def plan_import_urls():
    from .admin_views import plan_import

    return [path("plans/import/", plan_import, name="cms_plan_import")]


class PlanImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cms.import_plan")


@hooks.register("register_admin_menu_item")
def plan_import_menu_item():
    return PlanImportMenuItem(_("Import a plan"), reverse("cms_plan_import"), icon_name="upload", order=230)


class ActionTagViewSet(SnippetViewSet):
    """The vocabulary of publics and domains the plans' actions are tagged with."""

    model = ActionTag
    icon = "tag"
    menu_label = _("Action tags")
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["name", "kind", "families"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(ActionTagViewSet)
