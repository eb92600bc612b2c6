"""The Content-Security-Policy in a real browser: every page type, as a
visitor, a resident and a member of staff (the Wagtail page editor and its
preview included), with no violation of the policy and no JavaScript error,
while the scripts do their work (the outline buttons, the toast, live
comments over the websocket, the live results, Wagtail's editor).

Violations are caught in every frame by a `securitypolicyviolation`
listener that Playwright installs before any script of the page (it is not
subject to the page's policy), and by Chromium's own console messages."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_comments import ACTION
from tests.e2e.test_committees import SENIOR
from tests.e2e.test_consultations import DEMO_OPEN
from tests.e2e.test_public_pages import KNOWN_PAGES

pytestmark = pytest.mark.e2e

DEMO = "@demo.plan-commun.local"
RESIDENT = f"habitante{DEMO}"
STAFF = f"communication{DEMO}"  # CERISE's communication officer: Wagtail editor and moderator

LISTEN = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolation({directive: event.effectiveDirective, blocked: event.blockedURI,
                         source: event.sourceFile + ':' + event.lineNumber, sample: event.sample,
                         page: document.location.href});
}, true);
"""


class Watch:
    """What went wrong in a browser context: policy violations and
    uncaught JavaScript errors, in every page and frame."""

    def __init__(self, context):
        self.problems: list[str] = []
        context.expose_binding("__cspViolation", lambda _source, v: self.problems.append(f"CSP violation: {v}"))
        context.add_init_script(LISTEN)

    def page(self, page):
        page.on("pageerror", lambda error: self.problems.append(f"JS error on {page.url}: {error}"))
        page.on("console", self._console)
        return page

    def _console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.problems.append(f"console: {text} ({message.location.get('url')})")

    def visit(self, page, url: str, status: int = 200):
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == status, f"{url}: {response and response.status}"
        assert "content-security-policy" in response.headers, f"{url}: no policy"
        page.wait_for_timeout(150)  # deferred scripts and late violations
        return response

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def watched(browser, site_url):
    """`watched(email=None)`: a fresh context, signed in through the site's
    form when an e-mail is given, with its Watch."""
    contexts = []

    def factory(email=None, width=1280, height=900):
        context = browser.new_context(base_url=site_url, viewport={"width": width, "height": height}, locale="fr-FR")
        context.set_default_timeout(15_000)
        contexts.append(context)
        watch = Watch(context)
        page = watch.page(context.new_page())
        if email:
            watch.visit(page, "/compte/login/")
            page.fill("#id_login", email)
            page.fill("#id_password", "demo-plan-commun")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url("**/compte/profil/")
        return watch, page

    yield factory
    for context in contexts:
        context.close()


def _links(page, pattern: str) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map((a) => a.getAttribute('href'))")
    return [href for href in hrefs if re.fullmatch(pattern, href)]


def _consultation_url(watch, page) -> str:
    watch.visit(page, "/consultations/")
    link = page.get_by_role("link", name=DEMO_OPEN).first
    return "/" + link.get_attribute("href").lstrip("/")


INJECT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.__injected = true';
  document.body.append(script);
  const image = document.createElement('img');
  image.setAttribute('onerror', 'window.__injected = true');
  image.src = '/x.png';
  document.body.append(image);
}"""


def test_an_injected_script_is_refused_and_seen(watched):
    """The control: what an XSS would write into a page does not run, and
    the watch of the other tests does see it."""
    watch, page = watched()
    watch.visit(page, ACTION)
    page.evaluate(INJECT)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__injected") is None
    assert any("CSP violation" in problem and "script-src" in problem for problem in watch.problems), watch.problems


def test_visitor_pages_keep_to_the_policy(watched):
    watch, page = watched()
    for name, url in KNOWN_PAGES.items():
        watch.visit(page, url, status=404 if name == "not-found" else 200)
    # Plan pages come from the cache the second time: with a nonce of their own.
    second_watch, second = watched()
    response = second_watch.visit(second, KNOWN_PAGES["outline"])
    assert response.headers.get("x-page-cache") == "hit"
    expect(second.locator("[data-outline-tools]").first).to_be_visible()  # site.js ran
    second_watch.assert_clean()

    watch.visit(page, ACTION)
    watch.visit(page, "/projets/?organisation=cerise")
    projects = _links(page, r"/projets/\d+/")
    assert projects, "no project in the demo list"
    watch.visit(page, projects[0])
    watch.visit(page, "/comites/")
    watch.visit(page, SENIOR)
    consultation = _consultation_url(watch, page)
    watch.visit(page, consultation)
    watch.visit(page, "/consultations/comment-on-compte/")
    for url in ("/compte/signup/", "/compte/password/reset/", "/compte/login/"):
        watch.visit(page, url)
    # A failed sign-in: the form again, with its errors (and the focus script).
    page.fill("#id_login", "personne@example.org")
    page.fill("#id_password", "pas-le-bon")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form")).to_be_visible()
    watch.assert_clean()


def test_resident_pages_and_live_scripts_keep_to_the_policy(watched):
    watch, page = watched(RESIDENT)
    watch.visit(page, ACTION)
    page.wait_for_selector("#commentaires[data-live=connected]")  # comments.js and its websocket
    page.locator("#commentaires textarea").first.fill("Un commentaire écrit sous la politique de sécurité.")
    page.locator(".comment-form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_be_visible()  # the toast of site.js
    page.wait_for_selector("#commentaires[data-live=connected]")
    consultation = _consultation_url(watch, page)
    watch.visit(page, consultation)
    page.wait_for_timeout(500)  # consultation-live.js opens its socket
    for url in ("/compte/profil/", "/compte/organisations/", "/compte/notifications/", "/compte/comites/",
                "/projets/?organisation=cerise", SENIOR):
        watch.visit(page, url)
    watch.assert_clean()


def test_staff_pages_and_the_wagtail_editor_with_its_preview_keep_to_their_policies(watched, screenshots_dir):
    watch, page = watched(STAFF)
    watch.visit(page, ACTION)  # with Wagtail's userbar
    watch.visit(page, "/projets/examen/cerise/")
    watch.visit(page, "/compte/organisations/")
    page.get_by_role("link", name="Registre des adhérents de CERISE").click()
    page.wait_for_url(re.compile(r"/organisations/\d+/registre/$"))
    for url in ("/admin/", "/admin/moderation/", "/admin/plans/import/", "/admin/pages/"):
        watch.visit(page, url)
    # The page editor of the action, then its preview panel.
    watch.visit(page, "/admin/pages/search/?q=Repenser+le+projet")
    edit = page.locator("a[href*='/admin/pages/'][href$='/edit/']").first
    watch.visit(page, edit.get_attribute("href"))
    expect(page.locator("#id_title")).to_be_visible()
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Repenser le projet", timeout=20_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots_dir / "csp-admin-preview.png"))
    watch.assert_clean()
