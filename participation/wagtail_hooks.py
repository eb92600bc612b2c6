from django.urls import Resolver404, path, resolve, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.models import Indicator

from .admin_scoping import (
    ADMIN_VIEWS,
    PageScopedForm,
    PageScopedPolicy,
    ScopedDeleteBulkAction,
    ScopedSnippetViewSet,
    ancestors_q,
    pages_q,
)
from .admin_scoping.guard import SUPERUSER, decision_for


@hooks.register("register_admin_urls")
def moderation_urls():
    from .admin_views import moderation

    return [path("moderation/", moderation, name="participation_moderation")]


class ModerationMenuItem(MenuItem):
    """Shown to the staff of at least one organisation, with the number of
    comments waiting for them (one query, on every admin page)."""

    def is_shown(self, request):
        from .selectors.moderation import is_moderator

        return is_moderator(request.user)

    def render_component(self, request):
        from .selectors.moderation import waiting_count

        component = super().render_component(request)
        count = waiting_count(request.user)
        if count:
            component.label = f"{self.label} ({count})"
        return component


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"), reverse("participation_moderation"), name="moderation", icon_name="comment", order=215
    )


# The plan's indicators: registered here rather than in cms, because what
# scopes them (the roles) lives in this app.


class IndicatorForm(PageScopedForm):
    page_field = "page"


register_permission_policy(Indicator, PageScopedPolicy(Indicator, "page"))


class IndicatorViewSet(ScopedSnippetViewSet):
    model = Indicator
    icon = "date"
    menu_label = _("Indicators")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "page", "unit", "target"]
    list_export = ["page", "name", "unit", "target", "description"]
    search_fields = ["name"]
    edit_handler = ObjectList(Indicator.panels, base_form_class=IndicatorForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page")


register_snippet(IndicatorViewSet)

# After Wagtail's own delete action for snippets, which it replaces for the
# scoped ones.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)


@hooks.register("construct_page_chooser_queryset")
def pages_of_ones_organisations(pages, request):
    """The page chooser (links, indicators' pages) offers the person's
    organisations' pages and the way down to them, never another's."""
    user = request.user
    if user.is_active and user.is_superuser:
        return pages
    return pages.filter(pages_q(user) | ancestors_q(user))


def _refused(request, item) -> bool:
    url = getattr(item, "url", None)
    if not url:
        return False
    try:
        match = resolve(url)
    except Resolver404:
        return False
    decision = decision_for(match, ADMIN_VIEWS)
    return decision is None or decision.kind == SUPERUSER


@hooks.register("construct_main_menu")
@hooks.register("construct_settings_menu")
@hooks.register("construct_reports_menu")
def hide_what_the_guard_refuses(request, menu_items):
    """No menu entry leads to a view the admin guard refuses the person."""
    if request.user.is_superuser:
        return
    menu_items[:] = [item for item in menu_items if not _refused(request, item)]
