from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    """The assemblée générale: the statutes' rules, convocation, proxies,
    attendance, live quorum, resolutions and the procès-verbal
    (docs/assemblies.md)."""

    name = "assemblies"
    verbose_name = _("General assemblies")

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        """CERISE's assemblies, once the demo accounts and register exist."""
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
