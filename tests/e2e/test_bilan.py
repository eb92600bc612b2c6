"""The journal and the bilan in the browser: the staff write an update on an
action (keyboard only, without JavaScript), residents read it on the plan;
the bilan, its public version, the SENACS sheet, the evaluation and the
network's view pass axe-core at desktop and phone width."""

import re

import pytest

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

CERISE_PLAN = "/cerise/plan-strategique/"
TEXT = "Deux soirées d'entraide numérique ont réuni douze voisins."


def _action_url(page, title):
    page.goto(CERISE_PLAN + "actions/")
    return page.get_by_role("link", name=re.compile(title)).first.get_attribute("href")


def test_staff_write_an_update_with_the_keyboard_and_no_javascript(login, new_page, screenshots_dir):
    staff = login("communication@demo.plan-commun.local")
    action_url = _action_url(staff, "Cerise Num")
    staff.goto(action_url)
    assert "Contenu de démonstration" in staff.locator("#journal").inner_text()  # the demo's entries, marked
    assert_accessible(staff, action_url, screenshots_dir, "journal-action-staff")
    staff.goto(staff.get_by_role("link", name="Écrire une nouvelle").get_attribute("href"))
    assert_accessible(staff, staff.url, screenshots_dir, "journal-form")
    # The same account, without JavaScript (axe needs it, hence above): every step is a plain form.
    page = new_page(*DESKTOP, java_script_enabled=False)
    page.context.add_cookies(staff.context.cookies())
    page.goto(action_url)
    assert "Où en est-on ?" in page.locator("#journal").inner_text()
    page.get_by_role("link", name="Écrire une nouvelle").click()
    page.wait_for_url("**/journal/action/*/ecrire/")
    page.get_by_label("Ce qui s’est passé").focus()
    page.keyboard.type(TEXT)
    page.get_by_label("Avancement (%)").fill("60")
    page.get_by_role("button", name="Publier la nouvelle").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#entry-\d+$"))
    journal = page.locator("#journal").inner_text()
    assert TEXT in journal and "50 % → 60 %" in journal
    assert journal.index(TEXT) < journal.index("première formation")  # newest first
    # A resident reads it on the plan's overview and comments on the update.
    resident = login("habitante@demo.plan-commun.local")
    resident.goto(CERISE_PLAN)
    assert "Ce mois-ci" in resident.locator("main").inner_text() and TEXT[:30] in resident.locator("main").inner_text()
    resident.goto(action_url)
    resident.locator(".journal-entry", has_text=TEXT).get_by_role("link", name=re.compile("Commenter")).click()
    resident.fill("#comment-text", "Bravo, j'aimerais venir la prochaine fois.")
    resident.get_by_role("button", name="Publier").click()
    assert "j'aimerais venir" in resident.locator(".comment").first.inner_text()
    assert_accessible(resident, resident.url, screenshots_dir, "journal-entry-resident")


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_bilan_pages_are_accessible(login, new_page, screenshots_dir, width, height):
    staff = login("communication@demo.plan-commun.local", width=width, height=height)
    for url in ("/cerise/bilan/", "/cerise/bilan/senacs/", "/cerise/bilan/evaluation/"):
        assert staff.goto(url).status == 200
        assert_accessible(staff, url, screenshots_dir, f"bilan{url.replace('/', '-')}{width}")
    staff.goto("/cerise/bilan/")
    assert "Participant·es distinct·es" in staff.locator(".bilan-figures").inner_text()
    visitor = new_page(width, height)
    assert visitor.goto("/cerise/bilan/public/").status == 200
    assert "Version publique" in visitor.locator("main").inner_text()
    assert_accessible(visitor, "/cerise/bilan/public/", screenshots_dir, f"bilan-public-{width}")
    assert visitor.goto("/cerise/bilan/").status == 200 and "/compte/login/" in visitor.url  # staff only
    cooperation = login("cooperation@demo.plan-commun.local", width=width, height=height)
    url = "/cooperation-trois-lieux/bilan/reseau/"
    assert cooperation.goto(url).status == 200
    assert "Maison 1" in cooperation.locator("[data-table=network]").inner_text()
    assert_accessible(cooperation, url, screenshots_dir, f"bilan-network-{width}")
    federation = login("federation@demo.plan-commun.local", width=width, height=height)
    url = "/federation-hauts-de-seine/bilan/reseau/"
    assert federation.goto(url).status == 200
    groups = federation.locator("[data-table=groups]").inner_text()
    assert "Gouvernance participative" in groups and "Modèles socio-économiques" in groups
    assert_accessible(federation, url, screenshots_dir, f"bilan-federation-{width}")


def test_the_period_form_works_with_the_keyboard_and_files_download(login):
    staff = login("communication@demo.plan-commun.local")
    staff.goto("/cerise/bilan/")
    staff.locator("#id_du").fill("2020-01-01")
    staff.get_by_role("button", name="Afficher cette période").focus()
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/cerise/bilan/?du=2020-01-01*")
    assert "1 janvier 2020" in staff.locator(".lead").inner_text()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Classeur pour le dossier CAF (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Rapport pour le CA et la CAF (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
