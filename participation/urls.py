from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("compte/profil/", views.profile, name="profile"),
    path("compte/organisations/", views.memberships, name="memberships"),
    path("organisations/<int:pk>/demandes/", views.organisation_requests, name="organisation_requests"),
]
