from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations linked to plan actions (issue 7)."""

    name = "consultations"
    verbose_name = _("Consultations")
