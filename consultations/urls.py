from django.urls import path

from .views import consultations, manage

app_name = "consultations"

urlpatterns = [
    path("", consultations.index, name="index"),
    path("nouvelle/", manage.create, name="create"),
    path("journal/", manage.log, name="log"),
    path("comment-on-compte/", consultations.counting_rules, name="counting"),
    path("<int:pk>/", consultations.detail, name="detail"),
    path("<int:pk>/vote/", consultations.vote, name="vote"),
    path("<int:pk>/resultats/", consultations.results, name="results"),
    path("<int:pk>/resultats.csv", consultations.results_csv, name="results_csv"),
    path("<int:pk>/modifier/", manage.edit, name="edit"),
    path("<int:pk>/questions/", manage.questions, name="questions"),
    path("<int:pk>/questions/<int:question_id>/", manage.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_id>/supprimer/", manage.question_delete, name="question_delete"),
    path("<int:pk>/ouvrir/", manage.open_, name="open"),
    path("<int:pk>/fermer/", manage.close, name="close"),
    path("<int:pk>/supprimer/", manage.delete, name="delete"),
    path("<int:pk>/affiche.pdf", manage.poster, name="poster"),
    path("<int:pk>/bulletin.pdf", manage.ballot, name="ballot"),
    path("<int:pk>/papier/", manage.paper, name="paper"),
    path("<int:pk>/papier/lots/<int:batch_id>/", manage.batch, name="batch"),
]
