from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Indicator, PlanPage


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "date"
    menu_label = _("Indicators")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "page", "unit", "target"]
    search_fields = ["name"]


register_snippet(IndicatorViewSet)


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
