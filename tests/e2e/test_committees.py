"""Comités in the browser: a resident asks to join the comité senior, its
animator accepts and schedules a meeting, the new member says she will
come, the secretary publishes the minutes; the comité pages and forms pass
axe-core at desktop and phone widths."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import server_manage
from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SENIOR = "/comites/centre-social-municipal/comite-senior/"
MEETING = "Atelier mémoire et jeux de société"


def test_request_accept_schedule_attend_and_publish_minutes(login, screenshots_dir):
    resident = login("habitante@demo.plan-commun.local")
    resident.goto(SENIOR)
    resident.fill("#id_message", "J'aimerais aider à organiser les sorties.")
    resident.get_by_label("Afficher mon nom dans la liste publique des membres").check()
    resident.get_by_role("button", name="Demander à rejoindre").click()
    assert "Votre demande est envoyée" in resident.locator(".messages, [role=status]").first.inner_text()
    assert "attend la réponse" in resident.locator(".committee__place").inner_text()

    animator = login("conseil@demo.plan-commun.local")
    animator.goto("/compte/notifications/")
    animator.get_by_role("link", name=re.compile("Comité senior")).first.click()
    animator.wait_for_url(re.compile(r"/membres/$"))
    assert "J'aimerais aider à organiser les sorties." in animator.content()
    animator.get_by_role("button", name=re.compile("^Accepter")).first.click()
    assert "Habitante du quartier" in animator.locator("table").inner_text()

    animator.goto(SENIOR)
    animator.get_by_role("link", name="Programmer une réunion").click()
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    animator.fill("#id_title", MEETING)
    animator.fill("#id_day", day)
    animator.fill("#id_starts", "14:30")
    animator.fill("#id_ends", "16:30")
    animator.fill("#id_place", "Centre social, salle polyvalente")
    animator.fill("#id_agenda", "- Jeux de mémoire\n- Goûter")
    animator.get_by_role("button", name="Programmer la réunion").click()
    animator.wait_for_url(re.compile(r"/reunions/\d+/$"))
    meeting_url = "/" + animator.url.split("/", 3)[3]
    assert "14h30–16h30" in animator.locator(".facts").inner_text()

    resident.goto("/compte/notifications/")
    resident.get_by_role("link", name=re.compile(MEETING)).first.click()
    resident.get_by_label("Je viendrai").check()
    resident.get_by_role("button", name="Répondre").click()
    assert "1 viendra" in resident.locator("#attendance").inner_text()
    resident.goto(SENIOR)
    assert "Habitante du quartier" in resident.locator("#members").inner_text()

    # The meeting takes place: moved into the past, as the browser cannot wait.
    meeting_id = int(meeting_url.rstrip("/").rsplit("/", 1)[1])
    server_manage(["shell", "-c", (
        "from datetime import timedelta; from django.utils import timezone; "
        "from committees.models import Meeting; "
        f"Meeting.objects.filter(pk={meeting_id}).update(starts_at=timezone.now() - timedelta(hours=3), "
        "ends_at=timezone.now() - timedelta(hours=1))")])

    secretary = login("secretaire@demo.plan-commun.local")
    secretary.goto(meeting_url)
    secretary.get_by_role("link", name="Rédiger le compte rendu").click()
    secretary.fill("#id_minutes", "Douze jeux testés.\n\n- Prochain atelier dans un mois")
    secretary.get_by_label("Habitante du quartier").check()
    assert_accessible(secretary, "minutes form", screenshots_dir, "committee-minutes-form")
    secretary.get_by_role("button", name="Publier le compte rendu").click()
    minutes = secretary.locator("#minutes").inner_text()
    assert "Douze jeux testés." in minutes and "Habitante du quartier" in minutes

    resident.goto("/compte/notifications/")
    assert "compte rendu" in resident.locator("main").inner_text()


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_committee_pages_are_accessible(new_page, login, screenshots_dir, width, height):
    visitor = new_page(width, height)
    for url in ("/comites/", SENIOR, "/comites/centre-social-municipal/comite-famille/"):
        assert visitor.goto(url).status == 200
        assert_accessible(visitor, url, screenshots_dir, f"committee{url.replace('/', '-')}{width}")
    animator = login("conseil@demo.plan-commun.local", width=width, height=height)
    animator.goto(SENIOR)
    meeting_url = animator.get_by_role("link", name="Comité senior du mois").get_attribute("href")
    past_url = animator.get_by_role("link", name="Repas partagé et programme du trimestre").get_attribute("href")
    for url in (SENIOR, f"{SENIOR}membres/", f"{SENIOR}modifier/", f"{SENIOR}reunions/nouvelle/", meeting_url,
                f"{meeting_url}modifier/", past_url, f"{past_url}compte-rendu/", "/compte/comites/"):
        assert animator.goto(url).status == 200, url
        assert_accessible(animator, url, screenshots_dir, f"committee-run{url.replace('/', '-')}{width}")
    # Errors on the form are announced and accessible too.
    animator.goto(f"{SENIOR}reunions/nouvelle/")
    animator.get_by_role("button", name="Programmer la réunion").click()
    assert animator.locator(".field--error").count() >= 1
    assert_accessible(animator, "meeting form errors", screenshots_dir, f"committee-meeting-errors-{width}")
