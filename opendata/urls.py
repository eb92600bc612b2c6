from django.urls import path

from . import views
from .feeds import OrganisationAtomFeed, OrganisationRssFeed

app_name = "opendata"

urlpatterns = [
    path("flux/<slug:slug>/rss.xml", OrganisationRssFeed(), name="organisation_rss"),
    path("flux/<slug:slug>/atom.xml", OrganisationAtomFeed(), name="organisation_atom"),
    path("donnees/<slug:slug>/", views.organisation_data, name="data"),
    path("donnees/<slug:slug>/LISEZMOI.md", views.readme, name="readme"),
    path("donnees/<slug:slug>/<slug:name>.<str:file_format>", views.dataset, name="dataset"),
]
