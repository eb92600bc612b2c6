from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Projets habitants, the partner directory, rooms and equipment."""

    name = "projects"
    verbose_name = _("Residents' projects")

    def ready(self):
        from cms.searching import register as search_register

        from .selectors import search_projects

        search_register("projects", _("Residents' projects"), search_projects)
        from core.page_cache import invalidate_on
        from participation.commenting import register

        from . import notices
        from .models import HelpOffer, Partner, Project, ProjectAuthor, ProjectImage, ProjectPartner, Resource, Support

        notices.register()
        # An image goes with its file and renditions, however its row goes
        # (removed by a carrier, its draft deleted, its author's account erased).
        from django.db.models.signals import post_delete

        from core.renditions import images_delete_on_commit

        post_delete.connect(lambda instance, **kwargs: images_delete_on_commit([instance.image]), sender=ProjectImage,
                            weak=False, dispatch_uid="project_image_files")
        # The plan pages list projects (with their supports), partners, rooms.
        invalidate_on(Project, ProjectAuthor, Support, HelpOffer, ProjectImage, Partner, ProjectPartner, Resource)

        # Live sockets on a project that is no longer public check again.
        from participation.live import recheck_organisations_on

        recheck_organisations_on(Project, lambda project: [project.organisation_id],
                                 when=lambda project: not project.is_public)
        from .selectors import accueil_comment_projects

        register(
            Project,
            organisation=lambda project: project.organisation,
            can_view=lambda user, project: project.is_public,
            queryset=lambda model: model.objects.public().select_related("organisation"),
            accueil_choices=accueil_comment_projects,
        )
        from participation import whats_on

        from .selectors import projects_needing_support

        whats_on.register("projects", order=30, template="projects/_whats_on.html", read=projects_needing_support)

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)
