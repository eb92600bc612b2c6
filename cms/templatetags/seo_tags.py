"""What search engines and social networks read of a page (templates/base.html).

A page's title and description are written once, in its template's `title`
and `description` blocks; base.html captures them as plain text and shows
them in the <title>, the meta description, Open Graph and the Twitter card.
Without a description block, a Wagtail page describes itself from its
fields (the staff's search description first), and any other page gets the
site's. The templates put in these blocks only what the page itself shows,
so that the head never says more than the body."""

from django import template
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.templatetags.static import static
from django.utils.text import Truncator

from core.sanitising import html_to_text

register = template.Library()

DESCRIPTION_LENGTH = 160
# Where a Wagtail page's own words are, in the order a summary takes them.
PAGE_TEXT_FIELDS = ("search_description", "intro", "description", "summary", "long_title", "preamble", "scope")
# The query parameters that change what a public page shows, kept in its
# canonical address in this order: page numbers (the lists', the
# comments'), the searched words, and the filters of the public lists
# (plan actions, projects, directory, comités). Anything else (utm_*,
# fbclid, a sort order, a stray parameter) is dropped, so that the same
# content has one address.
CANONICAL_PARAMETERS = (
    "q", "organisation", "type", "axis", "pilot", "status", "period", "public", "domain",
    "statut", "axe", "quartier", "besoin", "domaine", "convention", "page", "commentaires",
)
FIRST_PAGE = {"page": "1", "commentaires": "1"}


plain_text = html_to_text


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = plain_text(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: what renders inside, as plain
    text (escaped again wherever it is shown) in the variable `name`."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def summary(value, length: int = DESCRIPTION_LENGTH) -> str:
    """Text or rich text cut to a meta description's length, on a word."""
    return Truncator(plain_text(value)).chars(length)


@register.simple_tag
def page_description(page) -> str:
    """A Wagtail page's description: the staff's, or its first own words."""
    for name in PAGE_TEXT_FIELDS:
        text = plain_text(getattr(page, name, "") or "")
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address with the query parameters that change its
    content (CANONICAL_PARAMETERS; a first page is the list itself)."""
    request = context.get("request")
    if request is None:
        return ""
    kept = QueryDict(mutable=True)
    for name in CANONICAL_PARAMETERS:
        values = [value for value in request.GET.getlist(name) if value.strip() and value != FIRST_PAGE.get(name)]
        if values:
            kept.setlist(name, values)
    query = kept.urlencode()
    address = absolute_url(context)
    return address + (f"?{query}" if query and address else "")


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    """`path` (the page's own address without its query by default) with
    the scheme and host the reader used; empty without a request (the 500
    page) or for a host the site does not serve (its 400 page)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return request.build_absolute_uri(path or request.path)
    except DisallowedHost:
        return ""  # the 400 page of a request for a host the site does not serve


@register.simple_tag(takes_context=True)
def absolute_static(context, path: str) -> str:
    return absolute_url(context, static(path))
