from django.urls import path

from . import views

app_name = "journal"

urlpatterns = [
    path("journal/action/<int:action_id>/ecrire/", views.entry_create, name="create"),
    path("journal/action/<int:action_id>/pilotes/", views.pilots, name="pilots"),
    path("journal/action/<int:action_id>/pilotes/<int:seat_id>/retirer/", views.pilot_remove, name="pilot_remove"),
    path("journal/<int:pk>/", views.entry_detail, name="entry"),
    path("journal/<int:pk>/modifier/", views.entry_edit, name="edit"),
    path("journal/<int:pk>/supprimer/", views.entry_delete, name="delete"),
    path("journal/<int:pk>/photo/", views.entry_photo, name="photo"),
    path("journal/<int:pk>/photo/<int:width>.<slug:fmt>", views.entry_photo_rendition, name="photo_rendition"),
    path("journal/<int:pk>/document/", views.entry_document, name="document"),
]
