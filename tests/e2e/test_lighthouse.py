"""Lighthouse's SEO score is 100 on the main public pages (issue 23.7), run
against the e2e server (conftest.py: DEBUG off, the demo data) with Debian's
Chromium, never a downloaded browser. `make seo` runs only these.

Lighthouse is the npm package pinned in package.json (node_modules/.bin);
it prints each failed audit, so that a score below 100 says why.
"""

import json
import os
import re
import subprocess
import urllib.request

import pytest

from .conftest import CHROMIUM, ROOT

pytestmark = pytest.mark.e2e

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking " \
               "--disable-component-update --disable-sync"

# Pages whose address is part of the demo's contract; the others are the
# first link of their kind on a listing, as a visitor would find them.
KNOWN = {
    "home": "/",
    "organisation": "/cerise/",
    "plan": "/cerise/plan-strategique/",
    "project list": "/projets/",
}
FOUND = {
    # page: (listing, first link on it matching)
    "action": ("/entraide-et-solidarites/plan-strategique-2021-2024/actions/",
               r'href="(/entraide-et-solidarites/plan-strategique-2021-2024(?:/[^"/?#]+){4}/)"'),
    "project": ("/projets/", r'href="(/projets/\d+/)"'),
    "committee": ("/comites/", r'href="(/comites/[a-z0-9-]+/[a-z0-9-]+/)"'),
    "consultation": ("/consultations/", r'href="(/consultations/\d+/)"'),
}


def _first_link(site_url: str, listing: str, pattern: str) -> str:
    with urllib.request.urlopen(site_url + listing, timeout=30) as response:
        page = response.read().decode()
    found = re.search(pattern, page)
    assert found, f"no link matching {pattern} on {listing}"
    return found.group(1)


def seo_audit(url: str) -> tuple[float, list[str]]:
    """Lighthouse's SEO score of the page (0 to 1), and its failed audits."""
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=seo", "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    assert result.returncode == 0, (f"lighthouse failed (installed by `npm ci`, see make e2e-deps): "
                                    f"{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    category = report["categories"]["seo"]
    failed = [f"{ref['id']}: {report['audits'][ref['id']]['title']}" for ref in category["auditRefs"]
              if ref["weight"] and report["audits"][ref["id"]]["score"] not in (1, None)]
    return category["score"], failed


@pytest.fixture(scope="module")
def pages(site_url):
    found = {name: _first_link(site_url, listing, pattern) for name, (listing, pattern) in FOUND.items()}
    return {**KNOWN, **found}


@pytest.mark.parametrize("name", [*KNOWN, *FOUND])
def test_seo_score_is_100(site_url, pages, name):
    score, failed = seo_audit(site_url + pages[name])
    assert score == 1, (pages[name], score, failed)
