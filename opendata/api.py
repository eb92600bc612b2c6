"""The public read-only API, /api/v1/ (django-ninja, as Wagtail's own),
described by its OpenAPI schema at /api/v1/openapi.json.

It gives what a visitor may read and nothing else, whoever asks: it reads
no session or token, and every list and detail goes through the same rules
as the pages (opendata/selectors.py: cms/visibility.py for the plan's
pages, `Project.objects.public()`, `consultations_visible` for someone
signed out, results only once shown to everyone, never who voted what).
Lists are paged (`page`, `page_size` up to 100); every answer has an ETag,
and a client sending it back in If-None-Match gets a 304."""

import datetime
import hashlib
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, reverse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError

from cms.models import ActionStatus, OpenDataLicence, OrganisationPage
from core.sanitising import html_to_text
from projects.models import ProjectStatus

from . import selectors

PAGE_SIZE = 50
PAGE_SIZE_MAX = 100
PAGE_MAX = 100_000  # beyond, an offset the database cannot hold
# An item's id as its address takes it: a positive 64-bit integer (the
# address of -1 is no API address at all, and a larger number no row's id).
Id = Annotated[int, Path(ge=1, le=2**63 - 1, description="The item's id.")]

api = NinjaAPI(
    title="Plan Commun",
    version="1",
    description="The public data of Plan Commun: organisations, their strategic plans and actions, residents' "
                "projects and consultations. Only what anyone may read on the site. Read-only, no "
                "authentication; lists are paged; every answer carries an ETag.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger's page loads scripts from a CDN, which the site's policy refuses
)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def _text(html: str) -> str:
    return html_to_text(html)


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict] = Field(description="What is wrong with each parameter.")


# What every operation may answer besides its data: the schema says it, so
# that a client knows (and schemathesis checks, tests/opendata/test_schema.py).
LIST_ERRORS = {422: ValidationErrors}
DETAIL_ERRORS = {404: Error, 422: ValidationErrors}


class PageParams(Schema):
    page: int = Field(1, ge=1, le=PAGE_MAX, description="The page of the list, from 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description="Items per page.")


def _paged(request, queryset, params: PageParams, item) -> dict:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start: start + params.page_size])
    return {"count": count, "page": params.page, "page_size": params.page_size,
            "items": [item(request, row) for row in rows]}


# Organisations

class OrganisationOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    territory: str
    description: str = Field(description="Plain text.")
    address: str
    email: str
    website: str
    url: str = Field(description="Its page on the site.")
    parent: str | None = Field(description="The slug of the organisation it belongs to (a federation's centre).")
    feeds: dict[str, str] = Field(description="Its news as RSS and Atom, its meetings as iCal.")
    open_data: str = Field(description="The page of its open data files (CSV, JSON) and their README.")
    licence: str = Field(description="The licence of its data.")


class OrganisationList(Schema):
    count: int
    page: int
    page_size: int
    items: list[OrganisationOut]


def _organisation(request, organisation: OrganisationPage, parents: dict | None = None) -> dict:
    parent = (parents or {}).get(organisation.path[: -organisation.steplen])
    return {
        "id": organisation.pk, "slug": organisation.slug, "title": organisation.title, "kind": organisation.kind,
        "territory": organisation.territory, "description": _text(organisation.description),
        "address": organisation.address, "email": organisation.email, "website": organisation.website,
        "url": _absolute(request, organisation.url), "parent": parent,
        "open_data": _absolute(request, reverse("opendata:data", args=[organisation.slug])),
        "licence": OpenDataLicence(organisation.open_data_licence).label,
        "feeds": {
            "rss": _absolute(request, reverse("opendata:organisation_rss", args=[organisation.slug])),
            "atom": _absolute(request, reverse("opendata:organisation_atom", args=[organisation.slug])),
            "ical": _absolute(request, reverse("committees:organisation_calendar", args=[organisation.slug])),
        },
    }


@api.get("/organisations/", response={200: OrganisationList, **LIST_ERRORS}, tags=["organisations"])
def organisations(request, params: Query[PageParams]):
    """Published organisations, in the site's order."""
    queryset = selectors.api_organisations()
    parents = {page.path: page.slug for page in queryset}
    return _paged(request, queryset, params, lambda r, o: _organisation(r, o, parents))


@api.get("/organisations/{slug}/", response={200: OrganisationOut, **DETAIL_ERRORS}, tags=["organisations"])
def organisation(request, slug: str):
    found = selectors.public_organisation(slug)
    if found is None:
        raise HttpError(404, "Not found")
    parent = selectors.api_organisations().filter(path=found.path[: -found.steplen]).first()
    return _organisation(request, found, {parent.path: parent.slug} if parent else {})


# Plans and their tree

class PlanOut(Schema):
    id: int
    title: str
    organisation: str = Field(description="The slug of its organisation.")
    status: str
    period_start: int | None
    period_end: int | None
    validation_note: str
    url: str
    levels: dict[str, str] = Field(description="The words the plan uses for its levels (axis, goal, objective, "
                                               "action).")


class PlanList(Schema):
    count: int
    page: int
    page_size: int
    items: list[PlanOut]


class NodeOut(Schema):
    id: int
    level: str = Field(description="axis, goal, objective or action.")
    number: str
    title: str
    url: str
    status: str | None = Field(description="An action's status; for a branch, none.")
    progress: int | None = Field(description="An action's progress, or a branch's average over its actions (%).")
    children: list["NodeOut"]


NodeOut.model_rebuild()


class PlanDetail(PlanOut):
    preamble: str
    progress: int | None
    tree: list[NodeOut]


def _plan(request, plan) -> dict:
    return {
        "id": plan.pk, "title": plan.title, "organisation": plan.api_organisation, "status": plan.status,
        "period_start": plan.period_start, "period_end": plan.period_end, "validation_note": plan.validation_note,
        "url": _absolute(request, plan.url),
        "levels": {level: plan.level_label(level) for level in ("axis", "goal", "objective", "action")},
    }


def _node(request, node) -> dict:
    page = node.page
    is_action = page.level == "action"
    return {
        "id": page.pk, "level": page.level, "number": getattr(page, "number", "") or "", "title": page.display_title,
        "url": _absolute(request, page.url), "status": (page.status or None) if is_action else None,
        "progress": page.effective_progress if is_action else node.progress.percent,
        "children": [_node(request, child) for child in node.children],
    }


@api.get("/plans/", response={200: PlanList, **LIST_ERRORS}, tags=["plans"])
def plans(request, params: Query[PageParams], organisation: str = Query("", description="An organisation's slug.")):
    """Published plans."""
    queryset = selectors.api_plans(organisation)
    slugs = {page.path: page.slug for page in selectors.api_organisations()}

    def item(request, plan):
        plan.api_organisation = slugs.get(plan.path[: -plan.steplen], "")
        return _plan(request, plan)

    return _paged(request, queryset, params, item)


@api.get("/plans/{int:pk}/", response={200: PlanDetail, **DETAIL_ERRORS}, tags=["plans"])
def plan(request, pk: Id):
    """A plan with its whole tree: axes, goals, objectives and actions."""
    found, tree = selectors.api_plan(pk)
    if found is None:
        raise HttpError(404, "Not found")
    found.api_organisation = found.get_parent().slug
    return {**_plan(request, found), "preamble": _text(found.preamble), "progress": tree.progress.percent,
            "tree": [_node(request, child) for child in tree.children]}


# Actions

class IndicatorValueOut(Schema):
    date: datetime.date
    value: Decimal
    note: str


class IndicatorOut(Schema):
    name: str
    unit: str
    target: Decimal | None
    description: str
    values: list[IndicatorValueOut]


class JournalOut(Schema):
    id: int
    date: datetime.date
    text: str
    status: str = Field(description="The action's status it set, if any.")
    progress: int | None = Field(description="The action's progress it set, if any.")
    url: str


class ActionOut(Schema):
    id: int
    plan: int
    number: str
    title: str
    status: str | None
    progress: int | None = Field(description="%; a done action without a figure counts as 100.")
    pilot: str
    url: str


class ActionList(Schema):
    count: int
    page: int
    page_size: int
    items: list[ActionOut]


class ActionDetail(ActionOut):
    description: str
    actors: str
    success_indicator: str
    periods: list[str]
    indicators: list[IndicatorOut]
    journal: list[JournalOut]


def _action(request, action) -> dict:
    return {"id": action.pk, "plan": action.plan_id, "number": action.number or "", "title": action.display_title,
            "status": action.status or None, "progress": action.effective_progress, "pilot": action.pilot,
            "url": _absolute(request, action.url)}


@api.get("/actions/", response={200: ActionList, **LIST_ERRORS}, tags=["actions"])
def actions(request, params: Query[PageParams], plan: int | None = None,
            organisation: str = Query("", description="An organisation's slug."),
            status: ActionStatus | None = None):
    """Published actions of the plans, in plan order."""
    return _paged(request, selectors.api_actions(plan_id=plan, organisation_slug=organisation,
                                                 status=status.value if status else ""), params, _action)


@api.get("/actions/{int:pk}/", response={200: ActionDetail, **DETAIL_ERRORS}, tags=["actions"])
def action(request, pk: Id):
    """An action with its indicators and its journal ("Où en est-on ?")."""
    found = selectors.api_action(pk)
    if found is None:
        raise HttpError(404, "Not found")
    return {
        **_action(request, found), "description": _text(found.description), "actors": found.actors,
        "success_indicator": found.success_indicator, "periods": [str(period) for period in found.periods.all()],
        "indicators": [{"name": i.name, "unit": i.unit, "target": i.target, "description": i.description,
                        "values": [{"date": v.date, "value": v.value, "note": v.note} for v in i.values.all()]}
                       for i in found.api_indicators],
        "journal": [{"id": e.pk, "date": e.date, "text": e.text, "status": e.status, "progress": e.progress,
                     "url": _absolute(request, e.get_absolute_url())} for e in found.api_journal],
    }


# Residents' projects

class ProjectOut(Schema):
    id: int
    title: str
    summary: str
    description: str
    status: str
    organisation: str
    neighbourhood: str
    submitted_at: datetime.datetime | None
    plan_items: list[int] = Field(description="The published plan items it serves (ids of /actions/ and nodes).")
    url: str


class ProjectList(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProjectOut]


def _project(request, project) -> dict:
    return {"id": project.pk, "title": project.title, "summary": project.summary, "description": project.description,
            "status": project.status, "organisation": project.organisation.slug, "neighbourhood": project.quartier,
            "submitted_at": project.submitted_at, "plan_items": [page.pk for page in project.public_plan_items],
            "url": _absolute(request, project.get_absolute_url())}


@api.get("/projects/", response={200: ProjectList, **LIST_ERRORS}, tags=["projects"])
def projects(request, params: Query[PageParams], organisation: str = Query("", description="An organisation's slug."),
             status: ProjectStatus | None = None):
    """Residents' projects anyone may read (not drafts, not hidden), newest first."""
    return _paged(request, selectors.api_projects(organisation_slug=organisation,
                                                  status=status.value if status else ""), params, _project)


@api.get("/projects/{int:pk}/", response={200: ProjectOut, **DETAIL_ERRORS}, tags=["projects"])
def project(request, pk: Id):
    return _project(request, get_object_or_404(selectors.api_projects(), pk=pk))


# Consultations

class ConsultationOut(Schema):
    id: int
    title: str
    organisation: str
    committee: str | None = Field(description="The name of the public comité it belongs to, if any.")
    status: str = Field(description="programmee (not open yet), ouverte (open) or close (closed).")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    results_visible: bool
    url: str


class ConsultationList(Schema):
    count: int
    page: int
    page_size: int
    items: list[ConsultationOut]


class ResultLineOut(Schema):
    label: str
    total: int
    share: str = Field(description="Of the votes counted, as the results page shows it.")
    winner: bool
    place: int | None
    mean: str
    detail: str


class QuestionOut(Schema):
    id: int
    text: str
    method: str


class QuestionResultOut(Schema):
    question: int
    method: str
    ballots: int
    blank: int
    winners: list[str]
    outcome: str
    lines: list[ResultLineOut]


class ConsultationDetail(ConsultationOut):
    context: str
    questions: list[QuestionOut]
    results: list[QuestionResultOut] | None = Field(description="Once shown to everyone; never who voted what.")


def _consultation(request, consultation) -> dict:
    return {"id": consultation.pk, "title": consultation.title, "organisation": consultation.organisation.slug,
            "committee": consultation.committee.name if consultation.committee else None,
            "status": consultation.status(), "opens_at": consultation.opens_at, "closes_at": consultation.closes_at,
            "results_visible": consultation.results_visible(),
            "url": _absolute(request, consultation.get_absolute_url())}


@api.get("/consultations/", response={200: ConsultationList, **LIST_ERRORS}, tags=["consultations"])
def consultations(request, params: Query[PageParams],
                  organisation: str = Query("", description="An organisation's slug.")):
    """Published consultations anyone may read, the latest opening first."""
    return _paged(request, selectors.api_consultations(organisation_slug=organisation), params, _consultation)


@api.get("/consultations/{int:pk}/", response={200: ConsultationDetail, **DETAIL_ERRORS}, tags=["consultations"])
def consultation(request, pk: Id):
    """A consultation, its questions, and its results once they are shown."""
    found = selectors.api_consultation(pk)
    if found is None:
        raise HttpError(404, "Not found")
    results = None
    if found.api_results is not None:
        results = [{"question": row.question_id, "method": row.method, "ballots": row.ballots, "blank": row.blank,
                    "winners": row.winners, "outcome": str(row.outcome),
                    "lines": [{"label": line.label, "total": line.total, "share": line.percent,
                               "winner": line.winner, "place": line.place, "mean": line.mean,
                               "detail": str(line.detail)} for line in row.lines]}
                   for row in found.api_results]
    return {**_consultation(request, found), "context": found.context,
            "questions": [{"id": q.pk, "text": q.text, "method": q.method} for q in found.api_questions],
            "results": results}


# Comités, their public meetings, the partner directories

class CommitteeOut(Schema):
    id: int
    slug: str
    name: str
    organisation: str
    kind: str
    description: str
    membership_policy: str
    visibility: str = Field(description="public, or membres: its meetings, minutes and discussion are for its "
                                        "members (and not in this API).")
    plan_items: list[int] = Field(description="The published plan items it pilots or follows.")
    url: str
    calendar: str | None = Field(description="Its meetings as iCal, for a public comité.")


class CommitteeList(Schema):
    count: int
    page: int
    page_size: int
    items: list[CommitteeOut]


def _committee(request, committee) -> dict:
    calendar = reverse("committees:committee_calendar", args=[committee.organisation.slug, committee.slug]) \
        if committee.is_public else ""
    return {"id": committee.pk, "slug": committee.slug, "name": committee.name,
            "organisation": committee.organisation.slug, "kind": committee.kind,
            "description": committee.description, "membership_policy": committee.membership_policy,
            "visibility": committee.visibility, "plan_items": [page.pk for page in committee.public_plan_items],
            "url": _absolute(request, committee.get_absolute_url()), "calendar": _absolute(request, calendar) or None}


@api.get("/committees/", response={200: CommitteeList, **LIST_ERRORS}, tags=["committees"])
def committees(request, params: Query[PageParams],
               organisation: str = Query("", description="An organisation's slug.")):
    """Comités, councils and working groups: their public part."""
    return _paged(request, selectors.api_committees(organisation_slug=organisation), params, _committee)


class MeetingOut(Schema):
    id: int
    title: str
    committee: int
    organisation: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online_url: str
    cancelled: bool
    agenda: str
    minutes: str | None = Field(description="Once published.")
    url: str


class MeetingList(Schema):
    count: int
    page: int
    page_size: int
    items: list[MeetingOut]


def _meeting(request, meeting) -> dict:
    return {"id": meeting.pk, "title": meeting.title, "committee": meeting.committee_id,
            "organisation": meeting.committee.organisation.slug, "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at, "place": meeting.place, "online_url": meeting.online_url,
            "cancelled": meeting.is_cancelled, "agenda": meeting.agenda,
            "minutes": meeting.minutes if meeting.has_minutes else None,
            "url": _absolute(request, meeting.get_absolute_url())}


@api.get("/meetings/", response={200: MeetingList, **LIST_ERRORS}, tags=["committees"])
def meetings(request, params: Query[PageParams], organisation: str = Query("", description="An organisation's slug."),
             committee: int | None = None):
    """Meetings of the public comités, the latest first."""
    return _paged(request, selectors.api_meetings(organisation_slug=organisation, committee_id=committee), params,
                  _meeting)


class PartnerOut(Schema):
    id: int
    name: str
    organisation: str
    kind: str
    description: str
    domains: list[str]
    partnership: str
    website: str
    actions: list[int] = Field(description="The published actions it contributes to.")


class PartnerList(Schema):
    count: int
    page: int
    page_size: int
    items: list[PartnerOut]


def _partner(request, partner) -> dict:
    return {"id": partner.pk, "name": partner.name, "organisation": partner.organisation.slug, "kind": partner.kind,
            "description": partner.description, "domains": [str(domain) for domain in partner.domains.all()],
            "partnership": partner.convention_status, "website": partner.website,
            "actions": [action.pk for action in partner.public_actions]}


@api.get("/partners/", response={200: PartnerList, **LIST_ERRORS}, tags=["partners"])
def partners(request, params: Query[PageParams], organisation: str = Query("", description="An organisation's slug.")):
    """The organisations' partners, without their contacts (for members only)."""
    return _paged(request, selectors.api_partners(organisation_slug=organisation), params, _partner)


def _with_etag(view):
    """An ETag of the answer's body; If-None-Match answered with a 304."""
    from django.http import HttpResponseNotModified

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            tag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = tag
            response["Cache-Control"] = "public, max-age=60"
            if tag in [value.strip() for value in request.headers.get("If-None-Match", "").split(",")]:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = tag
                return not_modified
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapped


def urls():
    patterns, app_name, namespace = api.urls
    return [URLPattern(pattern.pattern, _with_etag(pattern.callback), pattern.default_args, pattern.name)
            for pattern in patterns], app_name, namespace
