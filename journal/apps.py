from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    """"Où en est-on ?": the dated account of each action, written by its
    pilots and the staff, rolled up on the plan's pages."""

    name = "journal"
    verbose_name = _("Action journal")

    def ready(self):
        from cms.visibility import may_read
        from core.page_cache import invalidate_on
        from participation.commenting import register

        from . import notices
        from .models import ActionPilot, JournalEntry

        notices.register()
        invalidate_on(JournalEntry, ActionPilot)  # plan pages show the news and who writes it
        from .selectors import accueil_entries

        register(
            JournalEntry,
            organisation=lambda entry: entry.organisation,
            # An entry is read where its action is: Wagtail's privacy included.
            can_view=lambda user, entry: entry.is_public and may_read(user, entry.action),
            queryset=lambda model: model.objects.filter(action__live=True).select_related("organisation", "action"),
            accueil_choices=accueil_entries,
        )
        from participation import whats_on

        from .selectors import news_now

        whats_on.register("news", order=40, template="journal/_whats_on.html", read=news_now)

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
