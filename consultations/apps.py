from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations linked to plan actions: questions, ballots, results."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from core.page_cache import invalidate_on

        from .models import Consultation, Option, Question

        # Action pages list consultations with their state, which changes when
        # one is saved (opened, closed). Ballots do not touch the plan pages:
        # results are shown on the consultation's own pages, never cached
        # whole, so a busy vote leaves the visitors' page cache alone.
        invalidate_on(Consultation, Question, Option)

        from . import signals

        signals.connect()

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
