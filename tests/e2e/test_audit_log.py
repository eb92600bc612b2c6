"""The audit log in the browser: CERISE's administrator records a member,
then finds the entry in the audit log from the register's menu, filters it
by action and downloads it; the page passes axe-core at desktop and phone
widths. A member of staff who is not an administrator has no link to it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

DEMO = "@demo.plan-commun.local"
ADMINISTRATOR = f"administration{DEMO}"
STAFF = f"communication{DEMO}"


def _to_register(page):
    page.goto("/compte/organisations/")
    page.get_by_role("link", name="Registre des adhérents de CERISE").click()
    page.wait_for_url(re.compile(r"/organisations/\d+/registre/$"))


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_administrator_finds_what_staff_did(login, screenshots_dir, width, height):
    administrator = login(ADMINISTRATOR, width=width, height=height)
    _to_register(administrator)
    name = f"Adhérente journal {width}"
    administrator.locator("#id_name").fill(name)
    administrator.get_by_role("button", name="Ajouter au registre").click()
    expect(administrator.locator(".messages")).to_contain_text(name)
    administrator.get_by_role("link", name="Journal d'audit").click()
    expect(administrator.locator("h1")).to_have_text("Journal d'audit de CERISE")
    expect(administrator.locator("main table")).to_contain_text(name)
    administrator.get_by_label("Action", exact=True).select_option(label="Membre inscrit au registre")
    administrator.get_by_role("button", name="Filtrer").click()
    expect(administrator.locator("main table")).to_contain_text("Membre inscrit au registre")
    assert_accessible(administrator, "audit log", screenshots_dir, f"audit-log-{width}")
    with administrator.expect_download() as download:
        administrator.get_by_role("link", name="Télécharger ces entrées (CSV)").click()
    assert download.value.suggested_filename.startswith("journal-audit-")


def test_staff_who_are_not_administrators_have_no_link(login):
    staff = login(STAFF)
    _to_register(staff)
    expect(staff.get_by_role("link", name="Journal d'audit")).to_have_count(0)
