from django.urls import path

from .views import door, manage, members, session

app_name = "assemblies"

urlpatterns = [
    path("organisations/<int:pk>/", members.organisation_index, name="organisation"),
    path("organisations/<int:pk>/statuts/", manage.statutes_list, name="statutes"),
    path("organisations/<int:pk>/statuts/nouveaux/", manage.statutes_edit, name="statutes_new"),
    path("organisations/<int:pk>/statuts/<int:statutes_id>/", manage.statutes_edit, name="statutes_edit"),
    path("organisations/<int:pk>/nouvelle/", manage.assembly_create, name="create"),
    path("<int:pk>/", members.detail, name="detail"),
    path("<int:pk>/modifier/", manage.assembly_edit, name="edit"),
    path("<int:pk>/ordre-du-jour/", manage.agenda_edit, name="agenda"),
    path("<int:pk>/ordre-du-jour/<int:item_id>/", manage.agenda_edit, name="item_edit"),
    path("<int:pk>/ordre-du-jour/<int:item_id>/<str:action>/", manage.item_action, name="item_action"),
    path("<int:pk>/documents/", manage.documents, name="documents"),
    path("<int:pk>/documents/<int:document_id>/", members.document, name="document"),
    path("<int:pk>/benevoles/", manage.helpers, name="helpers"),
    path("<int:pk>/convocation/", manage.convene, name="convene"),
    path("<int:pk>/convocations.pdf", manage.letters, name="letters"),
    path("<int:pk>/ma-convocation.pdf", members.my_letter, name="my_letter"),
    path("<int:pk>/pouvoir/", members.proxy, name="proxy"),
    path("<int:pk>/pouvoirs/", manage.proxies_desk, name="proxies"),
    path("<int:pk>/emargement/", door.door_page, name="door"),
    path("<int:pk>/emargement/pointer/", door.door_action, name="door_action"),
    path("<int:pk>/emargement.pdf", door.sheet, name="sheet"),
    path("<int:pk>/ecran/", members.screen, name="screen"),
    path("<int:pk>/ecran/salle/", members.screen_fragment, name="screen_fragment"),
    path("<int:pk>/seance/", session.console, name="console"),
    path("<int:pk>/seance/points/<int:item_id>/", session.item_vote, name="item_vote"),
    path("<int:pk>/voter/", members.vote, name="vote"),
    path("<int:pk>/proces-verbal/", members.minutes, name="minutes"),
    path("<int:pk>/proces-verbal/rediger/", session.minutes_edit, name="minutes_edit"),
    path("<int:pk>/proces-verbal/signer/", session.minutes_sign, name="minutes_sign"),
    path("<int:pk>/proces-verbal.<str:file_format>", members.minutes_export, name="minutes_export"),
]
