from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Projets habitants and the partner directory (issue 5)."""

    name = "projects"
    verbose_name = _("Residents' projects")
