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
# A web address runs to the next space or quote (possessive: never given
# back); the punctuation that ends a sentence is then left out of it.
URL = re.compile(r"\bhttps?://[^\s<>\"']++", re.IGNORECASE)
URL_TRAILING = ".,;:!?)]"
LINK_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
# A blank line (spaces allowed) between paragraphs.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


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


def _inline(escaped: str, work: list[int] | None = None) -> str:
    """Links, then **bold**, then *italic*, in time proportional to the
    line: each pass looks at each asterisk a bounded number of times (a
    regular expression that searches for the closing asterisk from every
    opening one is quadratic: 50,000 characters took 20 s). `work`, when
    given, counts those looks (tests/core/test_sanitising.py, bench/user_text.py)."""
    links = []

    def keep_link(match):
        url = match.group(0)
        body = url.rstrip(URL_TRAILING)
        if len(body) - len(url.split("//", 1)[0]) - 2 < 2:
            return url  # "http://x" or "http://." is no address
        links.append(f'<a href="{body}">{body}</a>')
        return f"\x00{len(links) - 1}\x00{url[len(body):]}"

    text = URL.sub(keep_link, escaped)  # links first: no emphasis inside a URL
    text = _emphasis(text, "**", "strong", work)
    text = _emphasis(text, "*", "em", work)
    return LINK_PLACEHOLDER.sub(lambda match: links[int(match.group(1))], text)


def _emphasis(text: str, marker: str, tag: str, work: list[int] | None) -> str:
    r"""Every `marker`…`marker` pair as `<tag>`…`</tag>`, leftmost first, each
    opening marker with the nearest closing one after it: what
    `\*\*(?=\S)(.+?)(?<=\S)\*\*` (bold) and
    `(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])` (italic) replace, in one
    pass over the asterisks: the closing markers form a list that a single
    cursor walks forwards."""
    stars = _positions(text, "*")
    single = marker == "*"
    openers, closers = [], []
    for at in stars:
        if single:
            if _opens_italic(text, at):
                openers.append(at)
            if _closes_italic(text, at):
                closers.append(at)
        elif text.startswith("**", at):
            if at + 2 < len(text) and not text[at + 2].isspace():
                openers.append(at)
            if at > 0 and not text[at - 1].isspace():
                closers.append(at)
    if work is not None:
        work[0] += len(stars)
    width = len(marker)
    pieces, done, cursor = [], 0, 0
    for start in openers:
        if start < done:
            continue
        # The content is one character at least: the closing marker comes
        # after the character that follows the opening one.
        while cursor < len(closers) and closers[cursor] < start + width + 1:
            cursor += 1
        if work is not None:
            work[0] += 1
        if cursor == len(closers):
            break  # no closing marker further on: none for a later opening one either
        end = closers[cursor]
        pieces += [text[done:start], f"<{tag}>", text[start + width:end], f"</{tag}>"]
        done = end + width
    if work is not None:
        work[0] += cursor
    pieces.append(text[done:])
    return "".join(pieces)


def _positions(text: str, char: str) -> list[int]:
    found, at = [], text.find(char)
    while at != -1:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _word_or_star(char: str) -> bool:
    return char == "*" or char == "_" or char.isalnum()  # what [\w*] matches


def _opens_italic(text: str, at: int) -> bool:
    return ((at == 0 or not _word_or_star(text[at - 1]))
            and at + 1 < len(text) and not text[at + 1].isspace())


def _closes_italic(text: str, at: int) -> bool:
    return (at > 0 and not text[at - 1].isspace()
            and (at + 1 == len(text) or not _word_or_star(text[at + 1])))


def render_user_text(text: str) -> SafeString:
    """A contribution as HTML: paragraphs, line breaks, lists, bold, italic
    and links, nothing else."""
    return mark_safe(_rendered(text))  # noqa: S308 - escaped, then cleaned by nh3


@functools.lru_cache(maxsize=4096)
def _rendered(text: str) -> str:
    """A function of the text alone: a page of comments renders each one
    once per process, not on every view."""
    blocks = []
    for block in PARAGRAPH_BREAK.split(_normalise(text)):
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


# Where one block of HTML ends and the next begins: a space there, so that
# paragraphs do not run into each other once the tags are gone.
BLOCK_ENDS = ("</p>", "<br", "</li>", "</h2>", "</h3>", "</h4>", "</div>", "</ul>", "</ol>")


def html_to_text(fragment: str) -> str:
    """HTML (rich text, a rendered block) as one line of plain text: tags
    dropped, entities read, blocks apart. For meta descriptions, feeds and
    the API, which escape it again where they show it."""
    import html

    from django.utils.html import strip_tags

    fragment = str(fragment or "")
    for end in BLOCK_ENDS:
        fragment = fragment.replace(end, " " + end)
    return " ".join(html.unescape(strip_tags(fragment)).split())
