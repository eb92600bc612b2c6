from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Indicator


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "date"
    menu_label = _("Indicators")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "page", "unit", "target"]
    search_fields = ["name"]


register_snippet(IndicatorViewSet)
