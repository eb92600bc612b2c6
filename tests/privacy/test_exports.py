"""Télécharger mes données (issue 19): the archive made in the background,
its e-mailed link that only its person may open for seven days, what it
holds (never a secret ballot's content), and its memory staying flat."""

import csv
import io
import json
import re
import tracemalloc
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from participation.models import Notification
from participation.services import comment_post
from privacy.archive import TABLES, archive_write
from privacy.exports import data_export_request, data_exports_expire
from privacy.models import DataExport
from privacy.services import account_erase
from projects.services import project_create
from projects.services.supports import project_support
from tests.consultations.conftest import make_consultation
from tests.participation.conftest import (  # noqa: F401  (fixtures)
    action,
    axis,
    make_user,
    neighbour,
    organisation,
    plan,
    staff,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s]+/compte/donnees/([^/\s]+)/")


@pytest.fixture
def camille(organisation):
    from participation.models import Membership

    person = make_user("camille")
    Membership.objects.create(user=person, organisation=organisation, role="habitant", status="accepted")
    return person


def _ask(person, capture):
    with capture(execute=True):
        return data_export_request(user=person)


def _token():
    return LINK.findall(mail.outbox[-1].body)[-1]


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _single(consultation):
    question = consultation.questions.get()
    return {question.pk: question.options.first().pk}


def test_the_archive_holds_the_person_s_data_and_says_why_not_their_secret_ballots(
        client, camille, neighbour, staff, organisation, action, django_capture_on_commit_callbacks):
    comment_post(user=camille, target=action, text="Un café le samedi matin ?")
    comment_post(user=neighbour, target=action, text="Réponse d'une autre personne")
    theirs = project_create(author=neighbour, organisation=organisation, submit=True,
                            fields={"title": "Fête des voisins", "summary": "En juin", "description": "Cour B."})
    project_support(user=camille, project=theirs)
    secret = make_consultation(organisation, staff, title="Le vote secret")
    public = make_consultation(organisation, staff, title="Le vote à main levée", secret=False)
    consultation_services.ballot_cast(consultation=secret, user=camille, answers=_single(secret))
    consultation_services.ballot_cast(consultation=public, user=camille, answers=_single(public))

    export = _ask(camille, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.ready_at and export.size > 0
    assert mail.outbox[-1].to == [camille.email] and "7 jours" in mail.outbox[-1].body

    client.force_login(camille)
    response = client.get(reverse("privacy:data_export_download", args=[_token()]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip" and "no-store" in response["Cache-Control"]
    archive = _archive(response)
    names = set(archive.namelist())
    assert {"LISEZMOI.txt"} | {f"csv/{t.name}.csv" for t in TABLES} | {f"json/{t.name}.json" for t in TABLES} <= names
    readme = archive.read("LISEZMOI.txt").decode()
    assert "secret" in readme and "commentaires" in readme
    comments = json.loads(archive.read("json/commentaires.json"))
    assert [c["texte"] for c in comments] == ["Un café le samedi matin ?"]
    assert comments[0]["page"] == action.title
    everything = b"".join(archive.read(name) for name in names).decode()
    assert "Réponse d'une autre personne" not in everything
    supports = list(csv.reader(io.StringIO(archive.read("csv/soutiens.csv").decode("utf-8-sig")), delimiter=";"))
    assert supports[0] == ["projet", "adresse", "date"] and supports[1][0] == "Fête des voisins"
    voted = {row["consultation"]: row["scrutin"] for row in json.loads(archive.read("json/consultations.json"))}
    assert voted == {"Le vote secret": "secret", "Le vote à main levée": "public"}
    public_votes = json.loads(archive.read("json/votes_publics.json"))
    assert {row["consultation"] for row in public_votes} == {"Le vote à main levée"}
    roles = json.loads(archive.read("json/roles.json"))
    assert roles[0]["structure"] == organisation.title


def test_the_link_works_for_its_person_only_and_for_seven_days(
        client, camille, neighbour, django_capture_on_commit_callbacks):
    _ask(camille, django_capture_on_commit_callbacks)
    url = reverse("privacy:data_export_download", args=[_token()])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(neighbour)
    assert client.get(url).status_code == 403
    tampered = reverse("privacy:data_export_download", args=[_token()[:-2] + "xx"])
    client.force_login(camille)
    assert client.get(tampered).status_code == 403
    assert client.get(url).status_code == 200
    later = timezone.now() + timedelta(days=7, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("privacy:data_export")


def test_one_archive_an_hour_and_a_new_one_replaces_the_old(client, camille, django_capture_on_commit_callbacks):
    first = _ask(camille, django_capture_on_commit_callbacks)
    client.force_login(camille)
    response = client.post(reverse("privacy:data_export"), follow=True)
    assert "il y a moins d" in response.content.decode()
    DataExport.objects.filter(pk=first.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    stored = DataExport.objects.get(pk=first.pk).file
    second = _ask(camille, django_capture_on_commit_callbacks)
    assert list(DataExport.objects.values_list("pk", flat=True)) == [second.pk]
    assert not stored.storage.exists(stored.name)


def test_the_page_asks_for_the_archive(client, camille, django_capture_on_commit_callbacks):
    client.force_login(camille)
    assert "Télécharger mes données" in client.get(reverse("privacy:data_export")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:data_export"))
    assert response.status_code == 302
    assert DataExport.objects.get(user=camille).ready_at is not None
    assert len(mail.outbox) == 1


def test_archives_expire_and_go_with_the_account(camille, django_capture_on_commit_callbacks):
    export = _ask(camille, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    stored = export.file
    assert data_exports_expire() == 0
    DataExport.objects.filter(pk=export.pk).update(requested_at=timezone.now() - timedelta(days=8))
    call_command("data_exports_expire", stdout=io.StringIO())
    assert not DataExport.objects.exists() and not stored.storage.exists(stored.name)

    _ask(camille, django_capture_on_commit_callbacks)
    stored = DataExport.objects.get().file
    account_erase(person=camille, by=camille, contributions="garder")
    assert not DataExport.objects.exists() and not stored.storage.exists(stored.name)


def _peak(person) -> int:
    tracemalloc.start()
    try:
        archive_write(person, _Sink())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Sink(io.RawIOBase):
    """A file that forgets what it is given, but knows where it is."""

    def __init__(self):
        self.position = 0

    def writable(self):
        return True

    def write(self, data):
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def seekable(self):
        return False


def test_a_large_account_is_written_with_flat_memory(camille):
    def notifications(count):
        Notification.objects.bulk_create(
            Notification(recipient=camille, kind="comment", title="Un sujet " * 10, detail=f"n° {i} " + "x" * 200,
                         url="/") for i in range(count))

    notifications(1000)
    small = _peak(camille)
    notifications(9000)
    large = _peak(camille)
    assert large < small * 1.5, (small, large)  # ten times the rows, not ten times the memory
