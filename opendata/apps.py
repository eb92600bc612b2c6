from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """What the site gives to machines: feeds, and the public API. It reads
    every app (each through its own rules of who may read what), so it sits
    above them all, beside the bilan."""

    name = "opendata"
    verbose_name = _("Open data")
