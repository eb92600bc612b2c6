"""Search beyond the plan's pages: each app registers how to find its own
public things (projects, comités, meetings, consultations) matching a
query, from its own rules of what a visitor may read; the search page
(cms/views.py) lists them after the plan's pages, with an excerpt around
the words found. cms knows nothing of those apps (docs/architecture.md,
registries).

The match is plain (every word of the query in the title or the text,
whatever the case), the same on PostgreSQL and SQLite; each source gives
a few results, in a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Q

from core.sanitising import html_to_text

HITS_PER_SOURCE = 10
EXCERPT_CONTEXT = 90  # characters each side of the first word found


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    context: str  # organisation, comité, status…
    before: str  # the excerpt: the text around the first word found
    match: str
    after: str


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    find: Callable[[list[str]], list[Hit]]


SOURCES: list[Source] = []


def register(name: str, label, find: Callable[[list[str]], list[Hit]]) -> None:
    """`find(words)`: what anyone may read containing every word."""
    if name not in {source.name for source in SOURCES}:
        SOURCES.append(Source(name, label, find))


def words_q(words: list[str], fields: tuple[str, ...]) -> Q:
    """Every word in one of the fields (not necessarily the same one)."""
    return reduce(and_, (reduce(lambda a, b: a | b, (Q(**{f"{field}__icontains": word}) for field in fields))
                         for word in words), Q())


def excerpt(text: str, words: list[str]) -> tuple[str, str, str]:
    """The text around the first word of the query found in it, cut on
    spaces, and that word as written in the text."""
    text = html_to_text(text)
    lowered = text.lower()
    found = [(lowered.find(word.lower()), word) for word in words]
    found = [(at, word) for at, word in found if at >= 0]
    if not found:  # the words are in another field (the title)
        if len(text) <= EXCERPT_CONTEXT * 2:
            return text, "", ""
        return text[: EXCERPT_CONTEXT * 2].rsplit(" ", 1)[0] + "…", "", ""
    at, word = min(found)
    start, end = max(0, at - EXCERPT_CONTEXT), at + len(word) + EXCERPT_CONTEXT
    before, after = text[start:at], text[at + len(word): end]
    if start > 0:
        before = "…" + before.split(" ", 1)[-1]
    if end < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return before, text[at: at + len(word)], after


def hit(*, title: str, url: str, context: str, text: str, words: list[str]) -> Hit:
    return Hit(title, url, context, *excerpt(text or title, words))


def search_elsewhere(words: list[str]) -> list[tuple[str, list[Hit]]]:
    """Each source's results, by source, leaving out those with none."""
    if not words:
        return []
    groups = [(source.label, source.find(words)) for source in SOURCES]
    return [(label, hits) for label, hits in groups if hits]
