from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mentions-legales/", views.legal_page, {"kind": "legal_notice"}, name="legal_notice"),
    path("confidentialite/", views.legal_page, {"kind": "privacy_policy"}, name="privacy_policy"),
    path("conditions-utilisation/", views.legal_page, {"kind": "terms"}, name="terms"),
    path("conditions-utilisation/accepter/", views.terms_accept_view, name="terms_accept"),
    path("accessibilite/", views.legal_page, {"kind": "accessibility"}, name="accessibility"),
    path("compte/donnees/", views.data_export, name="data_export"),
    path("compte/donnees/<str:token>/", views.data_export_download, name="data_export_download"),
    path("compte/supprimer/", views.account_erase_view, name="account_erase"),
    path("organisations/<int:pk>/comptes/<int:user_id>/supprimer/", views.accueil_erase, name="accueil_erase"),
    path("organisations/<int:pk>/comptes-supprimes/", views.accueil_erasures, name="accueil_erasures"),
]
