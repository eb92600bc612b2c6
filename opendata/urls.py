from django.urls import path

from .feeds import OrganisationAtomFeed, OrganisationRssFeed

app_name = "opendata"

urlpatterns = [
    path("flux/<slug:slug>/rss.xml", OrganisationRssFeed(), name="organisation_rss"),
    path("flux/<slug:slug>/atom.xml", OrganisationAtomFeed(), name="organisation_atom"),
]
