from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import audit, live, notices, plan_pages, signals

        # django-comments-xtd republishes every reply of a comment whenever
        # the comment is saved, which would publish replies still awaiting
        # moderation when their parent is edited. Moderation here decides
        # per comment (participation/services/moderation.py).
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="participation.Comment")
        notices.register()  # before the other apps', which use its e-mail preferences
        plan_pages.register_plan_pages()
        signals.connect()  # what is cached, forgotten when it changes
        live.connect()  # what sends the live sockets to check who may read again
        audit.connect()  # plan imports (cms cannot import participation)
        # The Wagtail admin's profile picture gets the checks of every picture of a person.
        from cms.upload_forms import install as admin_avatar_checks_install

        admin_avatar_checks_install()
        # The digests of notification e-mails (manage.py clock).
        from django.conf import settings

        from .scheduling import DAILY, WEEKLY, job_register
        from .services.digests import daily_digests, weekly_digests

        job_register("digests_daily", every=DAILY, hour=settings.DIGEST_HOUR, run=daily_digests)
        job_register("digests_weekly", every=WEEKLY, weekday=0, hour=settings.DIGEST_HOUR, run=weekly_digests)

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
