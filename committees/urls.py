from django.urls import path

from .views import accueil, calendars, committees, meetings

app_name = "committees"

urlpatterns = [
    path("compte/comites/", committees.mine, name="my_committees"),
    path("compte/calendrier/nouveau-lien/", calendars.calendar_reset, name="calendar_reset"),
    path("calendrier/personnel/<str:token>.ics", calendars.person_calendar, name="person_calendar"),
    path("calendrier/<slug:slug>.ics", calendars.organisation_calendar, name="organisation_calendar"),
    path("comites/", committees.index, name="committees"),
    path("comites/accueil/<int:pk>/<int:user_id>/demande/", accueil.request_seat, name="accueil_request"),
    path("comites/<slug:organisation_slug>/<slug:slug>/", committees.detail, name="committee"),
    path("comites/<slug:organisation_slug>/<slug:slug>/rejoindre/", committees.join, name="committee_join"),
    path("comites/<slug:organisation_slug>/<slug:slug>/quitter/", committees.leave, name="committee_leave"),
    path("comites/<slug:organisation_slug>/<slug:slug>/affiche.pdf", committees.poster, name="committee_poster"),
    path("comites/<slug:organisation_slug>/<slug:slug>/liste/", committees.listing, name="committee_listing"),
    path("comites/<slug:organisation_slug>/<slug:slug>/modifier/", committees.edit, name="committee_edit"),
    path("comites/<slug:organisation_slug>/<slug:slug>/membres/", committees.members, name="committee_members"),
    path("comites/<slug:organisation_slug>/<slug:slug>/membres/<int:seat_id>/reponse/", committees.member_answer,
         name="committee_member_answer"),
    path("comites/<slug:organisation_slug>/<slug:slug>/membres/<int:seat_id>/role/", committees.member_role,
         name="committee_member_role"),
    path("comites/<slug:organisation_slug>/<slug:slug>/membres/<int:seat_id>/retirer/", committees.member_remove,
         name="committee_member_remove"),
    path("comites/<slug:organisation_slug>/<slug:slug>/reunions/nouvelle/", meetings.create, name="meeting_create"),
    path("comites/<slug:organisation_slug>/<slug:slug>/calendrier.ics", calendars.committee_calendar,
         name="committee_calendar"),
    path("reunions/<int:pk>/", meetings.detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", meetings.edit, name="meeting_edit"),
    path("reunions/<int:pk>/annuler/", meetings.cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/presence/", meetings.attendance, name="meeting_attendance"),
    path("reunions/<int:pk>/compte-rendu/", meetings.minutes, name="meeting_minutes"),
    path("reunions/<int:pk>/documents/", meetings.document_add, name="meeting_document_add"),
    path("reunions/<int:pk>/calendrier.ics", calendars.meeting_calendar, name="meeting_calendar"),
    path("reunions/documents/<int:document_id>/", meetings.document_file, name="meeting_document"),
    path("reunions/documents/<int:document_id>/supprimer/", meetings.document_remove,
         name="meeting_document_remove"),
]
