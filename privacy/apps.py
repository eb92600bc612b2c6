from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """People's data: deleting one's account (alone, or at the accueil with
    the staff). It sits above every app because it must know every row that
    holds a person (tests/privacy/test_erasure.py fails on a new one)."""

    name = "privacy"
    verbose_name = _("People's data")

    def ready(self):
        from allauth.account.signals import user_logged_in
        from django.db.models.signals import post_save

        from .consent import terms_forget
        from .middleware import terms_flag_set
        from .models import LegalTexts

        post_save.connect(terms_forget, sender=LegalTexts, dispatch_uid="privacy.terms_forget")
        user_logged_in.connect(terms_flag_set, dispatch_uid="privacy.terms_flag_set")
        # The daily clean-ups, at night (manage.py clock).
        from participation.scheduling import DAILY, job_register

        from .exports import data_exports_expire
        from .retention import retention_run

        job_register("retention_run", every=DAILY, hour=3, minute=30, run=lambda due_at: retention_run())
        job_register("data_exports_expire", every=DAILY, hour=3, minute=45, run=lambda due_at: data_exports_expire())
