from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    """Comités, their meetings, minutes and attendance, and their calendars."""

    name = "committees"
    verbose_name = _("Committees")

    def ready(self):
        from cms.searching import register as search_register

        from .selectors import search_committees, search_meetings

        search_register("committees", _("Committees"), search_committees)
        search_register("meetings", _("Meetings"), search_meetings)
        from core.page_cache import invalidate_on
        from participation.commenting import register

        from . import notices
        from .models import Committee, CommitteeMember, CommitteePlanItem, Meeting

        notices.register()
        # A seat written: the standings kept on user objects are read again.
        from django.db.models.signals import post_delete, post_save

        from participation import roles

        post_save.connect(roles.changed, sender=CommitteeMember, dispatch_uid="roles-CommitteeMember-saved")
        post_delete.connect(roles.changed, sender=CommitteeMember, dispatch_uid="roles-CommitteeMember-deleted")
        # Live sockets check again: a seat written (someone left), a comité
        # whose content is (now) for its members.
        from participation.live import recheck_organisations_on, recheck_people_on

        recheck_people_on(CommitteeMember, lambda seat: [seat.user_id])
        recheck_organisations_on(Committee, lambda committee: [committee.organisation_id],
                                 when=lambda committee: not committee.is_public)
        # Plan and organisation pages list comités and their meetings.
        invalidate_on(Committee, CommitteeMember, CommitteePlanItem, Meeting)
        # A committee's discussion: members-only when its content is.
        register(
            Committee,
            organisation=lambda committee: committee.organisation,
            can_view=lambda user, committee: user.has_perm("committees.view_committee_content", committee),
            queryset=lambda model: model.objects.select_related("organisation").filter(organisation__live=True),
        )
        # "En ce moment" on the home and organisation pages.
        from participation import whats_on

        from .selectors import upcoming_meetings

        whats_on.register("meetings", order=20, template="committees/_whats_on.html", read=upcoming_meetings)

    def demo_structure_load(self, *, organisation, data: dict) -> None:
        """The comités themselves, with the plan (no account needed)."""
        from .services import committees_upsert

        committees_upsert(organisation=organisation, committees=data.get("committees") or [])

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        """Their members, requests and meetings, once the demo accounts exist."""
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
