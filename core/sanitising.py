"""The one place that decides which HTML written by people reaches a page.

Contributions (comments, projects, consultation texts) are stored as typed:
plain text with links and line breaks, and a small Markdown subset (**bold**,
*italic*, lines starting with "- " as a list). Rendering escapes everything
first, then turns those few constructs into tags, then passes the result
through nh3 with an allowlist: a second line of defence should the first
ever let something through.
"""

import functools
import html
import itertools
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

MAX_LENGTH = 5000
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")


def clean_user_text(text: str) -> str:
    """What is stored: the text as typed, with any HTML markup removed by
    nh3 (the content of script and style elements too), without invisible
    control or direction-override characters, with unified line breaks.
    What remains is plain text, escaped again when rendered."""
    text = text or ""
    for _round in range(5):  # entity-encoded markup ("&lt;script&gt;") is markup too
        stripped = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}, attributes={}))
        if stripped == text:
            break
        text = stripped
    return _normalise(text)


def _normalise(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text).strip()


def _inline(escaped: str) -> str:
    links = []

    def keep_link(match):
        url = match.group(0)
        links.append(f'<a href="{url}">{url}</a>')
        return f"\x00{len(links) - 1}\x00"

    text = URL.sub(keep_link, escaped)  # links first: no emphasis inside a URL
    text = ITALIC.sub(r"<em>\1</em>", BOLD.sub(r"<strong>\1</strong>", text))
    return re.sub(r"\x00(\d+)\x00", lambda match: links[int(match.group(1))], text)


def render_user_text(text: str) -> SafeString:
    """A contribution as HTML: paragraphs, line breaks, lists, bold, italic
    and links, nothing else."""
    return mark_safe(_rendered(text))  # noqa: S308 - escaped, then cleaned by nh3


@functools.lru_cache(maxsize=4096)
def _rendered(text: str) -> str:
    """A function of the text alone: a page of comments renders each one
    once per process, not on every view."""
    blocks = []
    for block in re.split(r"\n\s*\n", _normalise(text)):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        # Consecutive "- " lines make a list, wherever they start in a paragraph.
        for is_list, run in itertools.groupby(lines, key=lambda line: line.startswith("- ")):
            run = list(run)
            if is_list:
                items = "".join(f"<li>{_inline(html.escape(line[2:].strip()))}</li>" for line in run)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append("<p>" + "<br>".join(_inline(html.escape(line)) for line in run) + "</p>")
    return clean_html("".join(blocks))


def clean_html(fragment: str) -> str:
    """Any HTML fragment reduced to the allowlist (the content of script
    and style elements goes with them)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
