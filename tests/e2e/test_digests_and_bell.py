"""Issue 22 in the browser: a person picks the daily digest on their e-mail
settings; a person's bell counts a new notification without reloading, and
says so politely to screen readers."""

import re
import uuid

import pytest

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_comments import ACTION

pytestmark = pytest.mark.e2e


def bell_count(page) -> int:
    badge = page.locator("a.bell .bell__count")
    return int(re.match(r"\d+", badge.inner_text()).group()) if badge.count() else 0


def test_a_person_picks_the_daily_digest(login, screenshots_dir):
    page = login("habitante@demo.plan-commun.local")
    page.goto("/compte/profil/#emails")
    frequency = page.get_by_role("group", name="Quand partent les e-mails de mes notifications")
    assert frequency.get_by_label("Tout de suite, un e-mail par notification").is_checked()  # the default
    frequency.get_by_label("Une fois par jour, en un seul e-mail (résumé quotidien)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert "Votre profil est enregistré." in page.locator(".messages").inner_text()
    page.reload()
    assert page.get_by_label("Une fois par jour, en un seul e-mail (résumé quotidien)").is_checked()
    assert_accessible(page, "/compte/profil/", screenshots_dir, "profile-digest-1280")
    # Back to the default, for the other journeys of the session.
    page.get_by_label("Tout de suite, un e-mail par notification").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_label("Tout de suite, un e-mail par notification").is_checked()


def test_the_bell_counts_a_reply_without_reloading(login, screenshots_dir):
    marker = f"La cloche sonne-t-elle ? {uuid.uuid4().hex[:8]}"
    author = login("habitante@demo.plan-commun.local")
    author.goto(ACTION)
    author.fill("#comment-text", marker)
    author.get_by_role("button", name="Publier").click()
    assert "Votre commentaire est publié." in author.locator(".messages").inner_text()
    author.goto("/")
    author.wait_for_selector("a.bell[data-live=connected]")
    before = bell_count(author)

    replier = login("partenaire@demo.plan-commun.local")
    replier.goto(ACTION)
    comment = replier.locator(".comment", has_text=marker).first
    comment.locator("summary", has_text="Répondre").first.click()
    comment.locator("form textarea").first.fill("Oui, elle sonne.")
    comment.get_by_role("button", name="Envoyer la réponse").click()
    assert "Votre commentaire est publié." in replier.content()

    # No reload: the count follows, and the live region says it.
    author.wait_for_function(
        "expected => { const b = document.querySelector('a.bell .bell__count');"
        " return b && parseInt(b.textContent, 10) === expected; }", arg=before + 1)
    status = author.locator("[data-bell-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert re.search(r"notifications? non lues?", status.inner_text())
    assert_accessible(author, "/", screenshots_dir, "bell-live-1280")
    # Marked read from another tab: this one's bell empties too.
    other_tab = author.context.new_page()
    other_tab.goto("/compte/notifications/")
    other_tab.get_by_role("button", name=re.compile("Tout marquer comme lu")).click()
    author.wait_for_function("() => !document.querySelector('a.bell .bell__count')")
    assert status.inner_text() == "Aucune notification non lue"


def test_on_a_phone_the_frequency_is_chosen_with_the_keyboard_alone(login, screenshots_dir):
    """At phone width, without a mouse: the radio group moves with the arrow
    keys, the form is sent with Enter, and the bell stays in the header."""
    page = login("benevole@demo.plan-commun.local", width=390, height=844)
    page.goto("/compte/profil/#emails")
    at_once = page.get_by_label("Tout de suite, un e-mail par notification")
    weekly = page.get_by_label("Une fois par semaine, en un seul e-mail (résumé hebdomadaire, le lundi)")
    assert at_once.is_checked()
    at_once.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert weekly.is_checked() and weekly.evaluate("element => element === document.activeElement")
    page.get_by_role("button", name="Enregistrer").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Votre profil est enregistré." in page.locator(".messages").inner_text()
    assert page.get_by_label("Une fois par semaine, en un seul e-mail (résumé hebdomadaire, le lundi)").is_checked()
    assert page.locator("a.bell").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert_accessible(page, "/compte/profil/ (phone)", screenshots_dir, "profile-digest-390")
    # Back to the default, for the other journeys of the session.
    page.get_by_label("Tout de suite, un e-mail par notification").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
