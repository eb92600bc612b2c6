""""En ce moment": what one can do now, on the home and organisation pages.

This app knows nothing of consultations, meetings, projects or the journal:
each registers a source here (in its AppConfig.ready()) with a function
reading its items for a scope and a person, and the template showing them.
A source's function reads in a fixed number of queries whatever the data,
and shows only what its detail pages would open to that person (the same
rules and filters as its lists); outside an organisation's own page it
leaves out anything of an organisation in a private branch of the site.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from cms.visibility import public_q

# Items per source: a glance at what is on, each section links to the rest.
LIMIT = 4


@dataclass(frozen=True)
class Scope:
    """Where the reader is: the home page (every organisation) or an
    organisation's page (it and the organisations within it, such as a
    cooperation's maisons)."""

    organisation: object = None  # OrganisationPage | None

    def q(self, prefix: str = "organisation__") -> Q:
        """The items of organisations in scope, live and outside any private
        branch, but for the privacy settings of the page being read (whose
        reader Wagtail already let in)."""
        within = self.organisation.path if self.organisation is not None else ""
        condition = Q(**{f"{prefix}live": True}) & public_q(prefix, within=within)
        if self.organisation is not None:
            condition &= Q(**{f"{prefix}path__startswith": self.organisation.path})
        return condition


@dataclass(frozen=True)
class Source:
    name: str
    order: int
    template: str  # rendered with `items`, `scope` and `heading_level`
    read: Callable  # (scope, user, now) -> list


_registry: dict[str, Source] = {}


def register(name: str, *, order: int, template: str, read: Callable) -> None:
    _registry[name] = Source(name=name, order=order, template=template, read=read)


def sources() -> list[Source]:
    return sorted(_registry.values(), key=lambda source: source.order)


def whats_on(scope: Scope, user, now) -> list[tuple[Source, list]]:
    """Each source with what it has to show, the empty ones left out."""
    found = [(source, source.read(scope, user, now)) for source in sources()]
    return [(source, items) for source, items in found if items]
