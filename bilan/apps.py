from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilanConfig(AppConfig):
    """The bilan a centre owes the CAF and its federation: participation,
    projects, consultations, comités and the plan's actions over a period,
    counted one way wherever the figures appear (counting.py)."""

    name = "bilan"
    verbose_name = _("Bilan")

    def ready(self):
        from . import sources

        sources.register_defaults()

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
