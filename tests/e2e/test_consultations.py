"""Consultations in the browser: CERISE's communication officer creates a
majority-judgment consultation tied to a plan action and opens it; a member
watches the turnout change live while three residents vote (on a phone,
with the keyboard only, on a desktop), each getting a receipt code; the vote
is closed, the results name the winner and the action page lists the
consultation. The consultation pages and forms pass axe-core at desktop and
phone widths."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

DEMO = "@demo.plan-commun.local"
ANIMATOR = f"communication{DEMO}"  # staff of CERISE
WATCHER = f"administration{DEMO}"
ACTION = "Repenser le projet du café reflets"
TITLE = "Horaires du café Reflets"
QUESTION = "À quelle heure le café doit-il ouvrir ?"
MORNING, AFTERNOON, EVENING = "Le matin, de 8 h à 11 h", "L'après-midi, de 14 h à 18 h", "Le soir, de 18 h à 21 h"
OPTIONS = (MORNING, AFTERNOON, EVENING)
GRADES = ("Excellent", "Très bien", "Bien", "Assez bien", "Passable", "Insuffisant", "À rejeter")
# The demo's open CERISE consultation (habitante@ has not voted in it) and a closed one of another organisation.
DEMO_OPEN = "Quelle formule pour le café Reflets ?"
DEMO_CLOSED = "Les priorités du conseil de maison pour 2027"
RECEIPT = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
LIVE_TIMEOUT = 5_000  # ms for a vote to reach a watcher's page over the websocket


def _path(page) -> str:
    return "/" + page.url.split("/", 3)[3].split("#")[0]


def _messages(page) -> str:
    return page.locator(".messages").inner_text()


def _grade(page, option: str, grade: str) -> None:
    page.locator("fieldset.ballot__grades", has=page.locator("legend", has_text=option)).get_by_label(
        grade, exact=True).check()


def _assert_voted(page, consultation_url: str) -> str:
    """The page that answers a secret vote shows its receipt code, once;
    the consultation's page then says the person voted, without the code.
    Returns the code."""
    page.wait_for_url(re.compile(r"/consultations/\d+/vote/$"))
    expect(page.locator("h1")).to_have_text("Votre vote est pris en compte")
    code = page.locator("#my-vote .receipt").inner_text().strip()
    assert RECEIPT.match(code), f"Unexpected receipt code {code!r}"
    expect(page.locator("main")).to_contain_text("Il n’est enregistré nulle part")
    page.goto(consultation_url)
    my_vote = page.locator("#my-vote")
    expect(my_vote).to_contain_text("Vous avez voté : votre bulletin est pris en compte.")
    assert code not in page.content()
    # The ballot is gone once cast: no vote change on this consultation.
    assert page.get_by_role("button", name="Envoyer mon vote").count() == 0
    return code


def _wait_for_watchers(server_log, consultation_url: str, count: int) -> None:
    """Wait until the server has accepted `count` live-results websockets of
    this consultation (daphne logs each accepted one as WSCONNECT)."""
    pk = consultation_url.strip("/").rsplit("/", 1)[1]
    needle = f"WSCONNECT /ws/consultations/{pk}/"
    deadline = time.monotonic() + 10
    while server_log().count(needle) < count:
        assert time.monotonic() < deadline, f"{count} live watchers expected on {consultation_url}: {needle!r}"
        time.sleep(0.1)


def _create_draft(animator, title: str) -> str:
    """Fill the creation form's required fields and create the draft; returns the questions page's path."""
    animator.goto("/consultations/nouvelle/")
    animator.get_by_label("Titre").fill(title)
    animator.get_by_role("button", name="Créer le brouillon").click()
    animator.wait_for_url(re.compile(r"/consultations/\d+/questions/$"))
    return _path(animator)


def test_create_watch_vote_close_and_find_from_the_plan(login, server_log, screenshots_dir):
    # 1. The communication officer creates the consultation, tied to the café action.
    animator = login(ANIMATOR)
    animator.goto("/consultations/")
    animator.get_by_role("link", name="Créer une consultation").click()
    animator.wait_for_url("**/consultations/nouvelle/")
    animator.get_by_label("Titre").fill(TITLE)
    animator.get_by_label("Contexte").fill(
        "Le café Reflets rouvre en janvier.\n\n"
        "- Donnez une mention à chaque horaire.\n- Le bureau décidera en décembre.")
    plan_actions = animator.locator("details", has=animator.locator("summary", has_text="Afficher les actions du plan"))
    expect(plan_actions).not_to_have_attribute("open", "")
    plan_actions.locator("summary").click()
    action_box = plan_actions.get_by_label(re.compile(re.escape(ACTION)))
    action_box.check()
    expect(action_box).to_be_checked()
    today = timezone.localdate()
    animator.get_by_label("Date d’ouverture").fill(today.isoformat())
    animator.get_by_label("Date de clôture").fill((today + timedelta(days=7)).isoformat())
    animator.get_by_label(re.compile(r"^Les personnes qui se sont déclarées de l’organisation")).check()
    animator.get_by_label(re.compile(r"^Secret :")).check()
    animator.get_by_label("En direct, pendant le vote").check()
    assert_accessible(animator, "creation form", screenshots_dir, "consultation-journey-1-create")
    animator.get_by_role("button", name="Créer le brouillon").click()
    animator.wait_for_url(re.compile(r"/consultations/\d+/questions/$"))
    assert "La consultation est créée comme brouillon." in _messages(animator)
    expect(animator.locator("h1")).to_have_text(f"Questions : {TITLE}")

    animator.locator("#id_text").fill(QUESTION)
    animator.get_by_label("Jugement majoritaire").check()
    animator.get_by_label("Options, une par ligne").fill("\n".join(OPTIONS))
    animator.get_by_role("button", name="Ajouter la question").click()
    assert "La question est ajoutée." in _messages(animator)
    question = animator.locator(".question-list > li")
    expect(question).to_have_count(1)
    expect(question.locator("h2")).to_have_text(QUESTION)
    expect(question).to_contain_text("Jugement majoritaire")
    expect(question.locator("ul li")).to_have_text(list(OPTIONS))
    assert_accessible(animator, "questions page", screenshots_dir, "consultation-journey-2-questions")
    animator.get_by_role("button", name="Ouvrir le vote maintenant").click()
    animator.wait_for_url(re.compile(r"/consultations/\d+/$"))
    consultation_url = _path(animator)
    assert "Le vote est ouvert." in _messages(animator)
    expect(animator.locator("h1")).to_have_text(TITLE)
    expect(animator.locator(".consultation header .status")).to_have_text("Ouverte")
    expect(animator.locator(".consultation__context li")).to_have_text(
        ["Donnez une mention à chaque horaire.", "Le bureau décidera en décembre."])
    rules = animator.locator(".consultation__rules")
    for rule in ("Qui peut voter : les personnes qui se sont déclarées de l’organisation", "Scrutin secret",
                 "Résultats affichés en direct."):
        expect(rules).to_contain_text(rule)

    # 2. A member watches the page: the turnout changes without a reload.
    watcher = login(WATCHER)
    watcher.goto(consultation_url)
    turnout = watcher.locator("[data-live-turnout]")
    expect(turnout).to_have_text("0 personne a voté.")
    _wait_for_watchers(server_log, consultation_url, 2)  # the animator's page and the watcher's
    watcher.evaluate("window.stillTheSamePage = true")

    # 3a. A resident votes on her phone.
    resident = login(f"habitante{DEMO}", width=PHONE[0], height=PHONE[1])
    resident.goto(consultation_url)
    ballot = resident.locator("form.ballot")
    expect(ballot.locator("legend").first).to_contain_text(QUESTION)
    expect(ballot).to_contain_text("Donnez une mention à chaque option.")
    for option, grade in zip(OPTIONS, ("Excellent", "Bien", "À rejeter")):
        _grade(resident, option, grade)
    assert_accessible(resident, "ballot on a phone", screenshots_dir, "consultation-journey-3-ballot-phone")
    resident.get_by_role("button", name="Envoyer mon vote").click()
    resident.wait_for_url(re.compile(r"/consultations/\d+/vote/$"))
    assert_accessible(resident, "receipt on a phone", screenshots_dir, "consultation-journey-4-receipt-phone")
    resident_receipt = _assert_voted(resident, consultation_url)
    resident.screenshot(path=str(screenshots_dir / "consultation-journey-4-voted-phone.png"), full_page=True)
    expect(turnout).to_have_text("1 personne a voté.", timeout=LIVE_TIMEOUT)

    # 3b. A volunteer votes with the keyboard only: arrows choose a grade within an option's group,
    # Tab goes to the next option, then to the button, and Enter sends the ballot.
    volunteer = login(f"benevole{DEMO}")
    volunteer.goto(consultation_url)
    volunteer.locator("form.ballot input[type=radio]").first.focus()
    keys = volunteer.keyboard
    keys.press("Space")  # Excellent for the morning…
    keys.press("ArrowRight")  # …then Très bien
    keys.press("Tab")
    focus = volunteer.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none", "The focused grade has no visible focus outline"
    for _step in range(4):  # Excellent → Passable for the afternoon
        keys.press("ArrowRight")
    keys.press("Tab")
    keys.press("Space")  # Excellent for the evening…
    for _step in range(5):  # …→ Insuffisant
        keys.press("ArrowRight")
    keys.press("Tab")
    assert volunteer.evaluate("document.activeElement.textContent.trim()") == "Envoyer mon vote"
    for option, grade in zip(OPTIONS, ("Très bien", "Passable", "Insuffisant")):
        group = volunteer.locator("fieldset.ballot__grades", has=volunteer.locator("legend", has_text=option))
        expect(group.get_by_label(grade, exact=True)).to_be_checked()
    keys.press("Enter")
    _assert_voted(volunteer, consultation_url)
    expect(turnout).to_have_text("2 personnes ont voté.", timeout=LIVE_TIMEOUT)

    # 3c. A partner votes on a desktop.
    partner = login(f"partenaire{DEMO}")
    partner.goto(consultation_url)
    for option, grade in zip(OPTIONS, ("Bien", "Très bien", "Passable")):
        _grade(partner, option, grade)
    partner.get_by_role("button", name="Envoyer mon vote").click()
    _assert_voted(partner, consultation_url)

    expect(turnout).to_have_text("3 personnes ont voté.", timeout=LIVE_TIMEOUT)
    live_results = watcher.locator("[data-live-results]")
    expect(live_results.locator(".results__turnout div", has_text="Votant·es").locator("dd")).to_have_text("3")
    # A secret vote's live results wait for 2 × 5 ballots: three would tell too much.
    expect(live_results).to_contain_text("à partir de 10 bulletins")
    expect(live_results.locator(".results__outcome")).to_have_count(0)
    assert watcher.evaluate("window.stillTheSamePage === true"), "The watcher's page was reloaded"
    watcher.screenshot(path=str(screenshots_dir / "consultation-journey-5-watcher.png"), full_page=True)

    # 4. The animator closes the vote: the results name the winner.
    animator.goto(consultation_url)
    animator.get_by_role("link", name="Clore le vote…").click()
    animator.wait_for_url(re.compile(r"/consultations/\d+/fermer/$"))
    assert_accessible(animator, "closing confirmation", screenshots_dir, "consultation-journey-6-close")
    animator.get_by_role("button", name="Clore le vote maintenant").click()
    animator.wait_for_url(re.compile(r"/consultations/\d+/resultats/$"))
    results_url = _path(animator)
    assert "Le vote est clos ; les résultats sont définitifs." in _messages(animator)
    expect(animator.locator("header .status")).to_have_text("Close")
    expect(animator.locator(".results__outcome strong")).to_have_text(f"Arrive en tête : {MORNING}")
    rows = animator.locator(".results__table--grades tbody tr")
    # Medians of three ballots: morning Très bien (0, 1, 2), afternoon Bien (1, 2, 4), evening Insuffisant (4, 5, 6).
    expect(rows.locator("th")).to_have_text([MORNING, AFTERNOON, EVENING])
    expect(rows.locator("td:nth-child(1)")).to_have_text(["1", "2", "3"])
    expect(rows.locator("td:nth-child(3) strong")).to_have_text(["Très bien", "Bien", "Insuffisant"])
    expect(rows.first).to_have_class(re.compile(r"\bresults__winner\b"))
    expect(animator.locator(".results__table--grades thead th")).to_have_text(
        ["Rang", "Option", "Mention majoritaire", *GRADES])
    assert_accessible(animator, "results page", screenshots_dir, "consultation-journey-6-results")

    # The resident checks, with her receipt code, that her ballot is counted.
    resident.goto(results_url)
    resident.get_by_label("Code de reçu").fill(resident_receipt)
    resident.get_by_role("button", name="Vérifier").click()
    answer = resident.locator("#receipt-heading ~ [role=status]")
    expect(answer).to_contain_text("Votre bulletin est dans le décompte. Il dit :")
    expect(answer.locator("dd")).to_have_text(
        [f"{MORNING} : Excellent · {AFTERNOON} : Bien · {EVENING} : À rejeter"])
    assert_accessible(resident, "ballot check", screenshots_dir, "consultation-journey-6-check")

    # 5. The plan action lists the consultation.
    animator.goto(consultation_url)
    in_plan = animator.locator("section", has=animator.locator("h2", has_text="Dans le plan"))
    action_link = in_plan.get_by_role("link", name=re.compile(re.escape(ACTION)))
    expect(action_link).to_have_count(1)
    action_url = action_link.get_attribute("href")
    assert watcher.goto(action_url).status == 200
    listed = watcher.locator(".consultation-links .card", has=watcher.get_by_role("link", name=TITLE, exact=True))
    expect(listed).to_have_count(1)
    expect(listed.locator(".status")).to_have_text("Close")
    watcher.screenshot(path=str(screenshots_dir / "consultation-journey-7-action.png"), full_page=True)
    listed.get_by_role("link", name=TITLE, exact=True).click()
    watcher.wait_for_url(f"**{consultation_url}")


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_consultation_pages_are_accessible(login, screenshots_dir, width, height):
    # The creation form, with its plan actions shown, then with its errors.
    animator = login(ANIMATOR, width=width, height=height)
    assert animator.goto("/consultations/nouvelle/").status == 200
    animator.locator("details.choices-details summary").click()
    assert_accessible(animator, "creation form", screenshots_dir, f"consultation-create-{width}")
    animator.get_by_label("Titre").fill("")
    animator.get_by_role("button", name="Créer le brouillon").click()
    expect(animator.locator(".field--error")).not_to_have_count(0)
    assert_accessible(animator, "creation form errors", screenshots_dir, f"consultation-create-errors-{width}")

    # The questions page of a new draft, then with its errors.
    questions_url = _create_draft(animator, f"Brouillon de l'audit ({width} px)")
    assert_accessible(animator, questions_url, screenshots_dir, f"consultation-questions-{width}")
    animator.get_by_role("button", name="Ajouter la question").click()
    expect(animator.locator(".field--error")).not_to_have_count(0)
    assert_accessible(animator, "question form errors", screenshots_dir, f"consultation-questions-errors-{width}")

    # A member's page of the demo's open consultation with her ballot, and its live results page.
    resident = login(f"habitante{DEMO}", width=width, height=height)
    resident.goto("/consultations/")
    resident.get_by_role("link", name=DEMO_OPEN, exact=True).click()
    resident.wait_for_url(re.compile(r"/consultations/\d+/$"))
    expect(resident.locator("form.ballot fieldset.ballot__grades")).to_have_count(4)
    assert_accessible(resident, _path(resident), screenshots_dir, f"consultation-ballot-{width}")
    resident.get_by_role("link", name="Page des résultats").click()
    resident.wait_for_url(re.compile(r"/consultations/\d+/resultats/$"))
    expect(resident.locator("[data-live-results] .notice[role=note]")).to_contain_text("Pour garder le vote secret")
    assert_accessible(resident, _path(resident), screenshots_dir, f"consultation-results-live-{width}")

    # A closed consultation's results (ranking and for/against, public ballots), from the list.
    resident.goto("/consultations/")
    card = resident.locator(".card", has=resident.get_by_role("link", name=DEMO_CLOSED, exact=True))
    card.get_by_role("link", name=re.compile("^Résultats")).click()
    resident.wait_for_url(re.compile(r"/consultations/\d+/resultats/$"))
    expect(resident.locator("h1")).to_have_text(DEMO_CLOSED)
    assert_accessible(resident, _path(resident), screenshots_dir, f"consultation-results-closed-{width}")
