"""Where the bilan's contributions come from: each kind of participation is
a *source* that reads, in a fixed number of queries, every contribution of
an organisation in a period, with who made it (an account, or nobody when
it was anonymous on paper), how (its origin) and the plan items it serves.

Origins are a dimension of every contribution, so that paper ballots and
what is recorded at the accueil count with the online ones (issue 22 adds
"recueilli à l'accueil" to comments, supports, help offers, projects and
comité requests: a model that gains an `origin` field is read by its source
below without another change; a new kind registers a source of its own).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Origin:
    ONLINE = "en_ligne"
    PAPER = "papier"
    ACCUEIL = "accueil"
    LABELS = {ONLINE: _("Online"), PAPER: _("On paper"), ACCUEIL: _("Recorded at the accueil")}
    ORDER = (ONLINE, PAPER, ACCUEIL)


class Contribution(NamedTuple):
    kind: str
    origin: str
    user_id: int | None  # None: anonymous (a paper signature without an account)
    pages: tuple = ()  # the plan items it serves (page ids)
    count: int = 1  # an anonymous batch counts its signatures at once


@dataclass(frozen=True)
class Scope:
    organisation_ids: frozenset
    start: date
    end: date

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.max))


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # lazy text: "Comments"
    read: Callable[[Scope], Iterable[Contribution]]
    participation: bool = True  # counts its people among the participants


_sources: dict[str, Source] = {}


def register(kind: str, label, read, *, participation: bool = True) -> None:
    _sources[kind] = Source(kind, label, read, participation)


def sources() -> list[Source]:
    return list(_sources.values())


def _origin(row: dict, default: str = Origin.ONLINE) -> str:
    return row.get("origin") or default


def _fields(model, *names: str) -> list[str]:
    """The names the model has, plus its `origin` when it has one."""
    have = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields} | {"pk"}
    return [name for name in names if name.split("__")[0] in have] + (["origin"] if "origin" in have else [])


def _project_pages(project_ids) -> dict[int, tuple]:
    from projects.models import Project

    pages: dict[int, list] = {}
    for project_id, page_id in Project.plan_items.through.objects.filter(project_id__in=project_ids).values_list(
            "project_id", "page_id"):
        pages.setdefault(project_id, []).append(page_id)
    return {key: tuple(value) for key, value in pages.items()}


def comments(scope: Scope):
    """Published comments (not hidden, not deleted) on anything of the
    organisation: a plan page, a journal entry (its action), a project (its
    plan items)."""
    from journal.models import JournalEntry
    from participation.models import Comment
    from projects.models import Project

    rows = list(Comment.objects.filter(organisation_id__in=scope.organisation_ids, submit_date__gte=scope.since,
                                       submit_date__lte=scope.until).published()
                .values(*_fields(Comment, "user_id", "content_type_id", "object_pk")))
    entry_type = ContentType.objects.get_for_model(JournalEntry).pk
    project_type = ContentType.objects.get_for_model(Project).pk
    entries = dict(JournalEntry.objects.filter(pk__in=[int(r["object_pk"]) for r in rows
                                                       if r["content_type_id"] == entry_type])
                   .values_list("pk", "action_id"))
    projects = _project_pages([int(r["object_pk"]) for r in rows if r["content_type_id"] == project_type])
    for row in rows:
        target = int(row["object_pk"])
        if row["content_type_id"] == entry_type:
            pages = (entries[target],) if target in entries else ()
        elif row["content_type_id"] == project_type:
            pages = projects.get(target, ())
        else:
            pages = (target,)
        yield Contribution("comment", _origin(row), row["user_id"], pages)


def projects(scope: Scope):
    """Projects submitted in the period: each carrier took part."""
    from projects.models import Project, ProjectAuthor

    found = {row["pk"]: row for row in Project.objects.filter(
        organisation_id__in=scope.organisation_ids, submitted_at__gte=scope.since, submitted_at__lte=scope.until,
        hidden_at__isnull=True).values(*_fields(Project, "pk", "created_by_id"))}
    pages = _project_pages(list(found))
    carriers: dict[int, list] = {}
    for project_id, user_id in ProjectAuthor.objects.filter(project_id__in=list(found), accepted=True).values_list(
            "project_id", "user_id"):
        carriers.setdefault(project_id, []).append(user_id)
    for project_id, row in found.items():
        for user_id in carriers.get(project_id) or [row["created_by_id"]]:
            yield Contribution("project", _origin(row), user_id,
                               pages.get(project_id, ()))


def _on_projects(model, kind: str):
    def read(scope: Scope):
        rows = list(model.objects.filter(project__organisation_id__in=scope.organisation_ids,
                                         project__hidden_at__isnull=True, created_at__gte=scope.since,
                                         created_at__lte=scope.until)
                    .values(*_fields(model, "user_id", "project_id")))
        pages = _project_pages({row["project_id"] for row in rows})
        for row in rows:
            yield Contribution(kind, _origin(row), row["user_id"],
                               pages.get(row["project_id"], ()))
    return read


def votes(scope: Scope):
    """Who voted, online or on paper (named ballots and the signers of a
    batch), and the signatures of people without an account, counted apart."""
    from consultations.models import Consultation, PaperBatch, VoterRecord

    linked: dict[int, list] = {}
    for consultation_id, action_id in Consultation.actions.through.objects.filter(
            consultation__organisation_id__in=scope.organisation_ids).values_list("consultation_id", "actionpage_id"):
        linked.setdefault(consultation_id, []).append(action_id)
    pages = {key: tuple(value) for key, value in linked.items()}
    for row in VoterRecord.objects.filter(consultation__organisation_id__in=scope.organisation_ids,
                                          created_at__gte=scope.since, created_at__lte=scope.until).values_list(
            "user_id", "channel", "consultation_id"):
        user_id, channel, consultation_id = row
        yield Contribution("vote", Origin.PAPER if channel == "papier" else Origin.ONLINE, user_id,
                           pages.get(consultation_id, ()))
    for row in PaperBatch.objects.filter(consultation__organisation_id__in=scope.organisation_ids,
                                         created_at__gte=scope.since, created_at__lte=scope.until,
                                         unnamed_signatures__gt=0).values(
            "unnamed_signatures", "consultation_id"):
        yield Contribution("vote", Origin.PAPER, None, pages.get(row["consultation_id"], ()),
                           count=row["unnamed_signatures"])


def _committee_pages(organisation_ids) -> dict[int, tuple]:
    from committees.models import CommitteePlanItem

    pages: dict[int, list] = {}
    for committee_id, page_id in CommitteePlanItem.objects.filter(
            committee__organisation_id__in=organisation_ids).values_list("committee_id", "page_id"):
        pages.setdefault(committee_id, []).append(page_id)
    return {key: tuple(value) for key, value in pages.items()}


def committee_joins(scope: Scope):
    from committees.models import CommitteeMember

    pages = _committee_pages(scope.organisation_ids)
    for row in CommitteeMember.objects.accepted().filter(
            committee__organisation_id__in=scope.organisation_ids, joined_at__gte=scope.since,
            joined_at__lte=scope.until).values(*_fields(CommitteeMember, "user_id", "committee_id")):
        yield Contribution("committee", _origin(row), row["user_id"],
                           pages.get(row["committee_id"], ()))


def meeting_presence(scope: Scope):
    from committees.models import MeetingAttendance

    pages = _committee_pages(scope.organisation_ids)
    for row in MeetingAttendance.objects.filter(
            meeting__committee__organisation_id__in=scope.organisation_ids, present=True,
            meeting__cancelled_at__isnull=True, meeting__starts_at__gte=scope.since,
            meeting__starts_at__lte=scope.until).values("user_id", "meeting__committee_id"):
        yield Contribution("presence", Origin.ONLINE, row["user_id"],
                           pages.get(row["meeting__committee_id"], ()))


def journal_entries(scope: Scope):
    """The team's and pilots' updates: counted, not as participation."""
    from journal.models import JournalEntry

    for row in JournalEntry.objects.filter(organisation_id__in=scope.organisation_ids, date__gte=scope.start,
                                           date__lte=scope.end).values("author_id", "action_id"):
        yield Contribution("update", Origin.ONLINE, row["author_id"], (row["action_id"],))


def register_defaults() -> None:
    from projects.models import HelpOffer, Support

    register("comment", _("Comments"), comments)
    register("project", _("Carriers of the residents' projects proposed"), projects)
    register("support", _("Supports of projects"), _on_projects(Support, "support"))
    register("help", _("Offers to help a project"), _on_projects(HelpOffer, "help"))
    register("vote", _("Votes in consultations"), votes)
    register("committee", _("Comité members who joined"), committee_joins)
    register("presence", _("Presences at comité meetings"), meeting_presence)
    register("update", _("Journal updates"), journal_entries, participation=False)


@dataclass
class Tally:
    """Counts of one row of the bilan (the whole organisation, an axis, a
    role...): contributions by kind and origin, and the people."""

    people: set = field(default_factory=set)
    anonymous: int = 0
    by_kind: dict = field(default_factory=dict)  # kind -> {origin: count}

    def add(self, contribution: Contribution, participation: bool) -> None:
        self.merge(Summary.of([contribution], participation))

    def merge(self, summary: "Summary") -> None:
        for (kind, origin), count in summary.counts.items():
            counts = self.by_kind.setdefault(kind, {})
            counts[origin] = counts.get(origin, 0) + count
        self.people |= summary.people
        self.anonymous += summary.anonymous

    def count(self, kind: str, origin: str | None = None) -> int:
        counts = self.by_kind.get(kind, {})
        return counts.get(origin, 0) if origin else sum(counts.values())

    @property
    def participants(self) -> int:
        return len(self.people)


@dataclass
class Summary:
    """Contributions that go to the same rows, counted once: a federation's
    thousands of ballots on one consultation are one summary, merged into
    each row they count for."""

    counts: Counter
    people: set
    anonymous: int

    @classmethod
    def of(cls, contributions: list, participation: bool) -> "Summary":
        counts: Counter = Counter()
        anonymous = 0
        for contribution in contributions:
            counts[(contribution.kind, contribution.origin)] += contribution.count
            if contribution.user_id is None:
                anonymous += contribution.count
        people = {c.user_id for c in contributions if c.user_id is not None} if participation else set()
        return cls(counts, people, anonymous if participation else 0)


def paper_count(consultation_ids) -> dict[int, int]:
    """Signatures of people without an account, per consultation."""
    from consultations.models import PaperBatch

    return dict(PaperBatch.objects.filter(consultation_id__in=consultation_ids).order_by().values(
        "consultation_id").annotate(total=Sum("unnamed_signatures")).values_list("consultation_id", "total"))
