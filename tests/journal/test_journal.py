"""The journal of an action: who writes it, what an entry changes, who
hears of it, where it shows, and that its pages read a fixed number of
queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cms.models import ActionPage, Indicator
from committees.models import CommitteePlanItem
from journal import services
from journal.models import ActionPilot, JournalEntry
from participation.models import Follow, Notification
from participation.services import comment_post
from tests.cms.factories import ActionFactory
from tests.participation.conftest import (  # noqa: F401 - fixtures
    action,
    axis,
    make_committee,
    make_staff,
    make_user,
    organisation,
    plan,
    resident,
    seat,
    staff,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def write(user, target, **extra):
    extra.setdefault("date", TODAY)
    extra.setdefault("text", "Atelier tenu avec six familles.")
    return services.entry_create(user=user, action=target, **extra)


def test_staff_write_an_entry_that_sets_status_and_progress_on_the_page_and_its_revision(staff, action):
    entry = write(staff, action, status="in_progress", progress=40)
    page = ActionPage.objects.get(pk=action.pk)
    assert (page.status, page.progress) == ("in_progress", 40)
    assert page.get_latest_revision_as_object().status == "in_progress"  # the admin shows it too
    assert (entry.status_before, entry.progress_before) == ("", None) and entry.status_changed
    second = write(staff, page, progress=60)
    assert (second.status_before, second.progress_before, second.status_changed) == ("in_progress", 40, False)
    assert ActionPage.objects.get(pk=action.pk).progress == 60


def test_an_older_entry_does_not_override_a_newer_state(staff, action):
    write(staff, action, status="done", progress=100)
    write(staff, action, date=TODAY - datetime.timedelta(days=30), status="in_progress", progress=20)
    page = ActionPage.objects.get(pk=action.pk)
    assert (page.status, page.progress) == ("done", 100)


def test_a_draft_waiting_in_the_admin_keeps_its_changes(staff, action):
    draft = ActionPage.objects.get(pk=action.pk)
    draft.pilot = "Référente familles (brouillon)"
    draft.save_revision()
    write(staff, action, status="late")
    page = ActionPage.objects.get(pk=action.pk)
    assert page.status == "late" and page.pilot != "Référente familles (brouillon)"  # live: the status only
    latest = page.get_latest_revision_as_object()
    assert latest.pilot == "Référente familles (brouillon)" and latest.status == "late"


def test_bad_input_is_refused_with_a_message(staff, action):
    with pytest.raises(ValidationError) as error:
        write(staff, action, date=TODAY + datetime.timedelta(days=1), text=" ", progress=120)
    assert set(error.value.message_dict) == {"date", "text", "progress"}
    assert not JournalEntry.objects.exists()


def test_indicator_values_of_that_date_are_recorded(staff, action):
    indicator = Indicator.objects.create(page=action, name="Familles accueillies", unit="familles", target=30)
    entry = write(staff, action, indicator_values={indicator.pk: Decimal("12")})
    assert [(v.date, v.value) for v in indicator.values.all()] == [(TODAY, Decimal("12"))]
    assert list(entry.indicator_values.all()) == list(indicator.values.all())
    other = Indicator.objects.create(page=ActionFactory(parent=action.get_parent()), name="Ailleurs")
    with pytest.raises(ValidationError):
        write(staff, action, indicator_values={other.pk: Decimal("1")})


def test_who_may_write(organisation, action, staff, resident):
    with pytest.raises(PermissionDenied):
        write(resident, action)
    # A person the staff name pilot writes; removed, they no longer do.
    pilot = services.pilot_appoint(user=staff, action=action, person=resident)
    assert resident.has_perm("journal.add_entry", action)
    write(resident, action)
    assert Notification.objects.filter(recipient=resident, kind="journal_pilot").exists()
    services.pilot_remove(user=staff, seat=pilot)
    assert not ActionPilot.objects.exists() and not resident.has_perm("journal.add_entry", action)
    # The animator of a comité piloting the axis above writes; a plain member does not.
    committee = make_committee(organisation, "Comité familles")
    CommitteePlanItem.objects.create(committee=committee, page=action.get_parent())
    animator, member = make_user("anim"), make_user("membre")
    seat(committee, animator, role="animateur")
    seat(committee, member)
    assert animator.has_perm("journal.add_entry", action) and not member.has_perm("journal.add_entry", action)
    # Nobody writes on an unpublished action.
    action.unpublish()
    assert not staff.has_perm("journal.add_entry", ActionPage.objects.get(pk=action.pk))


def test_followers_of_the_action_and_above_are_told_not_the_author(staff, action, axis):
    near, far, other = make_user("proche"), make_user("loin"), make_user("autre")
    for user, page in ((near, action), (far, axis), (staff, action)):
        Follow.objects.create(user=user, content_type=ContentType.objects.get_for_model(page), object_id=page.pk)
    Follow.objects.create(user=other, content_type=ContentType.objects.get_for_model(axis),
                          object_id=ActionFactory(parent=axis).pk)
    entry = write(staff, action, status="in_progress")
    services.entry_news(entry=entry, actor=staff)
    told = set(Notification.objects.filter(kind="journal_entry").values_list("recipient_id", flat=True))
    assert told == {near.pk, far.pk}


def test_residents_comment_on_an_entry_and_it_counts_on_the_action(client, staff, action, resident):
    entry = write(staff, action)
    comment_post(user=resident, target=entry, text="Bravo aux familles !")
    html = client.get(action.url).content.decode()
    assert "1 commentaire" in html and reverse("journal:entry", args=[entry.pk]) in html
    page = client.get(reverse("journal:entry", args=[entry.pk])).content.decode()
    assert "Bravo aux familles" in page and "Atelier tenu avec six familles" in page


def test_entries_of_an_unpublished_action_are_nowhere(client, staff, action, axis, resident):
    entry = write(staff, action, text="Texte-marqueur-confidentiel")
    action.unpublish()
    assert client.get(reverse("journal:entry", args=[entry.pk])).status_code == 404
    assert "Texte-marqueur-confidentiel" not in client.get(axis.url).content.decode()
    client.force_login(resident)
    response = client.post(reverse("participation:comment_post", args=[
        ContentType.objects.get_for_model(JournalEntry).pk, entry.pk]), {"comment": "Je passe"})
    assert response.status_code == 404


def test_the_action_page_shows_the_journal_newest_first_and_the_axis_and_plan_roll_it_up(client, staff, action,
                                                                                         axis, plan):
    write(staff, action, date=TODAY - datetime.timedelta(days=40), text="Premier atelier.")
    write(staff, action, text="Deuxième atelier.", status="in_progress")
    html = client.get(action.url).content.decode()
    assert html.index("Deuxième atelier") < html.index("Premier atelier") and "Où en est-on ?" in html
    assert "Deuxième atelier" in client.get(axis.url).content.decode()  # Dernières nouvelles
    overview = client.get(plan.url).content.decode()
    assert "Ce mois-ci" in overview and "Deuxième atelier" in overview
    assert "1 statut changé" in overview


def test_the_form_writes_with_a_photo(client, staff, action):
    client.force_login(staff)
    url = reverse("journal:create", args=[action.pk])
    assert client.get(url).status_code == 200
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, format="PNG")
    response = client.post(url, {"date": TODAY.isoformat(), "text": "Une photo de l'atelier.", "status": "done",
                                 "progress": "", "photo_alt": "Des familles autour d'une table",
                                 "photo": SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")})
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.photo and entry.status == "done"
    photo = client.get(reverse("journal:photo", args=[entry.pk]))
    assert photo.status_code == 200 and photo["Content-Type"].startswith("image/")


def test_the_form_is_refused_to_a_resident_and_sends_a_visitor_to_sign_in(client, action, resident):
    url = reverse("journal:create", args=[action.pk])
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code == 403


def test_edit_and_delete(client, staff, action, resident):
    entry = write(staff, action)
    client.force_login(resident)
    assert client.post(reverse("journal:delete", args=[entry.pk])).status_code == 403
    client.force_login(staff)
    response = client.post(reverse("journal:edit", args=[entry.pk]), {"date": TODAY.isoformat(),
                                                                      "text": "Texte corrigé."})
    assert response.status_code == 302 and JournalEntry.objects.get().text == "Texte corrigé."
    assert client.post(reverse("journal:delete", args=[entry.pk])).status_code == 302
    assert not JournalEntry.objects.exists()


def test_journal_pages_read_a_fixed_number_of_queries(client, staff, action, axis, plan, resident):
    counts = []
    for size in (1, 6):
        for n in range(size):
            entry = write(staff, action, text=f"Étape {n}.", date=TODAY - datetime.timedelta(days=n))
            comment_post(user=resident, target=entry, text="Merci")
        counts.append([page_queries(client, url) for url in (action.url, axis.url, plan.url)])
        JournalEntry.objects.all().delete()
    assert counts[0] == counts[1], counts


def test_a_signed_in_reader_gets_the_entries_from_the_shared_block_until_the_journal_changes(
        client, staff, action, resident, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    """The entries are the same for every reader of the page: read once per
    change of the public pages; the writing links stay each reader's own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write(staff, action, text="Premier atelier.")
    client.force_login(resident)
    first = client.get(action.url).content.decode()
    assert "Premier atelier." in first and reverse("journal:create", args=[action.pk]) not in first
    with CaptureQueriesContext(connection) as captured:
        again = client.get(action.url).content.decode()
    assert "Premier atelier." in again
    assert not [query for query in captured.captured_queries if "journal_journalentry" in query["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        write(staff, action, text="Deuxième atelier.")
    assert "Deuxième atelier." in client.get(action.url).content.decode()
    client.force_login(staff)
    own = client.get(action.url).content.decode()
    assert reverse("journal:create", args=[action.pk]) in own and "Deuxième atelier." in own


def test_a_photo_is_shown_as_renditions_that_go_with_the_entry(client, staff, action,
                                                               django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from core import renditions

    client.force_login(staff)
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 30, 30)).save(buffer, format="JPEG")
    client.post(reverse("journal:create", args=[action.pk]), {
        "date": TODAY.isoformat(), "text": "Une photo.", "status": "", "progress": "", "photo_alt": "L'atelier",
        "photo": SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg")})
    entry = JournalEntry.objects.get()
    client.logout()
    html = client.get(action.url).content.decode()
    small = reverse("journal:photo_rendition", args=[entry.pk, 320, "webp"])
    assert f"{small} 320w" in html and 'alt="L&#x27;atelier" width="900" height="600"' in html
    assert f'"{reverse("journal:photo", args=[entry.pk])}"' not in html
    response = client.get(small)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert client.get(reverse("journal:photo_rendition", args=[entry.pk, 321, "webp"])).status_code == 404
    name = renditions.rendition_name(entry.photo.name, 320, "webp")
    assert default_storage.exists(name)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("journal:delete", args=[entry.pk]))
    assert not default_storage.exists(name) and not default_storage.exists(entry.photo.name)


def test_the_photo_of_an_unpublished_action_has_no_rendition_for_visitors(client, staff, action):
    from cms.models import ActionPage

    entry = JournalEntry.objects.get(pk=write(staff, action).pk)
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, format="JPEG")
    from django.core.files.base import ContentFile

    entry.photo.save("p.jpg", ContentFile(buffer.getvalue()), save=False)
    entry.photo_width, entry.photo_height, entry.photo_alt = 400, 300, "Photo"
    entry.save()
    url = reverse("journal:photo_rendition", args=[entry.pk, 320, "jpg"])
    assert client.get(url).status_code == 200
    ActionPage.objects.get(pk=action.pk).unpublish()
    assert client.get(url).status_code == 404
