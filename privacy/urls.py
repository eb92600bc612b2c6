from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("compte/supprimer/", views.account_erase_view, name="account_erase"),
    path("organisations/<int:pk>/comptes/<int:user_id>/supprimer/", views.accueil_erase, name="accueil_erase"),
    path("organisations/<int:pk>/comptes-supprimes/", views.accueil_erasures, name="accueil_erasures"),
]
