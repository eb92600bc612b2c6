from django.urls import path

from .views import actions, directory, projects, review

app_name = "projects"

urlpatterns = [
    path("projets/", projects.project_list_view, name="list"),
    path("projets/proposer/", projects.propose_choose, name="propose_choose"),
    path("projets/proposer/<slug:slug>/", projects.propose, name="propose"),
    path("projets/<int:pk>/", projects.detail, name="detail"),
    path("projets/<int:pk>/affiche.pdf", projects.poster, name="poster"),
    path("projets/<int:pk>/modifier/", projects.edit, name="edit"),
    path("projets/<int:pk>/supprimer/", projects.delete, name="delete"),
    path("projets/<int:pk>/fichiers/", projects.media, name="media"),
    path("projets/<int:pk>/images/<int:image_id>/supprimer/", projects.image_remove, name="image_remove"),
    path("projets/<int:pk>/documents/<int:attachment_id>/supprimer/", projects.attachment_remove,
         name="attachment_remove"),
    path("projets/images/<int:image_id>/", projects.image_file, name="image_file"),
    path("projets/documents/<int:attachment_id>/", projects.attachment_file, name="attachment_file"),
    path("projets/<int:pk>/statut/", actions.transition, name="transition"),
    path("projets/<int:pk>/soutien/", actions.support, name="support"),
    path("projets/<int:pk>/participer/", actions.help_offer, name="help"),
    path("projets/<int:pk>/porteurs/", actions.invite, name="invite"),
    path("projets/<int:pk>/invitation/", actions.invitation, name="invitation"),
    path("projets/<int:pk>/porteurs/quitter/", actions.leave, name="leave"),
    path("projets/<int:pk>/comite/", actions.committee, name="committee"),
    path("projets/<int:pk>/partenaires/", actions.partner_link, name="partner_link"),
    path("projets/<int:pk>/partenaires/<int:partner_id>/retirer/", actions.partner_unlink, name="partner_unlink"),
    path("projets/<int:pk>/moderation/", actions.moderate, name="moderate"),
    path("projets/examen/<slug:slug>/", review.desk, name="review"),
    path("projets/examen/<slug:slug>/affiche.pdf", review.call_poster, name="call_poster"),
    path("projets/examen/<slug:slug>/export.csv", review.export, name="export"),
    path("compte/projets/", projects.mine, name="mine"),
    path("partenaires/", directory.index, name="directory_index"),
    path("partenaires/<slug:slug>/", directory.directory, name="directory"),
    path("partenaires/<slug:slug>/ajouter/", directory.partner_edit, name="partner_add"),
    path("partenaires/<slug:slug>/<int:pk>/modifier/", directory.partner_edit, name="partner_edit"),
    path("partenaires/<slug:slug>/<int:pk>/supprimer/", directory.partner_delete, name="partner_delete"),
    path("partenaires/<slug:slug>/locaux/ajouter/", directory.resource_edit, name="resource_add"),
    path("partenaires/<slug:slug>/locaux/<int:pk>/modifier/", directory.resource_edit, name="resource_edit"),
    path("partenaires/<slug:slug>/locaux/<int:pk>/supprimer/", directory.resource_delete, name="resource_delete"),
]
