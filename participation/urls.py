from django.urls import path

from . import views
from .views import accueil, audit, comments, notifications, register

app_name = "participation"

urlpatterns = [
    path("compte/profil/", views.profile, name="profile"),
    path("avatars/<slug:stem>/<int:width>.<slug:fmt>", views.avatar_rendition, name="avatar_rendition"),
    path("compte/organisations/", views.memberships, name="memberships"),
    path("compte/organisations/<int:pk>/quitter/", views.membership_leave, name="membership_leave"),
    path("compte/notifications/", notifications.notification_list, name="notifications"),
    path("compte/notifications/lues/", notifications.notifications_read, name="notifications_read"),
    path("compte/notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("desabonnement/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("compte/notifications/liens/", notifications.email_links_revoke_view, name="email_links_revoke"),
    path("organisations/<int:pk>/demandes/", views.organisation_requests, name="organisation_requests"),
    path("organisations/<int:pk>/registre/", register.register, name="register"),
    path("organisations/<int:pk>/registre/importer/", register.register_import, name="register_import"),
    path("organisations/<int:pk>/registre/registre.<str:file_format>", register.register_export,
         name="register_export"),
    path("organisations/<int:pk>/registre/<int:member_id>/", register.member, name="register_member"),
    path("organisations/<int:pk>/registre/<int:member_id>/retirer/", register.member_delete,
         name="register_member_delete"),
    path("organisations/<int:pk>/accueil/", accueil.desk, name="accueil"),
    path("organisations/<int:pk>/accueil/registre/<int:member_id>/", accueil.from_register,
         name="accueil_from_register"),
    path("organisations/<int:pk>/accueil/personne/<int:user_id>/", accueil.person, name="accueil_person"),
    path("organisations/<int:pk>/journal-d-audit/", audit.audit_log, name="audit_log"),
    path("organisations/<int:pk>/journal-d-audit.csv", audit.audit_export, name="audit_export"),
    path("compte/adhesion/<str:token>/", register.claim, name="register_claim"),
    path("commentaires/<int:content_type_id>/<int:object_id>/", comments.post, name="comment_post"),
    path("commentaires/<int:content_type_id>/<int:object_id>/suivre/", comments.follow, name="follow"),
    path("commentaires/<int:content_type_id>/<int:object_id>/compteurs/", comments.counts, name="comment_counts"),
    path("commentaires/<int:pk>/", comments.fragment, name="comment_fragment"),
    path("commentaires/<int:pk>/modifier/", comments.edit, name="comment_edit"),
    path("commentaires/<int:pk>/supprimer/", comments.delete, name="comment_delete"),
    path("commentaires/<int:pk>/aimer/", comments.like, name="comment_like"),
    path("commentaires/<int:pk>/signaler/", comments.report, name="comment_report"),
]
