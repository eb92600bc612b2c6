""""En ce moment" in the browser (issue 22): a visitor on a phone finds
CERISE's open vote on the café Reflets from the home page with the keyboard
only; CERISE's staff see their organisation's page with it; both pages pass
axe-core at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_consultations import DEMO, DEMO_OPEN
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SECTION = "section[aria-labelledby=whats-on-heading]"


def test_a_visitor_reaches_the_open_vote_from_the_home_page_with_the_keyboard(new_page, screenshots_dir):
    page = new_page(*PHONE)
    page.goto("/")
    section = page.locator(SECTION)
    expect(section.get_by_role("heading", level=2)).to_have_text("En ce moment")
    expect(section.get_by_role("heading", level=3, name="Donnez votre avis")).to_be_visible()
    target = section.get_by_role("link", name=DEMO_OPEN, exact=True)
    expect(target).to_be_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == DEMO_OPEN:
            break
    else:
        pytest.fail("The open consultation's link was never reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    expect(page.locator("h1")).to_have_text(DEMO_OPEN)


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_whats_on_pages_are_accessible_to_visitors_and_staff(new_page, login, screenshots_dir, width, height):
    visitor = new_page(width, height)
    for url in ("/", "/cerise/"):
        visitor.goto(url)
        expect(visitor.locator(SECTION)).to_contain_text(DEMO_OPEN)
        assert_accessible(visitor, url, screenshots_dir, f"whats-on-visitor{url.replace('/', '-')}{width}")
    staff = login(f"communication{DEMO}", width=width, height=height)
    staff.goto("/cerise/")
    expect(staff.locator(SECTION)).to_contain_text(DEMO_OPEN)
    assert_accessible(staff, "/cerise/", screenshots_dir, f"whats-on-staff-cerise-{width}")
