"""The accueil in the browser (issue 22): CERISE's communication officer,
on a phone, adds a person who has no account, records her comment on the
plan (the consent ticked with the keyboard), her support for a project (CERISE has no
comité to ask for); her comment shows "Recueilli à l’accueil" on
the action page; the accueil's pages pass axe-core at desktop and phone
widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_consultations import ACTION, DEMO
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

STAFF = f"communication{DEMO}"  # staff of CERISE


def _open_desk(page):
    page.goto("/compte/organisations/")
    page.get_by_role("link", name="Accueil de CERISE").click()
    page.wait_for_url(re.compile(r"/organisations/\d+/accueil/$"))


def test_record_at_the_accueil_for_a_person_without_an_account(login, screenshots_dir):
    page = login(STAFF, width=PHONE[0], height=PHONE[1])
    _open_desk(page)
    page.get_by_label("Nom de la personne").fill("Madame Keita")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(re.compile(r"/accueil/personne/\d+/$"))
    expect(page.locator("h1")).to_have_text("À l’accueil, pour Madame Keita")
    expect(page.get_by_role("note")).to_contain_text("Pas de vote au nom de quelqu’un")

    # Her comment: without her consent it is refused, with it published.
    comment = page.locator("form", has=page.get_by_role("button", name="Publier en son nom"))
    action = comment.get_by_label("À propos de").locator("option", has_text=ACTION).first
    comment.get_by_label("À propos de").select_option(value=action.get_attribute("value"))
    comment.get_by_label("Ce que dit la personne").fill("Des bancs près du café, s’il vous plaît.")
    comment.get_by_role("button", name="Publier en son nom").click()
    expect(page.locator(".form-errors")).to_contain_text("Cochez la case")
    assert_accessible(page, "comment form errors", screenshots_dir, "accueil-person-errors-phone")
    comment = page.locator("form", has=page.get_by_role("button", name="Publier en son nom"))
    comment.get_by_label("Ce que dit la personne").fill("Des bancs près du café, s’il vous plaît.")
    comment.get_by_label("La personne est présente et accepte").focus()
    page.keyboard.press("Space")
    expect(comment.get_by_label("La personne est présente et accepte")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messages, [role=status]").first).to_contain_text("recueilli à l’accueil")

    # Her support for a project, and her request to join a comité.
    support = page.locator("form", has=page.get_by_role("button", name="Soutenir en son nom"))
    support.get_by_label("Projet").select_option(index=1)
    support.get_by_label("La personne est présente et accepte").check()
    support.get_by_role("button", name="Soutenir en son nom").click()
    expect(page.get_by_text("Enregistré pour Madame Keita")).to_be_visible()
    # CERISE has no comité in the demo: the page says so (the requests are tested in tests/participation).
    expect(page.get_by_text("Aucun comité de cette organisation n’est ouvert")).to_be_visible()
    assert_accessible(page, page.url, screenshots_dir, "accueil-person-phone")

    # She is found again at the desk.
    _open_desk(page)
    page.get_by_label("Nom, numéro d’adhérent·e ou e-mail").fill("Keita")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Madame Keita")).to_be_visible()

    # Her comment on the action page, for everyone to read.
    page.goto("/cerise/plan-strategique/actions/")
    page.get_by_role("link", name=re.compile(re.escape(ACTION))).first.click()
    expect(page.locator(".comment", has_text="Des bancs près du café").first).to_contain_text(
        "Recueilli à l’accueil")


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_accueil_pages_are_accessible(login, screenshots_dir, width, height):
    page = login(STAFF, width=width, height=height)
    _open_desk(page)
    assert_accessible(page, page.url, screenshots_dir, f"accueil-desk-{width}")
    page.get_by_label("Nom, numéro d’adhérent·e ou e-mail").fill("a")
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    assert_accessible(page, page.url, screenshots_dir, f"accueil-desk-search-{width}")
