""""En clair" in the browser (issue 22): an action's plain-language version
comes first on a phone, the keyboard switches to the complete text and
back, and the page passes axe-core at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import server_manage
from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_consultations import ACTION, DEMO
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SUMMARY = "Le café Reflets change.\nVous pouvez donner votre avis."


@pytest.fixture
def action_with_summary(admin_page, tmp_path):
    """The demo's café action gets its plain-language version, written by
    staff in the Wagtail admin and published: the server itself then renews
    what it keeps of the page (a change made from another process would not
    reach its in-memory cache on the embedded default)."""
    found = tmp_path / "page-id"
    server_manage(["shell", "-c", (
        "from cms.models import ActionPage; "
        f"open({str(found)!r}, 'w').write(str(ActionPage.objects.get(title__iexact={ACTION!r}).pk))")])
    page = admin_page
    page.goto(f"/admin/pages/{found.read_text()}/edit/")
    page.fill("#id_plain_summary", SUMMARY)
    page.locator('button[name="action-publish"]').evaluate("button => button.click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def _open_action(page):
    page.goto("/cerise/plan-strategique/actions/")
    page.get_by_role("link", name=re.compile(re.escape(ACTION))).first.click()
    page.wait_for_url(re.compile(r"/cerise/plan-strategique/.+/$"))


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_plain_language_first_with_a_keyboard_switch(action_with_summary, login, screenshots_dir, width, height):
    page = login(f"habitante{DEMO}", width=width, height=height)
    _open_action(page)
    summary = page.locator("#en-clair")
    expect(summary.get_by_role("heading", level=2)).to_have_text("En clair")
    expect(summary).to_contain_text("Vous pouvez donner votre avis.")
    assert summary.bounding_box()["y"] < page.locator("dl.facts").bounding_box()["y"]
    assert_accessible(page, page.url, screenshots_dir, f"plain-summary-{width}")
    summary.get_by_role("link", name="Lire le texte complet").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#texte-complet$"))
    page.get_by_role("link", name="Revenir à la version en clair").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#en-clair$"))
