"""The bilan: one computation, read by the page, its public version, the
exports, the SENACS sheet, the evaluation and the federation's view, so
that a figure is the same wherever it appears.

The definitions below are shown on the page and written into the exports
(`DEFINITIONS`); tests/bilan/test_counting.py holds the code to them."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Count, F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from cms.models import ActionStatus, Indicator, OrganisationPage, PlanPage
from cms.selectors import TreeNode, organisation_plans, plan_subtree

from .sources import Origin, Scope, Summary, Tally, paper_count, sources

DEFINITIONS = [
    ("participant", _("A participant is a person with an account who, during the period, published a comment "
                      "(not hidden by the moderation nor deleted), carried a residents' project submitted in the "
                      "period, supported a project, offered to help one, voted in a consultation (online or on a "
                      "named paper ballot), joined a comité or was marked present at one of its meetings. Each "
                      "person counts once, however much they did.")),
    ("anonymous", _("Participations without an account (the signatures of people without an account on the "
                    "register of a paper vote) are counted apart: nobody can tell whether two of them are the "
                    "same person.")),
    ("origin", _("Every contribution is counted with its origin: online, on paper, or recorded at the accueil "
                 "on behalf of a person who was there.")),
    ("plan", _("A contribution counts for the plan item it concerns and for every level above it: a comment on "
               "an action counts for its objective and its axis; a project, a consultation or a comité for the "
               "plan items it is linked to. A person counts once per row.")),
    ("role", _("By role, each participant counts once, under the first of their roles in the organisation in "
               "this order: staff or administrator, volunteer, partner, resident, member in the register; "
               "otherwise “no role declared”.")),
    ("neighbourhood", _("By neighbourhood: the neighbourhood the person gives in their profile, or “not given”.")),
    ("projects", _("Projects proposed: submitted during the period. Accompanied, done: given that answer or "
                   "status during the period.")),
    ("consultations", _("Consultations: those that opened during the period. Turnout: people who voted, online "
                        "and on paper; the rate is against today's electorate where it can be counted.")),
    ("committees", _("Comités: members today; meetings held during the period (not cancelled) and the "
                     "presences marked with their minutes.")),
    ("actions", _("Actions by status: their status today; “changed” counts the actions whose status a "
                  "journal update changed during the period.")),
]
PUBLIC_NEIGHBOURHOOD_MINIMUM = 5
ROLE_ORDER = ("staff", "benevole", "partenaire", "habitant", "adherent", "none")
ROLE_LABELS = {"staff": _("Staff and administrators"), "benevole": _("Volunteers"), "partenaire": _("Partners"),
               "habitant": _("Residents"), "adherent": _("Members in the register"), "none": _("No role declared")}


@dataclass
class Row:
    """A line of a table: a label, its tally, and what else it shows."""

    label: str
    tally: Tally
    level: str = ""
    number: str = ""
    page: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class Bilan:
    organisation: OrganisationPage
    start: date
    end: date
    public: bool
    plan: PlanPage | None = None
    total: Tally = field(default_factory=Tally)
    kinds: list = field(default_factory=list)  # (kind, label, participation)
    plan_rows: list = field(default_factory=list)  # Row per axis / goal / objective / action
    outside_plan: Tally = field(default_factory=Tally)
    roles: list = field(default_factory=list)
    neighbourhoods: list = field(default_factory=list)
    projects: dict = field(default_factory=dict)
    consultations: list = field(default_factory=list)
    committees: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    journal: list = field(default_factory=list)
    tree: TreeNode | None = None

    @property
    def definitions(self):
        return DEFINITIONS

    @property
    def origins(self) -> list[tuple[str, str, int]]:
        return [(origin, Origin.LABELS[origin], sum(self.total.count(kind, origin) for kind, _l, p in self.kinds if p))
                for origin in Origin.ORDER]

    @property
    def kind_rows(self) -> list[dict]:
        """Each kind of contribution with its count by origin."""
        return [{"kind": kind, "label": label, "total": self.total.count(kind),
                 "origins": [self.total.count(kind, origin) for origin in Origin.ORDER], "participation": p}
                for kind, label, p in self.kinds]

    def axis_rows(self) -> list[Row]:
        """The first level of the plan (axes, or what the plan puts first)."""
        top = {child.page.pk for child in self.tree.children} if self.tree else set()
        return [row for row in self.plan_rows if row.page.pk in top]

    @property
    def axes_chart(self) -> list[tuple[str, int]]:
        return [(f"{row.number} {row.label}".strip(), row.tally.participants) for row in self.axis_rows()]

    @property
    def status_chart(self) -> list[tuple[str, int]]:
        return [(row["label"], row["count"]) for row in self.statuses]

    def summary(self) -> dict:
        """The headline figures (the page's first table, the exports' summary,
        the federation's columns)."""
        count = self.total.count
        return {
            "participants": self.total.participants,
            "anonymous": self.total.anonymous,
            "comments": count("comment"),
            "projects": self.projects.get("proposed", 0),
            "projects_accompanied": self.projects.get("accompanied", 0),
            "projects_done": self.projects.get("done", 0),
            "supports": count("support"),
            "help": count("help"),
            "consultations": len(self.consultations),
            "votes": count("vote"),
            "votes_paper": count("vote", Origin.PAPER),
            "committees": len(self.committees),
            "meetings": sum(row["meetings"] for row in self.committees),
            "presences": count("presence"),
            "updates": count("update"),
            "actions": sum(row["count"] for row in self.statuses),
            "actions_done": next((row["count"] for row in self.statuses if row["status"] == ActionStatus.DONE), 0),
        }


SUMMARY_LABELS = [
    ("participants", _("Distinct participants")),
    ("anonymous", _("Participations without an account")),
    ("comments", _("Comments")),
    ("projects", _("Residents' projects proposed")),
    ("projects_accompanied", _("Projects accompanied")),
    ("projects_done", _("Projects done")),
    ("supports", _("Supports")),
    ("help", _("Offers to help")),
    ("consultations", _("Consultations")),
    ("votes", _("Voters (online and on paper)")),
    ("votes_paper", _("of whom on paper")),
    ("committees", _("Comités")),
    ("meetings", _("Comité meetings")),
    ("presences", _("Presences at meetings")),
    ("updates", _("Journal updates")),
    ("actions", _("Actions of the plan")),
    ("actions_done", _("Actions done")),
]


def organisation_scope_ids(organisation: OrganisationPage) -> frozenset:
    return frozenset({organisation.pk})


def bilan_compute(organisation: OrganisationPage, start: date, end: date, *, public: bool = False,
                  plan: PlanPage | None = None) -> Bilan:
    """Everything the bilan shows, for an organisation and a period."""
    bilan = Bilan(organisation=organisation, start=start, end=end, public=public)
    scope = Scope(organisation_scope_ids(organisation), start, end)
    plans = list(organisation_plans(organisation))
    bilan.plan = plan if plan is not None and plan.pk in {p.pk for p in plans} else (plans[0] if plans else None)
    grouped: dict[tuple, list] = defaultdict(list)  # (plan items, participation) -> contributions
    for source in sources():
        bilan.kinds.append((source.kind, source.label, source.participation))
        for contribution in source.read(scope):
            grouped[(contribution.pages, source.participation)].append(contribution)
    summaries = [(pages, Summary.of(items, participation)) for (pages, participation), items in grouped.items()]
    for _pages, summary in summaries:
        bilan.total.merge(summary)
    if bilan.plan is not None:
        bilan.tree = plan_subtree(bilan.plan)
        _plan_rows(bilan, summaries)
        _statuses(bilan, scope)
        _indicators(bilan)
    _people(bilan)
    _projects(bilan, scope)
    _consultations(bilan, scope)
    _committees(bilan, scope)
    return bilan


def _plan_rows(bilan: Bilan, summaries) -> None:
    """A row per plan item; each contribution counts for its items and every
    level above them, once per row."""
    rows: dict[int, Row] = {}
    ancestors: dict[int, list[int]] = {}

    def walk(node: TreeNode, above: list[int]):
        for child in node.children:
            page = child.page
            rows[page.pk] = Row(page.display_title, Tally(), level=page.level, number=page.number, page=page)
            ancestors[page.pk] = above + [page.pk]
            walk(child, above + [page.pk])

    walk(bilan.tree, [])
    for pages, summary in summaries:
        targets = set()
        for page_id in pages:
            targets.update(ancestors.get(page_id, ()))
        if not targets:
            bilan.outside_plan.merge(summary)
        for page_id in targets:
            rows[page_id].tally.merge(summary)
    bilan.plan_rows = list(rows.values())


def _among(queryset, column: str, ids):
    """Rows whose `column` is one of `ids`: on PostgreSQL one array
    parameter (`= ANY`), which stays fast for the tens of thousands of
    participants of a federation's server; elsewhere an IN list."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return queryset.alias(_among=RawSQL(f"{column} = ANY(%s)", (ids,), output_field=BooleanField())).filter(
            _among=True)
    return queryset.filter(pk__in=ids)


def _people(bilan: Bilan) -> None:
    from participation.models import Membership, MembershipStatus, Subscription, User

    people = bilan.total.people
    roles: dict[int, set] = defaultdict(set)
    # The organisation's roles and register, read whole: fewer rows than
    # an IN list of every participant would send.
    for user_id, role in Membership.objects.filter(organisation=bilan.organisation,
                                                   status=MembershipStatus.ACCEPTED).values_list("user_id", "role"):
        if user_id in people:
            roles[user_id].add("staff" if role in ("salarie", "administrateur") else role)
    for user_id in Subscription.objects.filter(member__organisation=bilan.organisation, member__user__isnull=False,
                                               starts_on__lte=bilan.end, ends_on__gte=bilan.end).values_list(
            "member__user_id", flat=True):
        if user_id in people:
            roles[user_id].add("adherent")
    by_role = Counter(next((role for role in ROLE_ORDER if role in roles[user_id]), "none") for user_id in people)
    bilan.roles = [(ROLE_LABELS[role], by_role[role]) for role in ROLE_ORDER]
    spellings: dict[str, Counter] = defaultdict(Counter)
    by_place: Counter = Counter()
    quartiers = _among(User.objects.all(), '"participation_user"."id"', people).values_list("quartier", flat=True)
    for quartier in quartiers if people else []:
        key = " ".join(quartier.split()).casefold()
        spellings[key][" ".join(quartier.split())] += 1
        by_place[key] += 1
    rows, others = [], 0
    for key, count in sorted(by_place.items(), key=lambda pair: (-pair[1], pair[0])):
        if not key:
            continue
        if bilan.public and count < PUBLIC_NEIGHBOURHOOD_MINIMUM:
            others += count
        else:
            rows.append((spellings[key].most_common(1)[0][0], count))
    if others:
        rows.append((str(_("Other neighbourhoods (fewer than %(n)s participants each)")
                         % {"n": PUBLIC_NEIGHBOURHOOD_MINIMUM}), others))
    if by_place.get(""):
        rows.append((str(_("Not given")), by_place[""]))
    bilan.neighbourhoods = rows


def _projects(bilan: Bilan, scope: Scope) -> None:
    from projects.models import ProjectEvent, ProjectStatus

    events = ProjectEvent.objects.filter(project__organisation_id__in=scope.organisation_ids,
                                         project__hidden_at__isnull=True, kind="statut",
                                         created_at__gte=scope.since, created_at__lte=scope.until)
    moved = dict(events.order_by().values("to_status").annotate(n=Count("project", distinct=True))
                 .values_list("to_status", "n"))
    from projects.models import Project

    proposed = Project.objects.filter(organisation_id__in=scope.organisation_ids, hidden_at__isnull=True,
                                      submitted_at__gte=scope.since, submitted_at__lte=scope.until).count()
    bilan.projects = {"proposed": proposed, "accompanied": moved.get(ProjectStatus.ACCOMPANIED, 0),
                      "done": moved.get(ProjectStatus.DONE, 0), "declined": moved.get(ProjectStatus.DECLINED, 0)}


def _consultations(bilan: Bilan, scope: Scope) -> None:
    from committees.models import CommitteeMember
    from consultations.models import Consultation, Eligibility, VoterRecord
    from participation import roles

    found = list(Consultation.objects.published().filter(
        organisation_id__in=scope.organisation_ids, opens_at__gte=scope.since, opens_at__lte=scope.until)
        .select_related("committee").order_by("opens_at", "pk"))
    ids = [c.pk for c in found]
    voters = defaultdict(Counter)
    for consultation_id, channel, n in VoterRecord.objects.filter(consultation_id__in=ids).order_by().values(
            "consultation_id", "channel").annotate(n=Count("pk")).values_list("consultation_id", "channel", "n"):
        voters[consultation_id][channel] += n
    unnamed = paper_count(ids)
    electorates = {}
    kinds = {c.eligibility for c in found}
    if Eligibility.ORGANISATION in kinds:
        electorates["organisation"] = roles.declared_user_ids(bilan.organisation.pk).distinct().count()
    if Eligibility.MEMBERS in kinds:
        electorates["members"] = roles.voting_user_ids(bilan.organisation.pk).distinct().count()
    members = dict(CommitteeMember.objects.accepted().filter(committee_id__in={c.committee_id for c in found})
                   .order_by().values("committee_id").annotate(n=Count("pk")).values_list("committee_id", "n"))
    rows = []
    for consultation in found:
        online = voters[consultation.pk]["en_ligne"]
        paper = voters[consultation.pk]["papier"] + (unnamed.get(consultation.pk) or 0)
        electorate = {Eligibility.ORGANISATION: electorates.get("organisation"),
                      Eligibility.MEMBERS: electorates.get("members"),
                      Eligibility.COMMITTEE: members.get(consultation.committee_id)}.get(consultation.eligibility)
        private = consultation.committee is not None and not consultation.committee.is_public
        rows.append({"title": str(_("A members-only comité's consultation")) if bilan.public and private
                     else consultation.title, "status": consultation.get_status_display(),
                     "opens": consultation.opens_at, "online": online, "paper": paper, "total": online + paper,
                     "electorate": electorate,
                     "rate": round(100 * (online + paper) / electorate) if electorate else None})
    bilan.consultations = rows


def _committees(bilan: Bilan, scope: Scope) -> None:
    from committees.models import Committee, Meeting, MeetingAttendance

    committees = list(Committee.objects.filter(organisation_id__in=scope.organisation_ids).annotate(
        member_count=Count("members", filter=Q(members__status="accepted"), distinct=True)))
    meetings = Meeting.objects.filter(committee__in=committees, cancelled_at__isnull=True,
                                      starts_at__gte=scope.since, starts_at__lte=scope.until)
    held = dict(meetings.order_by().values("committee_id").annotate(n=Count("pk")).values_list("committee_id", "n"))
    present = dict(MeetingAttendance.objects.filter(meeting__in=meetings, present=True).order_by()
                   .values("meeting__committee_id").annotate(n=Count("pk")).values_list("meeting__committee_id", "n"))
    rows = []
    for committee in committees:
        hidden = bilan.public and not committee.is_public
        rows.append({"name": str(_("A members-only comité")) if hidden else committee.name,
                     "kind": committee.get_kind_display(), "kind_key": committee.kind,
                     "members": committee.member_count, "meetings": held.get(committee.pk, 0),
                     "presences": present.get(committee.pk, 0),
                     "average": round(present.get(committee.pk, 0) / held[committee.pk], 1)
                     if held.get(committee.pk) else None})
    bilan.committees = rows


def _statuses(bilan: Bilan, scope: Scope) -> None:
    from journal.models import JournalEntry

    actions = bilan.tree.actions
    counts = Counter(action.status for action in actions)
    changed = Counter()
    entries = JournalEntry.objects.filter(action__plan=bilan.plan, date__gte=scope.start, date__lte=scope.end)
    if bilan.public:  # published actions outside private branches only, as the tree has
        entries = entries.public(within=bilan.plan.path)
    for status, _action_id in entries.exclude(status="").exclude(status=F("status_before")).values_list(
            "status", "action_id").distinct():
        changed[status] += 1
    bilan.statuses = [{"status": status, "label": label, "count": counts.get(status, 0),
                       "changed": changed.get(status, 0)}
                      for status, label in [*ActionStatus.choices, ("", _("Not reported"))]]
    journal = entries.select_related("action", "author").order_by("-date", "-pk")
    bilan.journal = list(journal[:200])


def _indicators(bilan: Bilan) -> None:
    pages = {bilan.plan.pk: bilan.plan}
    stack = [bilan.tree]
    while stack:
        node = stack.pop()
        pages[node.page.pk] = node.page
        stack.extend(node.children)
    rows = []
    for indicator in Indicator.objects.filter(page_id__in=list(pages)).prefetch_related("values"):
        values = [v for v in indicator.values.all() if v.date <= bilan.end]
        in_period = [v for v in values if v.date >= bilan.start]
        latest = values[-1] if values else None
        page = pages[indicator.page_id]
        target = indicator.target
        rows.append({"indicator": indicator, "page": page, "latest": latest, "measures": len(in_period),
                     "first": in_period[0] if in_period else None, "target": target,
                     "reached": None if latest is None or target is None else latest.value >= target})
    bilan.indicators = rows
