"""The bilan as files: a workbook for the CAF file (one sheet per table), a
PDF report for the board and the CAF, the SENACS-shaped yearly sheet, and
the evaluation chapter. Every figure comes from counting.Bilan, as on the
page."""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cms.exporting import sheet_title
from core.pdf import html_document

from .counting import SUMMARY_LABELS, Bilan
from .sources import Origin

BOLD = Font(bold=True)


def _sheet(book: Workbook, title: str, header: list, rows: list, widths=None):
    sheet = book.create_sheet(sheet_title(title))
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([cell if isinstance(cell, int | float) or cell is None else str(cell) for cell in row])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _period(bilan: Bilan) -> str:
    return _("from %(start)s to %(end)s") % {"start": date_format(bilan.start, "j F Y"),
                                              "end": date_format(bilan.end, "j F Y")}


def bilan_xlsx(bilan: Bilan) -> bytes:
    with translation.override("fr"):
        book = Workbook()
        book.remove(book.active)
        summary = bilan.summary()
        sheet = _sheet(book, _("Summary"), [_("Figure"), _("Value")],
                       [[label, summary[key]] for key, label in SUMMARY_LABELS], [48, 14])
        sheet.insert_rows(1, 2)
        sheet["A1"] = f"{bilan.organisation.title} · {_('Bilan')} {_period(bilan)}"
        sheet["A1"].font = Font(bold=True, size=14)
        _sheet(book, _("Contributions"), [_("Contribution"), *[Origin.LABELS[o] for o in Origin.ORDER], _("Total")],
               [[row["label"], *row["origins"], row["total"]] for row in bilan.kind_rows], [40, 14, 14, 14, 14])
        plan_header = [_("Level"), _("Number"), _("Title"), _("Participants"), _("Comments"), _("Projects"),
                       _("Supports"), _("Votes"), _("Comité members who joined"), _("Presences"),
                       _("Journal updates")]
        kinds = ("comment", "project", "support", "vote", "committee", "presence", "update")
        for level, title in (("axis", _("By axis")), ("goal", _("By goal")), ("objective", _("By objective")),
                             ("action", _("By action"))):
            rows = [row for row in bilan.plan_rows if row.level == level]
            if rows:
                _sheet(book, title, plan_header,
                       [[bilan.plan.level_label(level), row.number, row.label, row.tally.participants,
                         *[row.tally.count(kind) for kind in kinds]] for row in rows],
                       [18, 10, 60] + [12] * 8)
        _sheet(book, _("By role"), [_("Role"), _("Participants")], [[label, n] for label, n in bilan.roles], [36, 14])
        _sheet(book, _("By neighbourhood"), [_("Neighbourhood"), _("Participants")], bilan.neighbourhoods, [40, 14])
        _sheet(book, _("Consultations"), [_("Consultation"), _("Status"), _("Opening"), _("Online"), _("On paper"),
                                         _("Voters"), _("Electorate"), _("Turnout (%)")],
               [[c["title"], c["status"], date_format(c["opens"], "Y-m-d"), c["online"], c["paper"], c["total"],
                 c["electorate"], c["rate"]] for c in bilan.consultations], [48, 12, 12, 10, 10, 10, 12, 12])
        _sheet(book, _("Comités"), [_("Comité"), _("Kind"), _("Members"), _("Meetings"), _("Presences"),
                                   _("Presences per meeting")],
               [[c["name"], c["kind"], c["members"], c["meetings"], c["presences"], c["average"]]
                for c in bilan.committees], [40, 24, 10, 10, 10, 12])
        _sheet(book, _("Indicators"), [_("Plan item"), _("Indicator"), _("Unit"), _("Target"), _("Latest value"),
                                      _("Date"), _("Target reached")],
               [[row["page"].title, row["indicator"].name, row["indicator"].unit,
                 float(row["target"]) if row["target"] is not None else None,
                 float(row["latest"].value) if row["latest"] else None,
                 row["latest"].date.isoformat() if row["latest"] else "",
                 "" if row["reached"] is None else (_("yes") if row["reached"] else _("no"))]
                for row in bilan.indicators], [40, 40, 12, 10, 12, 12, 12])
        _sheet(book, _("Actions by status"), [_("Status"), _("Actions"), _("Changed in the period")],
               [[row["label"], row["count"], row["changed"]] for row in bilan.statuses], [24, 10, 20])
        definitions = _sheet(book, _("Definitions"), [_("What"), _("How it is counted")],
                             [[key, text] for key, text in bilan.definitions], [16, 120])
        for row in definitions.iter_rows(min_row=2):
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def bilan_pdf_document(bilan: Bilan):
    """The report for the board and the CAF, laid out: cover, summary, a page
    per axis with its actions, indicators, journal highlights and
    participation, then consultations, comités and the definitions."""
    with translation.override("fr"):
        html = render_to_string("bilan/print/report_pdf.html", {"bilan": bilan, "summary": bilan.summary(),
                                                          "summary_labels": SUMMARY_LABELS,
                                                          "axes": axes_for_report(bilan)})
    return html_document(html)


def bilan_pdf(bilan: Bilan) -> bytes:
    return bilan_pdf_document(bilan).write_pdf()


def axes_for_report(bilan: Bilan) -> list[dict]:
    """Each axis (or top level) with its actions, indicators and news."""
    if bilan.tree is None:
        return []
    rows = {row.page.pk: row for row in bilan.plan_rows}
    indicators: dict[int, list] = {}
    for row in bilan.indicators:
        indicators.setdefault(row["page"].pk, []).append(row)
    journal: dict[int, list] = {}
    for entry in bilan.journal:
        journal.setdefault(entry.action_id, []).append(entry)
    axes = []
    for node in bilan.tree.children:
        actions = node.actions
        pages = {node.page.pk} | {action.pk for action in actions}
        stack = list(node.children)
        while stack:
            child = stack.pop()
            pages.add(child.page.pk)
            stack.extend(child.children)
        axes.append({"node": node, "row": rows.get(node.page.pk), "actions": actions,
                     "indicators": [i for pk in pages for i in indicators.get(pk, [])],
                     "news": sorted((e for a in actions for e in journal.get(a.pk, [])), key=lambda e: e.date,
                                    reverse=True)[:6]})
    return axes


# SENACS: the observatory's yearly questionnaire. What the platform counts
# itself is filled; what it cannot know (money, jobs, hours) stays empty.
def senacs_rows(bilan: Bilan, tags: dict) -> list[tuple[str, str, object, str]]:
    from committees.models import CommitteeKind

    summary = bilan.summary()
    governance = [c for c in bilan.committees if c["kind_key"] in (CommitteeKind.HOUSE_COUNCIL,
                                                                   CommitteeKind.GOVERNANCE)]
    activity = [c for c in bilan.committees if c not in governance]
    rows = [
        (_("Participation"), _("Distinct participants on the platform"), summary["participants"], ""),
        (_("Participation"), _("Participations without an account (paper)"), summary["anonymous"], ""),
        (_("Volunteers"), _("Volunteers declared in the organisation"), tags["volunteers"], ""),
        (_("Volunteers"), _("Members of the governance bodies (conseil de maison, board…)"),
         sum(c["members"] for c in governance), ""),
        (_("Volunteers"), _("Members of the other comités and working groups"), sum(c["members"] for c in activity),
         ""),
        (_("Volunteers"), _("Hours of volunteering"), None, _("not counted by the platform")),
        (_("Instances"), _("Governance bodies"), len(governance), ""),
        (_("Instances"), _("Meetings of the governance bodies in the year"), sum(c["meetings"] for c in governance),
         ""),
        (_("Instances"), _("Comités and working groups"), len(activity), ""),
        (_("Instances"), _("Their meetings in the year"), sum(c["meetings"] for c in activity), ""),
        (_("Residents' initiatives"), _("Residents' projects proposed"), summary["projects"], ""),
        (_("Residents' initiatives"), _("Residents' projects accompanied"), summary["projects_accompanied"], ""),
        (_("Residents' initiatives"), _("Consultations of the residents"), summary["consultations"], ""),
        (_("Partners"), _("Partners in the directory"), tags["partners"], ""),
        (_("Partners"), _("of which under an agreement (conventionnés)"), tags["partners_agreed"], ""),
        (_("Partners"), _("Associations hosted"), None, _("not counted by the platform")),
    ]
    for name, count in tags["domains"]:
        rows.append((_("Actions by domain"), name, count, ""))
    for name, count in tags["publics"]:
        rows.append((_("Actions by public"), name, count, ""))
    rows.append((_("Actions by public"), _("Actions of the families' part (volet familles)"), tags["families"], ""))
    for label in (_("Budget of the year"), _("Share of the CAF's funding"), _("Salaried jobs (full-time equivalent)"),
                  _("Salaried people")):
        rows.append((_("Finances and jobs"), label, None, _("not counted by the platform")))
    return rows


def senacs_facts(bilan: Bilan) -> dict:
    """What the SENACS sheet adds to the bilan: the plan's actions by domain
    and public, volunteers and partners (a fixed number of queries)."""
    from django.db.models import Count, Q

    from cms.models import ActionPage, ActionTag
    from participation.models import Membership, MembershipStatus
    from projects.models import Partner

    facts = {"domains": [], "publics": [], "families": 0}
    if bilan.plan is not None:
        live = Q(plan=bilan.plan, live=True)
        for tag in ActionTag.objects.annotate(
                n=Count("domain_actions", filter=Q(domain_actions__plan=bilan.plan, domain_actions__live=True),
                        distinct=True),
                m=Count("public_actions", filter=Q(public_actions__plan=bilan.plan, public_actions__live=True),
                        distinct=True)):
            (facts["domains"] if tag.kind == "domain" else facts["publics"]).append(
                (tag.name, tag.n if tag.kind == "domain" else tag.m))
        facts["families"] = ActionPage.objects.filter(live).filter(
            Q(publics__families=True) | Q(domains__families=True)).distinct().count()
    facts["volunteers"] = Membership.objects.filter(organisation=bilan.organisation, role="benevole",
                                                    status=MembershipStatus.ACCEPTED).count()
    partners = Partner.objects.filter(organisation=bilan.organisation)
    facts["partners"] = partners.count()
    facts["partners_agreed"] = partners.filter(convention_status="conventionne").count()
    return facts


def senacs_xlsx(bilan: Bilan) -> bytes:
    with translation.override("fr"):
        book = Workbook()
        book.remove(book.active)
        rows = senacs_rows(bilan, senacs_facts(bilan))
        sheet = _sheet(book, "SENACS", [_("Part"), _("Question"), _("Value"), _("Note")],
                       [list(row) for row in rows], [24, 64, 12, 36])
        sheet.insert_rows(1, 2)
        sheet["A1"] = f"{bilan.organisation.title} · SENACS {_period(bilan)}"
        sheet["A1"].font = Font(bold=True, size=14)
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()
