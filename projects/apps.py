from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Projets habitants, the partner directory, rooms and equipment."""

    name = "projects"
    verbose_name = _("Residents' projects")

    def ready(self):
        from participation.commenting import register

        from .models import Project

        register(
            Project,
            organisation=lambda project: project.organisation,
            can_view=lambda user, project: project.is_public,
            queryset=lambda model: model.objects.public().select_related("organisation"),
        )

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
