from django.urls import path

from . import views

app_name = "bilan"

urlpatterns = [
    path("<slug:slug>/bilan/", views.bilan_view, name="bilan"),
    path("<slug:slug>/bilan/public/", views.public_view, name="public"),
    path("<slug:slug>/bilan/bilan.xlsx", views.export_xlsx, name="xlsx"),
    path("<slug:slug>/bilan/bilan.pdf", views.export_pdf, name="pdf"),
    path("<slug:slug>/bilan/public/bilan.xlsx", views.export_xlsx, {"public": True}, name="public_xlsx"),
    path("<slug:slug>/bilan/public/bilan.pdf", views.export_pdf, {"public": True}, name="public_pdf"),
    path("<slug:slug>/bilan/senacs/", views.senacs, name="senacs"),
    path("<slug:slug>/bilan/evaluation/", views.evaluation, name="evaluation"),
    path("<slug:slug>/bilan/evaluation/nouveau-plan/", views.plan_copy, name="plan_copy"),
    path("<slug:slug>/bilan/partage/", views.sharing, name="sharing"),
    path("<slug:slug>/bilan/reseau/", views.network, name="network"),
]
