from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations linked to plan actions: questions, ballots, results."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from cms.searching import register as search_register

        from .selectors import search_consultations

        search_register("consultations", _("Consultations"), search_consultations)
        from core.page_cache import invalidate_on

        from .models import Consultation, Option, Question

        # Action pages list consultations with their state, which changes when
        # one is saved (opened, closed). Ballots do not touch the plan pages:
        # results are shown on the consultation's own pages, never cached
        # whole, so a busy vote leaves the visitors' page cache alone.
        invalidate_on(Consultation, Question, Option)

        from . import notices, signals

        notices.register()
        # The reminders, looked for every hour (manage.py clock).
        from participation.scheduling import HOURLY, job_register

        from .services.reminders import reminders_send

        job_register("consultation_reminders", every=HOURLY, minute=5, run=reminders_send)

        signals.connect()
        # Live sockets check again when a consultation may have become
        # unseen: back to draft, given to a comité (whose content may be for
        # its members); an open consultation of the whole organisation stays seen.
        from participation.live import recheck_organisations_on

        recheck_organisations_on(Consultation, lambda consultation: [consultation.organisation_id],
                                 when=lambda consultation: consultation.published_at is None
                                 or consultation.committee_id is not None)
        # "En ce moment" on the home and organisation pages.
        from participation import whats_on

        from .selectors import open_now

        whats_on.register("consultations", order=10, template="consultations/_whats_on.html", read=open_now)

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
