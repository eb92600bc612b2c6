from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


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
