"""The public pages in a real browser: accessibility audit (axe-core, WCAG
2.1 A and AA, and the best practices on landmarks and headings) at desktop
and phone widths, and a few residents' journeys.

The server, its database and the browser come from conftest.py.
"""

import re

import pytest

from .conftest import inject_axe

pytestmark = pytest.mark.e2e

DESKTOP = (1280, 900)
PHONE = (390, 844)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best practices that the user tests asked for on top of WCAG: one name per
# landmark of a kind, one banner/main/contentinfo, landmarks at the top
# level, all content in a landmark, headings that go down one level at a
# time, one h1.
BEST_PRACTICE_RULES = [
    "landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main", "landmark-one-main", "landmark-banner-is-top-level",
    "landmark-complementary-is-top-level", "landmark-contentinfo-is-top-level", "landmark-main-is-top-level",
    "region", "heading-order", "page-has-heading-one",
]
SKIP_LINK_TEXTS = {"Aller au contenu"}

PLAN_001 = "/centre-social-municipal/projet-social/"
PLAN_004 = "/entraide-et-solidarites/plan-strategique-2021-2024/"
SEARCH_WORD = "bénévolat"

# Pages whose address is part of the demo's contract; the others are found
# by following links, as a visitor would (see `page_urls`).
KNOWN_PAGES = {
    "home": "/",
    "organisation": "/cerise/",
    "plan": "/cerise/plan-strategique/",
    "outline": PLAN_004 + "sommaire/",
    "timeline": PLAN_004 + "calendrier/",
    "actions": PLAN_004 + "actions/",
    "search": f"/recherche/?q={SEARCH_WORD}",
    "open-data": "/donnees/cerise/",
    "not-found": "/page-qui-n-existe-pas/",
}
PAGE_NAMES = [*KNOWN_PAGES, "axis", "action", "goal"]

# Elements that only exist at JavaScript's request (the outline buttons) are
# audited too: they are in the page once site.js has run.
AXE_RUN = """async ([tags, rules]) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    rules: Object.fromEntries(rules.map((id) => [id, {enabled: true}])),
  });
  return {passes: results.passes.length, violations: results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }))};
}"""

# Where the page is wider than the screen, and the elements sticking out that
# no container clips (a scrolling container such as the timeline's
# `.table-scroll` only clips what it contains: an absolutely positioned
# descendant escapes it unless the container is its containing block).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const next = (el) => ['absolute', 'fixed'].includes(getComputedStyle(el).position) ? el.offsetParent : el.parentElement;
  const clipped = (el) => {
    for (let a = next(el); a && a !== document.body && a !== document.documentElement; a = next(a)) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 5)
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right edge at ${Math.round(el.getBoundingClientRect().right)}px: ${el.outerHTML.slice(0, 160)}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders};
}"""


def _href(page, selector: str) -> str:
    link = page.locator(selector).first
    assert link.count(), f"No link matching {selector!r} on {page.url}"
    href = link.get_attribute("href")
    assert href and href.startswith("/"), f"Unexpected link {href!r} ({selector!r} on {page.url})"
    return href


def _goto(page, url: str, status: int = 200):
    response = page.goto(url, wait_until="load")
    assert response is not None, f"No response for {url}"
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    return response


@pytest.fixture(scope="session")
def page_urls(browser, site_url):
    """Every audited page, the derived ones found by following links."""
    context = browser.new_context(base_url=site_url)
    page = context.new_page()
    try:
        urls = dict(KNOWN_PAGES)
        # Seed 004: the first axis of the plan, and the first action of the timeline.
        _goto(page, PLAN_004)
        urls["axis"] = _href(page, ".card--axis .card__title a")
        _goto(page, urls["timeline"])
        urls["action"] = _href(page, "table.timeline tbody tr th a")
        assert urls["action"].startswith(PLAN_004), urls["action"]
        # Seed 001: its plan, first axis, first goal.
        _goto(page, PLAN_001)
        _goto(page, _href(page, ".card--axis .card__title a"))
        urls["goal"] = _href(page, ".node-list__item h3 a")
        return urls
    finally:
        context.close()


def _format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} "
            f"({len(nodes)} element(s)) {violation['helpUrl']}"
        )
        for node in nodes[:3]:
            html = re.sub(r"\s+", " ", node["html"])[:200]
            lines.append(f"    at {node['target']}: {html}")
            summary = (node.get("summary") or "").replace("\n", " ")[:300]
            if summary:
                lines.append(f"       {summary}")
        if len(nodes) > 3:
            lines.append(f"    ... and {len(nodes) - 3} more")
    return "\n".join(lines)


def _audit(page) -> list[dict]:
    inject_axe(page)
    results = page.evaluate(AXE_RUN, [WCAG_TAGS, BEST_PRACTICE_RULES])
    assert results["passes"] > 0, f"axe-core checked nothing on {page.url}: is the page empty?"
    return results["violations"]


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_accessible(new_page, page_urls, screenshots_dir, name, width, height):
    page = new_page(width, height)
    url = page_urls[name]
    _goto(page, url, status=404 if name == "not-found" else 200)
    page.screenshot(path=str(screenshots_dir / f"{name}-{width}.png"), full_page=True)

    if name == "not-found":
        assert page.locator("h1").inner_text() == "Page introuvable", "the 404 is not the site's own page"

    violations = _audit(page)
    assert not violations, _format_violations(violations, url)

    if (width, height) == PHONE:
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scrollWidth"] <= overflow["width"] + 1, (
            f"{url} is {overflow['scrollWidth']}px wide on a {overflow['width']}px screen "
            f"(horizontal scrolling). Elements sticking out:\n  " + "\n  ".join(overflow["offenders"])
        )


def test_keyboard_skip_link_moves_focus_to_content(new_page):
    page = new_page(*DESKTOP)
    _goto(page, KNOWN_PAGES["plan"])

    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          const box = el.getBoundingClientRect();
          return {tag: el.tagName, cls: el.className, text: el.textContent.trim(),
                  href: el.getAttribute('href'), top: box.top, bottom: box.bottom};
        }"""
    )
    assert focused["text"] in SKIP_LINK_TEXTS, f"The first Tab stop is not the skip link: {focused}"
    assert focused["href"] == "#contenu", focused
    # Shown on screen once focused (it sits above the viewport otherwise).
    assert focused["top"] >= 0 and focused["bottom"] <= DESKTOP[1], f"Skip link focused but off screen: {focused}"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # The next Tab continues from the content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#contenu')"), page.evaluate(
        "document.activeElement.outerHTML"
    )


def test_outline_opens_without_javascript(new_page):
    page = new_page(*PHONE, java_script_enabled=False)
    _goto(page, KNOWN_PAGES["outline"])

    assert page.locator("details").count() > 1
    # The JavaScript-only buttons stay hidden when they could not work.
    assert not page.locator("[data-outline-tools]").is_visible()

    # A handle, not a locator: a locator ending in `:not([open])` would find
    # another element once this one is open.
    details = page.locator(".outline > li > details[open] > ul > li > details:not([open])").first.element_handle(
        timeout=5_000
    )
    summary = details.query_selector(":scope > summary")
    link = details.query_selector(":scope > .outline__link a")
    child = details.query_selector(":scope > .outline__children > li :is(a, summary)")
    assert summary and link and child, details.inner_html()[:500]
    assert summary.is_visible() and not link.is_visible() and not child.is_visible()

    summary.click()

    assert details.get_attribute("open") is not None
    assert link.is_visible() and child.is_visible()
    # Following the link works too.
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200, page.url


def test_outline_expand_and_collapse_all(new_page):
    page = new_page(*DESKTOP)
    _goto(page, KNOWN_PAGES["outline"])
    all_details = page.locator(".outline details")
    total = all_details.count()
    assert total > 1
    states = "() => [...document.querySelectorAll('.outline details')].map((d) => d.open)"
    assert not all(page.evaluate(states)), "Every level is open before expanding"

    page.locator("[data-outline-expand]").click()
    assert page.evaluate(states) == [True] * total

    page.locator("[data-outline-collapse]").click()
    assert page.evaluate(states) == [False] * total


def _action_count(page) -> int:
    text = page.locator("p[role=status]").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"No number in the count {text!r}"
    return int(match.group())


def test_action_list_filters_by_period(new_page):
    page = new_page(*DESKTOP)
    _goto(page, KNOWN_PAGES["actions"])
    before_text = page.locator("p[role=status]").inner_text()
    before = _action_count(page)
    assert before == page.locator(".action-list > .action-item").count()

    options = page.locator("#id_period option").evaluate_all(
        "(options) => options.filter((o) => o.value).map((o) => ({value: o.value, label: o.textContent.trim()}))"
    )
    assert options, "The period filter offers no period"
    period = options[0]
    page.select_option("#id_period", period["value"])
    with page.expect_navigation() as navigation:
        page.locator("form.filters button[type=submit]").click()
    assert navigation.value.status == 200
    assert f"period={period['value']}" in page.url

    after_text = page.locator("p[role=status]").inner_text()
    after = _action_count(page)
    assert after_text != before_text and 0 < after < before, (before_text, after_text)
    items = page.locator(".action-list > .action-item")
    assert items.count() == after
    # The filter stays selected, and every action listed is scheduled then.
    assert page.locator("#id_period").input_value() == period["value"]
    for index in range(after):
        periods = [
            label.strip()
            for dd in items.nth(index).locator("dd").all_inner_texts()
            for label in dd.split(",")
        ]
        assert period["label"] in periods, f"Action {index + 1} is not scheduled in {period['label']}: {periods}"


def test_search_finds_and_leads_to_a_page(new_page):
    page = new_page(*PHONE)
    _goto(page, "/")
    page.locator("#site-search-q").fill(SEARCH_WORD)
    with page.expect_navigation() as navigation:
        page.locator("#site-search-q").press("Enter")
    assert navigation.value.status == 200
    assert "/recherche/" in page.url

    results = page.locator("ol.search-results h2 a")
    assert results.count() >= 1, page.locator("main").inner_text()
    title = results.first.evaluate(
        "(a) => { const c = a.cloneNode(true); c.querySelectorAll('.number').forEach((n) => n.remove());"
        " return c.textContent.trim(); }"
    )
    with page.expect_navigation() as navigation:
        results.first.click()
    assert navigation.value.status == 200, page.url
    assert title in page.locator("h1").first.inner_text()
