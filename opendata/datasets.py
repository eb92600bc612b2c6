"""An organisation's open data files: each dataset and each of its columns,
with the sentence the README says of it. The files (CSV and JSON), the
README and the page listing them are all made from these definitions, so
that the documentation cannot drift from the files.

The rows are the API's (selectors.api_*: only what a visitor may read),
for the organisation and those within it, as its feeds and calendar."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cms.sitemaps import public_organisations_q
from journal.models import JournalEntry

from . import selectors


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable  # (organisation) -> queryset

    def table(self, organisation, absolute: Callable[[str], str]) -> list[list]:
        return [[column.value(row, absolute) for column in self.columns] for row in self.rows(organisation)]


def _id(row, absolute):
    return row.pk


def _url(row, absolute):
    return absolute(row.get_absolute_url())


def _plan_items(attribute: str):
    return lambda row, absolute: " ".join(str(page.pk) for page in getattr(row, attribute))


ID = Column("id", _("Its number on the site, the same in the API."), _id)
URL = Column("url", _("Its page on the site."), _url)


def _within(organisation, prefix="organisation__"):
    return {f"{prefix}path__startswith": organisation.path}


DATASETS = (
    Dataset(
        "actions", _("Actions of the plans"),
        _("Every published action of the organisation's strategic plans, with where it stands."),
        (ID,
         Column("plan_id", _("The number of its plan."), lambda r, a: r.plan_id),
         Column("plan", _("The title of its plan."), lambda r, a: r.plan.title),
         Column("number", _("Its number in the plan, as the plan writes it."), lambda r, a: r.number),
         Column("title", _("Its title."), lambda r, a: r.display_title),
         Column("status", _("planned, in_progress, done, late or abandoned; empty when not reported."),
                lambda r, a: r.status),
         Column("progress", _("Progress in %; a done action without a figure counts as 100."),
                lambda r, a: r.effective_progress),
         Column("pilot", _("Who pilots it, as the plan writes it."), lambda r, a: r.pilot),
         URL),
        lambda organisation: selectors.api_actions().filter(path__startswith=organisation.path),
    ),
    Dataset(
        "journal", _("Journal of the actions"),
        _("The updates the teams write on the actions (“Where are we?”), newest first."),
        (ID,
         Column("action_id", _("The number of the action (see actions)."), lambda r, a: r.action_id),
         Column("date", _("The day it tells of (YYYY-MM-DD)."), lambda r, a: r.date.isoformat()),
         Column("text", _("What happened."), lambda r, a: r.text),
         Column("status", _("The action's status it set, if any."), lambda r, a: r.status),
         Column("progress", _("The action's progress it set, if any (%)."), lambda r, a: r.progress),
         URL),
        lambda organisation: JournalEntry.objects.public().filter(public_organisations_q(), **_within(organisation))
        .order_by("-date", "-pk"),
    ),
    Dataset(
        "projects", _("Residents' projects"),
        _("The projects residents proposed, once submitted (drafts and projects hidden by the moderators are not "
          "in it)."),
        (ID,
         Column("title", _("Its title."), lambda r, a: r.title),
         Column("summary", _("Its summary."), lambda r, a: r.summary),
         Column("status", _("depose, etude, accompagne, en_cours, realise, non_retenu or abandonne."),
                lambda r, a: r.status),
         Column("neighbourhood", _("The neighbourhood it is about."), lambda r, a: r.quartier),
         Column("submitted_at", _("When it was submitted (ISO 8601, UTC)."),
                lambda r, a: r.submitted_at.isoformat() if r.submitted_at else ""),
         Column("plan_items", _("The numbers of the plan items it serves, separated by spaces."),
                _plan_items("public_plan_items")),
         URL),
        lambda organisation: selectors.api_projects().filter(**_within(organisation)),
    ),
    Dataset(
        "consultations", _("Consultations"),
        _("The questions the organisation asked, once published (results: see each one's page or the API)."),
        (ID,
         Column("title", _("Its title."), lambda r, a: r.title),
         Column("committee", _("The comité it belongs to, if any."), lambda r, a: r.committee.name if r.committee
                else ""),
         Column("opens_at", _("When the vote opens (ISO 8601, UTC)."), lambda r, a: r.opens_at.isoformat()),
         Column("closes_at", _("When the vote closes (ISO 8601, UTC)."), lambda r, a: r.closes_at.isoformat()),
         Column("results_visible", _("1 when anyone may read the results."), lambda r, a: int(r.results_visible())),
         URL),
        lambda organisation: selectors.api_consultations().filter(**_within(organisation)),
    ),
    Dataset(
        "committees", _("Comités"),
        _("Comités, councils and working groups: their public part, never their members."),
        (ID,
         Column("name", _("Its name."), lambda r, a: r.name),
         Column("kind", _("What kind of group it is."), lambda r, a: r.kind),
         Column("membership_policy", _("How one joins it."), lambda r, a: r.membership_policy),
         Column("visibility", _("public, or membres when its meetings and minutes are for its members."),
                lambda r, a: r.visibility),
         Column("plan_items", _("The numbers of the plan items it pilots or follows, separated by spaces."),
                _plan_items("public_plan_items")),
         URL),
        lambda organisation: selectors.api_committees().filter(**_within(organisation)),
    ),
    Dataset(
        "meetings", _("Meetings"),
        _("The meetings of the public comités."),
        (ID,
         Column("committee_id", _("The number of its comité (see committees)."), lambda r, a: r.committee_id),
         Column("title", _("Its title."), lambda r, a: r.title),
         Column("starts_at", _("When it starts (ISO 8601, UTC)."), lambda r, a: r.starts_at.isoformat()),
         Column("ends_at", _("When it ends (ISO 8601, UTC)."), lambda r, a: r.ends_at.isoformat()),
         Column("place", _("Where."), lambda r, a: r.place),
         Column("cancelled", _("1 when it is cancelled."), lambda r, a: int(r.is_cancelled)),
         URL),
        lambda organisation: selectors.api_meetings().filter(**_within(organisation, "committee__organisation__")),
    ),
    Dataset(
        "partners", _("Partners"),
        _("Who the organisation works with; without the contact details, which are for its members."),
        (ID,
         Column("name", _("Its name."), lambda r, a: r.name),
         Column("kind", _("What kind of body it is."), lambda r, a: r.kind),
         Column("description", _("What it does."), lambda r, a: r.description),
         Column("domains", _("Its domains, separated by “, ”."), lambda r, a: ", ".join(str(d) for d in
                                                                                       r.domains.all())),
         Column("partnership", _("How formal the partnership is."), lambda r, a: r.convention_status),
         Column("website", _("Its website."), lambda r, a: r.website),
         Column("actions", _("The numbers of the actions it contributes to, separated by spaces."),
                _plan_items("public_actions"))),
        lambda organisation: selectors.api_partners().filter(**_within(organisation)),
    ),
)
BY_NAME = {dataset.name: dataset for dataset in DATASETS}
