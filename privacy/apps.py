from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """People's data: deleting one's account (alone, or at the accueil with
    the staff). It sits above every app because it must know every row that
    holds a person (tests/privacy/test_erasure.py fails on a new one)."""

    name = "privacy"
    verbose_name = _("People's data")
