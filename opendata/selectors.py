"""An organisation's news, for its RSS and Atom feeds: journal updates,
projects submitted, consultations opened and closed, meetings announced.

Feeds are read by anyone and cached by feed readers, so they hold only what
a visitor may read, asked of each app's own rules (`JournalEntry.objects
.public()`, `Project.objects.public()`, `consultations_visible` for someone
signed out, `Meeting.objects.public()`), of published organisations outside
any private branch. Like the organisation's calendar, the news of the
organisations within it (a cooperation's maisons) are in it. Five queries
whatever the number of items."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.models import ActionPage, Indicator, OrganisationPage, PlanPage
from cms.selectors import plan_subtree
from cms.sitemaps import public_organisations_q
from cms.visibility import visible
from committees.models import Committee, Meeting
from consultations.results import results_rows
from consultations.selectors import consultation_questions, consultation_results, consultations_visible
from journal.models import JournalEntry
from projects.models import Partner, Project

FEED_LENGTH = 50


@dataclass(frozen=True)
class NewsItem:
    kind: str  # journal, project, consultation_opened, consultation_closed, meeting
    title: str
    link: str
    description: str
    date: datetime.datetime


def public_organisation(slug: str) -> OrganisationPage | None:
    """A published organisation outside any private branch, by its slug."""
    return visible(OrganisationPage.objects.filter(slug=slug)).order_by("path").first() if slug else None


def _within(organisation: OrganisationPage, prefix: str = "organisation__") -> dict:
    return {f"{prefix}path__startswith": organisation.path}


def _journal(organisation) -> list[NewsItem]:
    entries = (JournalEntry.objects.public().filter(public_organisations_q(), **_within(organisation))
               .select_related("action").order_by("-created_at", "-pk")[:FEED_LENGTH])
    return [NewsItem("journal", _("Update: %(action)s") % {"action": entry.action.display_title},
                     entry.get_absolute_url(), entry.text, entry.created_at) for entry in entries]


def _projects(organisation) -> list[NewsItem]:
    projects = (Project.objects.public().filter(public_organisations_q(), **_within(organisation))
                .order_by("-submitted_at", "-pk")[:FEED_LENGTH])
    return [NewsItem("project", _("New project: %(title)s") % {"title": project.title},
                     project.get_absolute_url(), project.summary or project.description,
                     project.submitted_at or project.created_at) for project in projects]


def _consultations(organisation, now) -> list[NewsItem]:
    consultations = (consultations_visible(AnonymousUser()).filter(public_organisations_q(), opens_at__lte=now,
                                                                   **_within(organisation))
                     .order_by("-opens_at", "-pk")[:FEED_LENGTH])
    items = []
    for consultation in consultations:
        items.append(NewsItem("consultation_opened", _("Consultation opened: %(title)s") % {
            "title": consultation.title}, consultation.get_absolute_url(), consultation.context, consultation.opens_at))
        if consultation.closes_at <= now:
            items.append(NewsItem("consultation_closed", _("Consultation closed: %(title)s") % {
                "title": consultation.title}, reverse("consultations:results", args=[consultation.pk]),
                consultation.context, consultation.closes_at))
    return items


def _meetings(organisation) -> list[NewsItem]:
    meetings = (Meeting.objects.public()
                .filter(public_organisations_q("committee__organisation__"),
                        **_within(organisation, "committee__organisation__"))
                .select_related("committee").order_by("-created_at", "-pk")[:FEED_LENGTH])
    items = []
    for meeting in meetings:
        when = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
        title = _("Meeting of %(committee)s: %(title)s, %(when)s") % {
            "committee": meeting.committee.name, "title": meeting.title, "when": when}
        if meeting.is_cancelled:
            title = _("Cancelled: %(title)s") % {"title": title}
        items.append(NewsItem("meeting", title, meeting.get_absolute_url(), meeting.agenda,
                              meeting.cancelled_at or meeting.created_at))
    return items


def organisation_news(organisation: OrganisationPage, now: datetime.datetime | None = None) -> list[NewsItem]:
    """The latest news, newest first."""
    now = now or timezone.now()
    items = _journal(organisation) + _projects(organisation) + _consultations(organisation, now) + \
        _meetings(organisation)
    return sorted(items, key=lambda item: item.date, reverse=True)[:FEED_LENGTH]


# The public API (api.py): the same rules as the pages, for someone signed
# out. Each list is a queryset the API pages through; each detail reads a
# fixed number of queries.

def api_organisations():
    return visible(OrganisationPage.objects.all()).order_by("path")


def api_plans(organisation_slug: str = ""):
    plans = visible(PlanPage.objects.all())
    if organisation_slug:
        organisation = public_organisation(organisation_slug)
        if organisation is None:
            return PlanPage.objects.none()
        plans = plans.child_of(organisation)
    return plans.order_by("path")


def api_plan(pk: int):
    """A public plan with its tree (private branches and drafts left out)
    and its organisation."""
    plan = visible(PlanPage.objects.all()).filter(pk=pk).first()
    if plan is None:
        return None, None
    return plan, plan_subtree(plan)


def api_actions(*, plan_id: int | None = None, organisation_slug: str = "", status: str = ""):
    actions = visible(ActionPage.objects.all()).filter(plan__isnull=False).select_related("plan")
    if plan_id is not None:
        actions = actions.filter(plan_id=plan_id)
    if organisation_slug:
        organisation = public_organisation(organisation_slug)
        if organisation is None:
            return ActionPage.objects.none()
        actions = actions.filter(path__startswith=organisation.path)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by("path")


def api_action(pk: int):
    """A public action, its indicators and its journal, newest first."""
    action = api_actions().filter(pk=pk).prefetch_related("periods").first()
    if action is None:
        return None
    action.api_indicators = list(Indicator.objects.filter(page=action).prefetch_related("values")
                                 .order_by("sort_order", "pk"))
    action.api_journal = list(JournalEntry.objects.public().filter(action=action).order_by("-date", "-pk"))
    return action


def api_projects(*, organisation_slug: str = "", status: str = ""):
    projects = Project.objects.public().filter(public_organisations_q()).select_related("organisation")
    if organisation_slug:
        projects = projects.filter(organisation__slug=organisation_slug)
    if status:
        projects = projects.filter(status=status)
    return projects.prefetch_related(Prefetch("plan_items", queryset=visible(Page.objects.all()).only("pk"),
                                              to_attr="public_plan_items")).order_by("-submitted_at", "-pk")


def api_consultations(*, organisation_slug: str = ""):
    consultations = (consultations_visible(AnonymousUser()).filter(public_organisations_q())
                     .select_related("organisation", "committee"))
    if organisation_slug:
        consultations = consultations.filter(organisation__slug=organisation_slug)
    return consultations.order_by("-opens_at", "-pk")


def api_consultation(pk: int, now: datetime.datetime | None = None):
    """A consultation a visitor may read, its questions, and its results
    once they are shown to everyone (never who voted what)."""
    consultation = api_consultations().filter(pk=pk).first()
    if consultation is None:
        return None
    consultation.api_questions = consultation_questions(consultation)
    consultation.api_results = None
    if consultation.results_visible(now or timezone.now()):
        consultation.api_results = results_rows(consultation_results(consultation))
    return consultation


def api_committees(*, organisation_slug: str = ""):
    """Every comité of the published organisations, as the public list
    shows them: their public part only (api.py gives no member, and the
    meetings of public ones only)."""
    committees = (Committee.objects.filter(public_organisations_q()).select_related("organisation")
                  .prefetch_related(Prefetch("plan_items", queryset=visible(Page.objects.all()).only("pk"),
                                             to_attr="public_plan_items")))
    if organisation_slug:
        committees = committees.filter(organisation__slug=organisation_slug)
    return committees.order_by("organisation__path", "sort_order", "name")


def api_meetings(*, organisation_slug: str = "", committee_id: int | None = None):
    """Meetings of public comités (Meeting.objects.public())."""
    meetings = (Meeting.objects.public().filter(public_organisations_q("committee__organisation__"))
                .select_related("committee__organisation"))
    if organisation_slug:
        meetings = meetings.filter(committee__organisation__slug=organisation_slug)
    if committee_id is not None:
        meetings = meetings.filter(committee_id=committee_id)
    return meetings.order_by("-starts_at", "-pk")


def api_partners(*, organisation_slug: str = ""):
    """The partner directories, without the contacts (for the members of
    the organisation only: projects.view_partner_contacts)."""
    partners = (Partner.objects.filter(public_organisations_q()).select_related("organisation")
                .prefetch_related("domains", Prefetch("actions", queryset=visible(ActionPage.objects.all())
                                                      .only("pk"), to_attr="public_actions")))
    if organisation_slug:
        partners = partners.filter(organisation__slug=organisation_slug)
    return partners.order_by("organisation__path", "name")
