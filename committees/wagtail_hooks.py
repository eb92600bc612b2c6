"""The comités and meetings in the Wagtail admin, each organisation's staff
seeing their own (participation/admin_scoping.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList, PageChooserPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from participation.admin_scoping import OrganisationScopedPolicy, ScopedForm, ScopedSnippetViewSet

from .models import Committee, Meeting


class CommitteeForm(ScopedForm):
    scoped_field, scoped_lookup = "organisation", "pk"


class MeetingForm(ScopedForm):
    scoped_field, scoped_lookup = "committee", "organisation"

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


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
