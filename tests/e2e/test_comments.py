"""Comments in the browser: a newcomer signs up and comments, another reader
sees it arrive live and replies, the first is notified, staff hide it; no
payload from a comment ever runs; the discussion pages pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_up
from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

ACTION = "/cerise/plan-strategique/1-cultiver-cerise/mieux-accueillir-et-orienter-les-publics/repenser-le-projet-du-cafe-reflets/"
OTHER_ACTION_TITLE = "Mettre en place des permanences"

XSS_PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg onload=alert('xss-3')>",
    "<a href=\"javascript:alert('xss-4')\">clic</a>",
    "javascript:alert('xss-5')",
    "&lt;script&gt;alert('xss-6')&lt;/script&gt;",
    "<iframe src=\"javascript:alert('xss-7')\"></iframe>",
    "<details open ontoggle=alert('xss-8')>",
    "\"><script>alert('xss-9')</script>",
    "[clic](javascript:alert('xss-10'))",
    "<body onload=alert('xss-11')>",
    "%3Cscript%3Ealert('xss-12')%3C/script%3E",
]


def wait_live(page):
    page.wait_for_selector("#commentaires[data-live=connected]")


def test_comment_live_reply_notification_and_moderation(new_page, login, server_log, screenshots_dir):
    author = new_page()
    sign_up(author, server_log, "lina.commente@example.org", "Lina du Parc")

    reader = login("benevole@demo.plan-commun.local")
    reader.goto(ACTION)
    wait_live(reader)
    counts_before = reader.locator("[data-comments-counts]").inner_text()

    author.goto(ACTION)
    author.fill("#comment-text", "Et si le café ouvrait aussi le **samedi** ?\nJe peux tenir le comptoir.")
    author.select_option("#comment-stance", label="Proposition")
    author.get_by_role("button", name="Publier").click()
    assert "Votre commentaire est publié." in author.locator(".messages").inner_text()

    # The other reader sees it without reloading, with its stance and formatting.
    live = reader.locator(".comment", has_text="Je peux tenir le comptoir.")
    live.wait_for()
    assert live.locator("strong", has_text="samedi").count() == 1
    assert "Proposition" in live.inner_text()
    assert "Nouveau commentaire de Lina du Parc" in reader.locator("[data-comments-status]").inner_text()
    reader.wait_for_function(  # the counts follow
        "before => document.querySelector('[data-comments-counts]').innerText !== before", arg=counts_before)

    # They reply from the comment itself (a <details> form, no script needed).
    live.locator("summary", has_text="Répondre").first.click()
    live.get_by_label("Votre réponse à Lina du Parc").fill("Bonne idée, parlons-en au conseil de maison.")
    live.get_by_role("button", name="Envoyer la réponse").click()
    assert "Votre commentaire est publié." in reader.content()

    # The author's bell counts it; the notification leads back to the reply.
    author.goto("/")
    assert author.locator(".bell__count").inner_text().startswith("1")
    author.get_by_role("link", name=re.compile("^Notifications")).first.click()
    assert "a répondu à votre commentaire sur « Repenser le projet du café reflets »" in author.content()
    assert_accessible(author, "/compte/notifications/", screenshots_dir, "notifications-1280")
    author.locator(".notification a").first.click()
    author.wait_for_url(re.compile(r"#comment-\d+$"))
    assert "Bonne idée, parlons-en au conseil de maison." in author.content()
    assert "lina.commente@example.org" not in author.content()  # never the email
    author.goto("/")
    assert author.locator(".bell__count").count() == 0

    # The reply email went out too (development emails are in the server log).
    assert "Bénévole de CERISE a répondu à votre commentaire" in server_log()

    # Staff hide the comment from the moderation queue, with a reason.
    staff = login("communication@demo.plan-commun.local")
    staff.goto("/admin/moderation/?state=published")
    item = staff.locator(".moderation-item", has_text="Je peux tenir le comptoir.")
    item.locator("summary", has_text="Masquer ce commentaire").click()
    item.get_by_label("Motif du masquage").fill("Propos hors charte (test)")
    with staff.expect_navigation():
        item.get_by_role("button", name="Masquer", exact=True).click()
    assert "Commentaire masqué : sa page indique" in staff.content()
    staff.goto("/admin/moderation/?state=log")
    assert "Propos hors charte (test)" in staff.content()
    assert_accessible(staff, "/admin/moderation/", screenshots_dir, "moderation-log-1280")
    author.goto(ACTION)
    hidden = author.locator(".comment", has_text="Commentaire masqué par la modération.")
    assert hidden.count() >= 1
    assert "Je peux tenir le comptoir." not in author.content()
    assert "Bonne idée, parlons-en au conseil de maison." in author.content()  # the thread stays


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_discussion_is_accessible(login, new_page, screenshots_dir, width, height):
    visitor = new_page(width, height)
    visitor.goto(ACTION)
    assert_accessible(visitor, ACTION, screenshots_dir, f"comments-visitor-{width}")
    writer = login("habitante@demo.plan-commun.local", width=width, height=height)
    writer.goto(ACTION)
    writer.fill("#comment-text", f"Un avis que l'on pourra signaler ({width} px)")
    writer.get_by_role("button", name="Publier").click()
    member = login("partenaire@demo.plan-commun.local", width=width, height=height)
    member.goto(ACTION)
    if member.locator(".comment").count() == 0:
        member.fill("#comment-text", "Quels horaires pour les familles ?")
        member.get_by_role("button", name="Publier").click()
    for summary in member.locator(".comment__action summary").all()[:4]:
        summary.click()  # open the reply and edit forms
    assert_accessible(member, ACTION, screenshots_dir, f"comments-member-{width}")
    # Reporting and deleting have pages of their own.
    member.locator(".comment", has_text=f"Un avis que l'on pourra signaler ({width} px)").locator(
        ".comment__link", has_text="Signaler").click()
    member.wait_for_url("**/signaler/")
    expect(member.locator("legend")).to_have_text("Pourquoi signalez-vous ce commentaire ?")
    assert_accessible(member, "report page", screenshots_dir, f"comments-report-{width}")


def test_no_comment_payload_ever_runs(new_page, login, screenshots_dir):
    dialogs = []
    writer = login("habitante@demo.plan-commun.local")
    writer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader = login("partenaire@demo.plan-commun.local")
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    writer.goto(ACTION)
    reader.goto(ACTION)
    wait_live(reader)
    for start in range(0, len(XSS_PAYLOADS), 4):  # a few per comment: the rate limit stays the real one
        writer.fill("#comment-text", "Essai\n" + "\n".join(XSS_PAYLOADS[start:start + 4]))
        writer.get_by_role("button", name="Publier").click()
        writer.wait_for_load_state()
    reader.wait_for_timeout(1500)  # the live fragments arrive
    reader.reload()
    for page in (writer, reader):
        page.wait_for_timeout(500)
        html = page.content()
        assert not re.search(r"<script>alert|onerror=|onload=|ontoggle=|href=\"javascript:", html, re.IGNORECASE)
    assert dialogs == []
    reader.screenshot(path=str(screenshots_dir / "comments-xss.png"), full_page=True)


def _focused(page) -> dict:
    """Where the focus is, once comments.js has put it back (after the load)."""
    page.wait_for_function("() => document.activeElement && document.activeElement !== document.body")
    return page.evaluate(
        """() => { const el = document.activeElement; const comment = el.closest('.comment');
          return {tag: el.tagName, cls: el.className, pressed: el.getAttribute('aria-pressed'),
                  text: comment ? comment.querySelector('.comment__text').innerText : ''}; }""")


def test_focus_stays_with_the_comment_after_publishing_editing_and_liking(login):
    """The user tests' findings: after sending a comment form, the focus is
    on what the person just did, not lost to <body>; the message is read
    out; the edit box's label is its own."""
    text = "Un avis pour vérifier le focus après publication."
    writer = login("secretaire@demo.plan-commun.local")
    writer.goto(ACTION)
    writer.fill("#comment-text", text)
    writer.locator("#comment-text").press("Tab")
    writer.keyboard.press("Tab")
    with writer.expect_navigation(url=re.compile(r"#comment-\d+$")):
        writer.get_by_role("button", name="Publier").press("Enter")
    focused = _focused(writer)
    assert focused["cls"] == "comment__body" and text in focused["text"], focused
    expect(writer.locator("[data-comments-status]")).to_have_text("Votre commentaire est publié.")

    # Each edit box has a label of its own, tied to it.
    mine = writer.locator(".comment", has_text=text)
    mine.locator("summary", has_text="Modifier").first.click()
    box = mine.locator("textarea[id^=edit-]").first
    label = writer.evaluate("(id) => document.querySelector(`label[for='${id}']`).textContent", box.get_attribute("id"))
    assert re.fullmatch(r"Nouveau texte de votre commentaire n° \d+ du .+", label), label
    labels = writer.locator(".comment textarea").evaluate_all("(boxes) => boxes.map((b) => b.labels[0].textContent)")
    assert len(labels) == len(set(labels)), labels
    box.fill(text + " Modifié.")
    with writer.expect_navigation(url=re.compile(r"#comment-\d+$")):
        mine.get_by_role("button", name="Enregistrer").first.press("Enter")
    assert _focused(writer)["cls"] == "comment__body" and "Modifié." in _focused(writer)["text"]

    # Someone else likes it, from the keyboard: the focus is back on the button, now pressed.
    liker = login("benevole@demo.plan-commun.local")
    liker.goto(ACTION)
    button = liker.locator(".comment", has_text=text).locator("button[aria-pressed]").first
    expect(button).to_have_accessible_name(re.compile(r"^J’aime \(le commentaire de .+\) \(0\)$"))
    with liker.expect_navigation(url=re.compile(r"#comment-\d+$")):
        button.press("Enter")
    focused = _focused(liker)
    assert focused["tag"] == "BUTTON" and focused["pressed"] == "true" and text in focused["text"], focused
