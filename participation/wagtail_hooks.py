from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Committee


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "group"
    menu_label = _("Committees")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [
        PageChooserPanel("organisation", "cms.OrganisationPage"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


register_snippet(CommitteeViewSet)


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
