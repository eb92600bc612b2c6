"""The live sockets' script (static/js/site.js: liveSocket, used by the
comments and the live results) in the browser, with a fake WebSocket and
the browser's clock under the test's hand: it backs off when connections
fail, gives up after a while and resumes when the page is seen again or
the network returns, and never retries a socket the server refused."""

import pytest

from tests.e2e.test_comments import ACTION

pytestmark = pytest.mark.e2e

FAKE_SOCKETS = """
window.__sockets = [];
window.__hidden = false;
Object.defineProperty(document, "hidden", {configurable: true, get: () => window.__hidden});
window.WebSocket = class {
  // The comments' sockets only: the bell (static/js/bell.js) opens its own on every signed-in page.
  constructor(url) { this.url = url; this.listeners = {}; if (url.includes("/ws/commentaires/")) window.__sockets.push(this); }
  addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
  fire(type, event) { (this.listeners[type] || []).forEach((listener) => listener(event || {})); }
  close() {}
};
"""


class Sockets:
    def __init__(self, page):
        self.page = page

    def count(self) -> int:
        return self.page.evaluate("window.__sockets.length")

    def last(self, script: str) -> None:
        self.page.evaluate(f"(() => {{ const socket = window.__sockets.at(-1); {script} }})()")

    def fail(self, code=1006) -> None:
        self.last(f"socket.fire('close', {{code: {code}}});")

    def wait(self, ms: int) -> None:
        self.page.clock.run_for(ms)

    def page_seen_again(self, hidden=False) -> None:
        self.page.evaluate(f"window.__hidden = {str(hidden).lower()}; "
                           "document.dispatchEvent(new Event('visibilitychange'));")


@pytest.fixture
def sockets(login):
    page = login("benevole@demo.plan-commun.local")
    page.clock.install()
    page.add_init_script(FAKE_SOCKETS)
    page.goto(ACTION)
    found = Sockets(page)
    assert found.count() == 1 and "/ws/commentaires/" in page.evaluate("window.__sockets[0].url")
    return found


def test_failed_connections_are_retried_ever_later_then_resumed_when_seen(sockets):
    for delay in (1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000):
        before = sockets.count()
        sockets.fail()
        sockets.wait(delay - 50)
        assert sockets.count() == before, delay
        sockets.wait(50)
        assert sockets.count() == before + 1, delay
    sockets.fail()  # the 8th failure in a row: it waits for the reader
    sockets.wait(3_600_000)
    assert sockets.count() == 8
    sockets.page_seen_again()
    assert sockets.count() == 9
    sockets.fail()
    sockets.page.evaluate("window.dispatchEvent(new Event('online'))")  # the network is back
    assert sockets.count() == 10


def test_a_socket_that_stayed_open_starts_again_at_one_second(sockets):
    for _failure in range(3):
        sockets.fail()
        sockets.wait(10_000)
    assert sockets.count() == 4
    sockets.last("socket.fire('open');")
    sockets.wait(60_000)
    sockets.fail(1001)  # the server restarted
    sockets.wait(1_000)
    assert sockets.count() == 5


def test_nothing_is_tried_while_the_page_is_hidden(sockets):
    sockets.page.evaluate("window.__hidden = true")
    sockets.fail()
    sockets.wait(600_000)
    assert sockets.count() == 1
    sockets.page_seen_again()
    assert sockets.count() == 2


@pytest.mark.parametrize("code", [4401, 4403])
def test_a_refused_socket_is_never_tried_again(sockets, code):
    """Signed out, or no longer allowed (the server checks again who may
    read): until the page is loaded again."""
    sockets.last("socket.fire('open');")
    sockets.fail(code)
    sockets.wait(3_600_000)
    sockets.page_seen_again()
    sockets.page.evaluate("window.dispatchEvent(new Event('online'))")
    assert sockets.count() == 1
    assert sockets.page.locator("#commentaires[data-live]").count() == 0
