"""A plan written back out as a spreadsheet (CSV, XLSX) or in the structured
format (JSON): the layout of docs/plan-spreadsheet.md, stable bytes, a JSON
that rebuilds the same plan, and the public downloads."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.exporting import (
    EXPORT_COLUMNS,
    plan_export_csv,
    plan_export_data,
    plan_export_json,
    plan_export_table,
    plan_export_xlsx,
    rich_text_to_text,
    sheet_title,
)
from cms.models import ActionPage, Indicator, PlanPage
from cms.services import LoadReport, plan_upsert, text_to_rich_text
from cms.visibility import private_paths

from .factories import (
    ActionFactory,
    AxisFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PlanFactory,
    build_plan,
    semesters,
)

pytestmark = pytest.mark.django_db

ES_PLAN = "plan-strategique-2021-2024"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_of(slug):
    return PlanPage.objects.get(slug=slug)


def as_dicts(header, rows):
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture
def small_plan():
    """One axis, one objective, two actions: every kind of cell."""
    organisation = OrganisationFactory(slug="centre-des-lilas")
    plan = PlanFactory(parent=organisation, slug="projet-social", title="Projet social : 2022/2025 [version *2*]")
    s1, s2, s3, _s4 = semesters(plan)
    axis = AxisFactory(parent=plan, number="1", title="Vivre ensemble")
    objective = ObjectiveFactory(parent=axis, number="1.1", title="Se rencontrer")
    first = ActionFactory(
        parent=objective,
        number="1.1.1",
        title="Fête de quartier",
        description="<p>Une fête &amp; un repas</p><ul><li>Musique</li><li>Jeux</li></ul>",
        examples="- Brocante\nPique-nique",
        status="late",
        progress=40,
        is_new=True,
        periods=[s1, s3],
    )
    second = ActionFactory(parent=objective, number="1.1.2", title="=1+1", pilot="", periods=[s2])
    for action in (first, second):
        action.save()  # the factory's periods are a modelcluster relation, kept until saved
    return plan


# The table


def test_seed_004_header_and_one_row_per_action(demo_data):
    plan = plan_of(ES_PLAN)
    header, rows = plan_export_table(plan)
    periods = [period.label for period in plan.periods.all()]
    assert header == EXPORT_COLUMNS + periods and len(periods) == 7
    assert header[:4] == ["Axe", "Objectif général", "Objectif opérationnel", "N° Action"]
    assert len(rows) == 57 and all(len(row) == len(header) for row in rows)
    first = dict(zip(header, rows[0]))
    assert first["Axe"].startswith("Ancrer les actions d'Entraide et Solidarités")
    assert first["Objectif général"].startswith("Engagement n°1 : Assurer la pertinence")
    assert first["Objectif opérationnel"].startswith("1.1 : Les rapport d'activité annuels")
    assert (first["N° Action"], first["Pilote"], first["Acteurs mobilisés"]) == ("1.1.1", "DG", "Codir")
    assert [row[3] for row in rows] == list(
        ActionPage.objects.filter(plan=plan, live=True).order_by("path").values_list("number", flat=True)
    )
    assert any(row[1].startswith("Engagement n°3 : S'investir") for row in rows)
    assert all(row[0] and row[1] and row[2] for row in rows)  # no carry-down


def test_seed_004_periods_are_marked_x_as_scheduled(demo_data):
    plan = plan_of(ES_PLAN)
    header, rows = plan_export_table(plan)
    scheduled = {
        action.number: {period.label for period in action.periods.all()}
        for action in ActionPage.objects.filter(plan=plan).prefetch_related("periods")
    }
    labels = header[len(EXPORT_COLUMNS):]
    for row in rows:
        marks = row[len(EXPORT_COLUMNS):]
        assert set(marks) <= {"X", ""}
        assert {label for label, mark in zip(labels, marks) if mark} == scheduled[row[3]]


def test_seed_001_objectives_without_actions_keep_a_row(demo_data):
    header, rows = plan_export_table(plan_of("projet-social"))
    assert header == EXPORT_COLUMNS  # no periods in that plan
    assert len(rows) == 27
    assert rows[0][:3] == [
        "Axe 1 : Identifier le centre social comme lieu ressources des politiques territoriales",
        "Objectif général n°1.1 : Développer des actions hors les murs",
        "1.1.1 : Déployer des actions au cœur des quartiers",
    ]
    assert all(row[:3] and all(row[:3]) and not any(row[3:]) for row in rows)


def test_seed_002_goals_without_actions_sit_beside_the_actions(demo_data):
    header, rows = plan_export_table(plan_of("projet-federal-2019-2022"))
    goals = [row for row in rows if row[1]]
    actions = [row for row in rows if row[4]]
    assert (len(goals), len(actions), len(rows)) == (10, 12, 22)
    assert all(not any(row[3:]) for row in goals)
    assert all(row[0] and not row[1] and not row[2] for row in actions)


def test_action_cells_in_french_and_plain_text(small_plan):
    header, rows = plan_export_table(small_plan)
    first, second = as_dicts(header, rows)
    assert first["Axe"] == "Axe 1 : Vivre ensemble"
    assert first["Objectif opérationnel"] == "1.1 : Se rencontrer"
    assert first["Objectif général"] == ""
    assert (first["Statut"], first["Avancement (%)"], first["Nouvelle action"]) == ("En retard", "40", "oui")
    assert first["Description"] == "Une fête & un repas\nMusique\nJeux"
    assert first["Exemples"] == "Brocante\nPique-nique"
    assert [first[label] for label in header[len(EXPORT_COLUMNS):]] == ["X", "", "X", ""]
    assert (second["Statut"], second["Avancement (%)"], second["Nouvelle action"], second["Pilote"]) == ("", "", "", "")


def test_rich_text_round_trips_through_plain_text():
    html = "<p>Une fête &amp; un repas</p><ul><li>Musique</li><li>Jeux</li></ul><p>Fin &lt;3</p>"
    text = rich_text_to_text(html)
    assert text == "Une fête & un repas\n\n- Musique\n- Jeux\n\nFin <3"
    assert text_to_rich_text(text) == html
    assert rich_text_to_text('<h3>Titre</h3><p data-block-key="a">Un<br/>deux <a href="/x">lien</a></p>') == (
        "Titre\n\nUn\ndeux lien"
    )


def test_table_query_count_does_not_grow_with_the_plan():
    small = build_plan(axes=1, goals=1, objectives=2, actions=2)
    large = build_plan(axes=3, goals=1, objectives=2, actions=2)
    counts = []
    private_paths()  # read once per change of the pages, then from the cache
    for plan in (small, large):
        plan = PlanPage.objects.get(pk=plan.pk)
        with CaptureQueriesContext(connection) as queries:
            plan_export_table(plan)
            plan_export_data(plan)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20  # with each action's publics and domains


# CSV and XLSX


def test_csv_is_stable_and_reads_back_with_semicolons(demo_data):
    plan = plan_of(ES_PLAN)
    content = plan_export_csv(plan)
    assert content == plan_export_csv(plan)
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    header, rows = plan_export_table(plan)
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert read == [header] + rows


def test_xlsx_holds_the_same_table_as_text(small_plan):
    content = plan_export_xlsx(small_plan)
    assert content == plan_export_xlsx(small_plan)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Projet social  20222025 version"
    header, rows = plan_export_table(small_plan)
    read = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert read == [header] + rows
    assert sheet["D2"].value == "1.1.1" and sheet["D2"].data_type == "s" and sheet["D2"].number_format == "@"
    assert sheet["E3"].value == "=1+1" and sheet["E3"].data_type == "s"  # text, not a formula
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_xlsx_of_seed_004_reads_back(demo_data):
    plan = plan_of(ES_PLAN)
    sheet = openpyxl.load_workbook(io.BytesIO(plan_export_xlsx(plan))).active
    header, rows = plan_export_table(plan)
    read = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert read == [header] + rows


def test_sheet_titles_excel_accepts():
    assert sheet_title("Plan stratégique : 2021/2024 [v2] *?\\") == "Plan stratégique  20212024 v2"
    assert len(sheet_title("x" * 80)) == 31
    assert sheet_title("[]") == "Plan"


# JSON


def tree_of(parent):
    """(type, number, title, every field, periods, indicators, children) of
    the live pages below `parent`, in order."""
    result = []
    for page in parent.get_children().live().specific().order_by("path"):
        fields = ["number", "title", "description", "examples"]
        fields += {"axis": ["slogan", "subtitle"], "action": [
            "pilot", "actors", "success_indicator", "status", "progress", "is_new"]}.get(page.level, [])
        periods = [p.label for p in page.periods.all()] if isinstance(page, ActionPage) else None
        indicators = [(i.name, i.unit, i.target) for i in Indicator.objects.filter(page=page)]
        result.append((page.level, [getattr(page, name) for name in fields], periods, indicators, tree_of(page)))
    return result


def plan_fields(plan):
    names = ["period_start", "period_end", "status", "validation_note", "preamble", "scope", "history",
             "source_document_url", "source_document_label", "axis_label", "goal_label_plural", "action_label"]
    periods = [(p.label, p.kind, p.start_date, p.end_date) for p in plan.periods.all()]
    return [getattr(plan, name) for name in names] + [periods]


@pytest.mark.parametrize("slug", ["plan-strategique", "projet-social", "projet-federal-2019-2022", ES_PLAN])
def test_json_rebuilds_the_same_plan_in_another_organisation(demo_data, slug):
    plan = plan_of(slug)
    data = plan_export_data(plan)
    assert data["organisation"]["slug"] == plan.get_parent().slug
    copy = plan_upsert(organisation=OrganisationFactory(), data=data["plan"], report=LoadReport())
    assert copy.pk != plan.pk and copy.title == plan.title
    assert plan_fields(copy) == plan_fields(plan)
    assert tree_of(copy) == tree_of(plan)
    assert plan_export_data(copy)["plan"] == data["plan"]


def test_json_bytes_are_readable_utf8(demo_data):
    plan = plan_of("projet-social")
    content = plan_export_json(plan)
    assert content.endswith(b"}\n") and "Développer".encode() in content
    data = json.loads(content)
    assert data == plan_export_data(plan)
    goal = data["plan"]["items"][0]["children"][0]
    assert goal["examples"].startswith("Animations sorties d'école.")
    assert goal["indicators"][0] == {"name": "Nombre d'animation de quartier réalisée", "unit": "", "target": None}


def test_json_targets_are_numbers(small_plan):
    action = ActionPage.objects.get(plan=small_plan, number="1.1.1")
    Indicator.objects.create(page=action, name="Participants", unit="personnes", target="150.00")
    Indicator.objects.create(page=action, name="Satisfaction", unit="%", target="87.50", sort_order=1)
    data = plan_export_data(PlanPage.objects.get(pk=small_plan.pk))
    exported = data["plan"]["items"][0]["children"][0]["children"][0]
    assert exported["indicators"] == [
        {"name": "Participants", "unit": "personnes", "target": 150},
        {"name": "Satisfaction", "unit": "%", "target": 87.5},
    ]
    assert exported["periods"] == ["S1 2022", "S1 2023"]
    assert (exported["status"], exported["progress"], exported["is_new"]) == ("late", 40, True)


# Downloads


def test_public_downloads(client, small_plan):
    csv_response = client.get(small_plan.url + "export/csv/")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="centre-des-lilas-projet-social.csv"'
    assert csv_response.content == plan_export_csv(small_plan)
    xlsx_response = client.get(small_plan.url + "export/xlsx/")
    assert xlsx_response.status_code == 200 and xlsx_response["Content-Type"] == XLSX_TYPE
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="centre-des-lilas-projet-social.xlsx"'
    html = client.get(small_plan.url).content.decode()
    assert f'href="{small_plan.url}export/csv/"' in html and f'href="{small_plan.url}export/xlsx/"' in html


def test_an_unpublished_plan_cannot_be_downloaded(client, small_plan):
    url = small_plan.url
    small_plan.unpublish()
    assert client.get(url + "export/csv/").status_code == 404
    assert client.get(url + "export/xlsx/").status_code == 404


def test_admin_plan_page_has_export_buttons(admin_client, small_plan):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[small_plan.pk])).content.decode()
    assert f"{small_plan.url}export/xlsx/" in html and f"{small_plan.url}export/csv/" in html


# Command


def test_command_writes_csv_to_stdout_and_xlsx_to_a_file(demo_data, tmp_path):
    plan = plan_of(ES_PLAN)
    out = io.StringIO()
    call_command("export_plan", ES_PLAN, "--format", "csv", stdout=out)
    assert out.getvalue().encode() == plan_export_csv(plan)
    target = tmp_path / "plan.xlsx"
    call_command("export_plan", ES_PLAN, "--format", "xlsx", "-o", str(target), stdout=io.StringIO())
    assert target.read_bytes() == plan_export_xlsx(plan)


def test_command_refuses_what_it_cannot_do(demo_data):
    with pytest.raises(CommandError, match="Plans connus : .*projet-social"):
        call_command("export_plan", "plan-inconnu", "--format", "csv")
    with pytest.raises(CommandError, match="-o FICHIER"):
        call_command("export_plan", ES_PLAN, "--format", "xlsx")
    PlanFactory(parent=OrganisationFactory(slug="autre-centre"), slug="projet-social")
    with pytest.raises(CommandError, match="--organisation"):
        call_command("export_plan", "projet-social", "--format", "json")
    out = io.StringIO()
    call_command("export_plan", "projet-social", "--organisation", "centre-social-municipal", "--format", "json",
                 stdout=out)
    assert json.loads(out.getvalue())["organisation"]["slug"] == "centre-social-municipal"
