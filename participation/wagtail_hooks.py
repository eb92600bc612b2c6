from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList, PageChooserPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_scoping import OrganisationScopedPolicy, ScopedObjectMixin, staff_organisation_ids
from .models import Committee, Meeting


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


class CommitteeForm(ScopedForm):
    scoped_field, scoped_lookup = "organisation", "pk"


class MeetingForm(ScopedForm):
    scoped_field, scoped_lookup = "committee", "organisation"

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


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


register_permission_policy(Committee, OrganisationScopedPolicy(Committee, "organisation"))
register_permission_policy(Meeting, OrganisationScopedPolicy(Meeting, "committee__organisation"))


class CommitteeViewSet(ScopedSnippetViewSet):
    model = Committee
    icon = "group"
    menu_label = _("Committees")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "kind", "organisation", "membership_policy", "visibility"]
    list_filter = ["kind", "membership_policy", "visibility"]
    search_fields = ["name"]
    edit_handler = ObjectList([
        PageChooserPanel("organisation", "cms.OrganisationPage"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("membership_policy"),
        FieldPanel("visibility"),
        FieldPanel("sort_order"),
        HelpPanel(content=_("Members, their roles, the plan items and the meetings are managed from the committee's "
                            "page on the site (“Manage the members”, “Edit the committee”), or in Meetings here.")),
    ], base_form_class=CommitteeForm)


class MeetingViewSet(ScopedSnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    menu_order = 221
    add_to_admin_menu = True
    list_display = ["title", "committee", "starts_at", "minutes_published_at"]
    list_filter = ["committee__kind"]
    search_fields = ["title"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList([
        FieldPanel("committee"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldPanel("online_url"),
        FieldPanel("agenda"),
        FieldPanel("cancelled_at"),
        FieldPanel("minutes"),
        FieldPanel("minutes_published_at"),
    ], base_form_class=MeetingForm)


register_snippet(CommitteeViewSet)
register_snippet(MeetingViewSet)


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
