from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations linked to plan actions: questions, ballots, results."""

    name = "consultations"
    verbose_name = _("Consultations")

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
