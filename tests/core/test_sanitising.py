"""No HTML or script written by a person ever runs on a page."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.sanitising import ALLOWED_TAGS, clean_html, clean_user_text, render_user_text

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="&#106;avascript:alert(1)">clic</a>',
    '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<body onload="alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<details open ontoggle=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[clic](javascript:alert(1))",
    "javascript:alert(1)",
    "<object data=javascript:alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "\u202e<script>alert(1)</script>",
]


class Markup(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser parses it."""

    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(fragment):
    """Only the allowed elements, and no attribute but a web or mail link."""
    for tag, attrs in Markup(fragment).elements:
        assert tag in ALLOWED_TAGS, (tag, fragment)
        for name, value in attrs.items():
            assert (tag, name) in {("a", "href"), ("a", "rel")}, (tag, name, fragment)
            if name == "href":
                assert urlsplit(value.strip()).scheme.lower() in {"http", "https", "mailto"}, (value, fragment)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    rendered = str(render_user_text(f"Bonjour {payload} merci"))
    assert_inert(rendered)
    assert rendered.startswith("<p>Bonjour ") and rendered.endswith(" merci</p>")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_html_cleaning(payload):
    cleaned = clean_html(payload)
    assert_inert(cleaned)
    assert "alert(1)</script>" not in cleaned  # script content goes with the element


def test_text_is_kept_readable_and_escaped():
    html = str(render_user_text("Tom & Jerry <3 les \"quotes\""))
    assert html == "<p>Tom &amp; Jerry &lt;3 les \"quotes\"</p>"


def test_links_line_breaks_lists_bold_and_italic():
    html = str(render_user_text(
        "Voir https://example.org/page?a=1&b=2.\nDeuxième ligne\n\n- **un**\n- *deux*\n\nFin"))
    assert '<a href="https://example.org/page?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">' in html
    assert "</a>.<br>Deuxième ligne</p>" in html
    assert "<ul><li><strong>un</strong></li><li><em>deux</em></li></ul>" in html
    assert html.endswith("<p>Fin</p>")


def test_no_emphasis_inside_links():
    html = str(render_user_text("https://example.org/a*b*c"))
    assert "<em>" not in html and 'href="https://example.org/a*b*c"' in html


def test_stored_text_loses_invisible_direction_and_control_characters():
    assert clean_user_text("  abc\u202edef\x00\r\nghi  ") == "abcdef\nghi"


def test_templates_render_contributions_through_the_filter():
    from django.template import Context, Template

    html = Template("{% load cms_tags %}{{ text|user_text }}").render(
        Context({"text": "**Oui** <script>alert(1)</script>"}))
    assert html == "<p><strong>Oui</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_stored_text_keeps_no_markup(payload):
    """On the way in, nh3 removes every tag; what is stored is plain text."""
    stored = clean_user_text(f"Bonjour {payload} merci")  # an unclosed tag takes the rest, as browsers do
    assert stored.startswith("Bonjour")
    assert "<script" not in stored.lower() and "<img" not in stored.lower() and "<svg" not in stored.lower()
    assert_inert(str(render_user_text(stored)))


def test_stored_text_keeps_what_is_not_markup():
    assert clean_user_text("Tom & Jerry <3, 5 > 3 et a->b") == "Tom & Jerry <3, 5 > 3 et a->b"
    assert clean_user_text("<b>gras</b> <script>alert(1)</script>fin") == "gras fin"


def test_a_list_may_follow_its_introduction_directly():
    html = str(render_user_text("Mes idées :\n- un coin enfants\n- des jeux\nMerci"))
    assert html == "<p>Mes idées :</p><ul><li>un coin enfants</li><li>des jeux</li></ul><p>Merci</p>"
