from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import plan_pages, signals
        from .commenting import register
        from .models import Committee

        # django-comments-xtd republishes every reply of a comment whenever
        # the comment is saved, which would publish replies still awaiting
        # moderation when their parent is edited. Moderation here decides
        # per comment (participation/services/moderation.py).
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="participation.Comment")
        plan_pages.register_plan_pages()
        signals.connect()  # what is cached, forgotten when it changes
        # A committee's discussion: members-only when its content is.
        register(
            Committee,
            organisation=lambda committee: committee.organisation,
            can_view=lambda user, committee: user.has_perm("participation.view_committee_content", committee),
            queryset=lambda model: model.objects.select_related("organisation").filter(organisation__live=True),
        )

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)

