"""Accounts in the browser: sign-up with email confirmation, profile, roles."""

import pytest

from tests.e2e.conftest import sign_up
from tests.e2e.test_public_pages import DESKTOP, OVERFLOW, PHONE, _audit, _format_violations

pytestmark = pytest.mark.e2e

PUBLIC_ACCOUNT_PAGES = ["/compte/login/", "/compte/signup/", "/compte/password/reset/"]
MEMBER_PAGES = ["/compte/profil/", "/compte/organisations/", "/compte/email/", "/compte/password/change/"]


def assert_accessible(page, url, screenshots_dir, name):
    page.screenshot(path=str(screenshots_dir / f"{name}.png"), full_page=True)
    violations = _audit(page)
    assert not violations, _format_violations(violations, url)
    if page.viewport_size["width"] == PHONE[0]:
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scrollWidth"] <= overflow["width"] + 1, overflow["offenders"]


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_account_pages_are_accessible(new_page, login, screenshots_dir, width, height):
    page = new_page(width, height)
    for url in PUBLIC_ACCOUNT_PAGES:
        assert page.goto(url).status == 200
        assert_accessible(page, url, screenshots_dir, f"account{url.replace('/', '-')}{width}")
    member = login("benevole@demo.plan-commun.local", width=width, height=height)
    for url in MEMBER_PAGES:
        assert member.goto(url).status == 200
        assert_accessible(member, url, screenshots_dir, f"account{url.replace('/', '-')}{width}")
    staff = login("communication@demo.plan-commun.local", width=width, height=height)
    requests_url = f"/organisations/{_organisation_pk(staff, 'CERISE')}/demandes/"
    assert staff.goto(requests_url).status == 200
    assert_accessible(staff, requests_url, screenshots_dir, f"account-requests-{width}")


def _organisation_pk(page, title):
    page.goto("/compte/organisations/")
    return page.locator("#id_organisation option", has_text=title).get_attribute("value")


def test_sign_up_confirm_request_a_role_and_get_accepted(new_page, login, server_log, screenshots_dir):
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").click()
    sign_up(page, server_log, "nouvelle.habitante@example.org", "Nadia des Tilleuls")
    assert "Votre profil est enregistré." in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Mes organisations").click()
    page.select_option("#id_organisation", label="CERISE")
    page.select_option("#id_role", label="Bénévole")
    page.fill("#id_message", "Je peux aider à l'accueil le mercredi.")
    page.get_by_role("button", name="Envoyer").click()
    assert "Votre demande a été envoyée à CERISE." in page.content()
    assert "En attente de validation" in page.content()

    staff = login("communication@demo.plan-commun.local")
    staff.goto(f"/organisations/{_organisation_pk(staff, 'CERISE')}/demandes/")
    request = staff.locator(".membership-list li", has_text="Nadia des Tilleuls")
    request.locator("textarea").fill("Bienvenue parmi nous !")
    request.get_by_role("button", name="Accepter").click()
    assert "Nadia des Tilleuls accepté·e comme bénévole." in staff.content()

    page.reload()
    assert "Accepté" in page.content() and "Bienvenue parmi nous !" in page.content()
    page.screenshot(path=str(screenshots_dir / "account-journey.png"), full_page=True)
