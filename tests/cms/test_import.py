"""Importing a plan from its spreadsheet or a structured file."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from cms.importing.layout import PlanImportError, parse_period
from cms.importing.plans import read_plan_file
from cms.importing.readers import SpreadsheetError
from cms.models import ActionPage, AxisPage, GoalPage, ObjectivePage, OrganisationPage, PlanPage
from cms.services import plans_import

from .factories import OrganisationFactory
from .seed004 import seed_csv, seed_xlsx

pytestmark = pytest.mark.django_db

DEMO_004 = Path(settings.BASE_DIR) / "cms" / "demo_data" / "004-entraide-et-solidarites.yaml"
HEADER = ["Axe", "Objectif général", "Objectif opérationnel", "N° Action", "Action", "Pilote", "Acteurs",
          "Indicateur", "S1 2024", "S2 2024"]


def xlsx(rows, title="Plan", merge=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell_range in merge or []:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def items_of(data):
    stack, found = list(data["items"]), []
    while stack:
        item = stack.pop(0)
        found.append(item)
        stack[0:0] = item.get("children", [])
    return found


def actions_with_path(items, path=()):
    for item in items:
        if item["type"] == "action":
            yield item, path
        yield from actions_with_path(item.get("children", []), path + ((item["type"], item.get("number", "")),))


def tidy(value):
    """The demo transcription trimmed three trailing commas the sheet has."""
    return value.rstrip(",").strip() if isinstance(value, str) else value


@pytest.mark.parametrize("build", [seed_xlsx, seed_csv, lambda: seed_csv(delimiter="\t", encoding="cp1252")],
                         ids=["xlsx", "csv", "tsv-cp1252"])
def test_seed_004_rebuilt_from_its_text_gives_the_demo_tree(build):
    plans = read_plan_file(build(), "seed004")
    assert len(plans) == 1
    data = plans[0].data
    counts = {}
    for item in items_of(data):
        counts[item["type"]] = counts.get(item["type"], 0) + 1
    assert counts == {"axis": 3, "goal": 10, "objective": 26, "action": 57}
    assert data["title"] == "Plan Stratégique Entraide et Solidarités 2021-2024"
    assert data["levels"]["goal"] == ["Engagement", "Engagements"]
    assert [p["label"] for p in data["periods"]][0] == "1er semestre 2022" and len(data["periods"]) == 7

    demo = yaml.safe_load(DEMO_004.read_text(encoding="utf-8"))["plan"]
    expected = {a["number"]: (a, p) for a, p in actions_with_path(demo["items"])}
    imported = {a["number"]: (a, p) for a, p in actions_with_path(data["items"])}
    assert imported.keys() == expected.keys()
    for number, (action, path) in expected.items():
        got, got_path = imported[number]
        for name in ("title", "pilot", "actors", "success_indicator"):
            assert tidy(got.get(name, "")) == tidy(action.get(name, "")), (number, name)
        assert got["periods"] == action.get("periods", []), number
        assert [p for p in got_path if p[0] != "axis"] == [p for p in path if p[0] != "axis"], number
    warnings = " ".join(plans[0].warnings)
    assert "7.3.1" in warnings and "7.3.2" in warnings


def import_file(content, organisation, name="plan.xlsx", dry_run=False, **kwargs):
    plans = read_plan_file(content, name, **kwargs)
    return plans_import(organisation=organisation, plans=[p.data for p in plans], dry_run=dry_run)


def test_importing_seed_004_twice_changes_nothing_the_second_time():
    organisation = OrganisationFactory()
    first = import_file(seed_xlsx(), organisation)[0]
    assert len(first.created) > 90
    pages = {page.pk: page.title for page in ActionPage.objects.all()}
    second = import_file(seed_xlsx(), organisation)[0]
    assert not second.changed
    assert {page.pk: page.title for page in ActionPage.objects.all()} == pages
    assert_tree_is_sound()


def test_dry_run_reports_but_writes_nothing():
    organisation = OrganisationFactory()
    report = import_file(seed_csv(), organisation, name="plan.csv", dry_run=True)[0]
    assert len(report.created) > 90
    assert not PlanPage.objects.exists() and not ActionPage.objects.exists()


def test_reimport_updates_in_place_and_keeps_page_identity():
    organisation = OrganisationFactory()
    rows = [HEADER, ["Axe A", "Engagement n°1 : Bien accueillir", "Accueil", "1.1.1", "Ouvrir un bureau", "DG",
                     "Codir", "Bureau ouvert", "X", ""],
            [None, None, None, "1.1.2", "Former les bénévoles", "RRH", "", "", "", "x"]]
    import_file(xlsx(rows), organisation)
    kept = ActionPage.objects.get(number="1.1.1")
    rows[1][4], rows[1][5] = "Ouvrir un bureau social", "Direction"
    rows[2][3:5] = ["1.1.3", "Créer un jardin"]  # 1.1.2 disappears, 1.1.3 appears
    report = import_file(xlsx(rows), organisation)[0]
    renamed = ActionPage.objects.get(number="1.1.1")
    assert renamed.pk == kept.pk and renamed.title == "Ouvrir un bureau social" and renamed.pilot == "Direction"
    assert any("1.1.1" in line for line in report.updated)
    assert any("1.1.3" in line for line in report.created)
    assert any("1.1.2" in line for line in report.removed)
    assert not ActionPage.objects.get(number="1.1.2").live  # unpublished, not deleted
    assert_tree_is_sound()


def assert_tree_is_sound():
    """Paths, depths and child counts as treebeard itself expects them."""
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])


def test_a_renumbered_action_keeps_its_page_when_its_titles_are_unchanged():
    organisation = OrganisationFactory()
    rows = [HEADER, ["Axe A", "Engagement n°1 : Accueillir", "Accueil", "1.1.1", "Ouvrir un bureau", "", "", "", "",
                     ""]]
    import_file(xlsx(rows), organisation)
    kept = ActionPage.objects.get()
    rows[1][3] = "1.1.5"
    import_file(xlsx(rows), organisation)
    assert ActionPage.objects.get().pk == kept.pk and ActionPage.objects.get().number == "1.1.5"


def test_blank_cells_carry_down_and_merged_cells_too():
    rows = [HEADER,
            ["Axe 1 : Accueillir", "Engagement n°1 : Mieux accueillir", "Accueil", "1.1.1", "A", "", "", "", "", ""],
            [None, None, None, "1.1.2", "B", "", "", "", "", ""],
            [None, "Engagement n°2 : Partager", "Partage", "2.1.1", "C", "", "", "", "", ""]]
    plan = read_plan_file(xlsx(rows, merge=["A2:A4"]), "p.xlsx")[0].data
    (axis,) = plan["items"]
    assert (axis["number"], axis["title"]) == ("1", "Accueillir")
    assert [goal["number"] for goal in axis["children"]] == ["1", "2"]
    assert [a["number"] for a in axis["children"][0]["children"][0]["children"]] == ["1.1.1", "1.1.2"]


def test_action_number_starts_a_new_objective_even_when_the_cell_is_blank():
    rows = [HEADER, ["Axe", "Engagement n°4 : Sécuriser", "Connaître", "4.1.1", "Enquête", "", "", "", "", ""],
            [None, None, None, "4.2.1", "Sève2", "", "", "", "", ""]]
    with translation.override("en"):
        plan = read_plan_file(xlsx(rows), "p.xlsx")[0].data
    objectives = plan["items"][0]["children"][0]["children"]
    assert [(o["number"], o["title"]) for o in objectives] == [("4.1", "Connaître"), ("4.2", "Objectif opérationnel 4.2")]


@pytest.mark.parametrize(
    "header",
    [
        ["Orientation", "Engagement", "Objectif opérationnel", "Numéro", "Intitulé", "Responsable", "Contributeurs",
         "Indicateur de résultat"],
        ["FINALITÉ", "objectif general", "OBJECTIF OPÉRATIONNEL", "N°", "Action", "Pilote opérationnel",
         "Partenaires", "Indicateur de réussite"],
        ["Axe", "Objectif général", "Objectif opérationnel", "N° action", "Action", "Pilote", "Acteurs mobilisés",
         "Indicateur"],
    ],
)
def test_header_synonyms_without_case_or_accents(header):
    rows = [["Mon plan"], ["Total", 3], header, ["A", "G", "O", "1.1.1", "Faire", "DG", "Codir", "Taux"]]
    plan = read_plan_file(xlsx(rows), "p.xlsx")[0].data
    (action,) = [item for item in items_of(plan) if item["type"] == "action"]
    assert (action["pilot"], action["actors"], action["success_indicator"]) == ("DG", "Codir", "Taux")
    assert plan["title"] == "Mon plan"


@pytest.mark.parametrize(
    ("header", "label", "start", "end"),
    [
        ("1° semestre 2022", "1er semestre 2022", "2022-01-01", "2022-06-30"),
        ("2e semestre 2023", "2e semestre 2023", "2023-07-01", "2023-12-31"),
        ("2ème semestre 2023", "2e semestre 2023", "2023-07-01", "2023-12-31"),
        ("S1 2024", "1er semestre 2024", "2024-01-01", "2024-06-30"),
        ("S2-2024", "2e semestre 2024", "2024-07-01", "2024-12-31"),
        ("T3 2024", "T3 2024", "2024-07-01", "2024-09-30"),
        ("4e trimestre 2024", "T4 2024", "2024-10-01", "2024-12-31"),
        ("2025", "2025", "2025-01-01", "2025-12-31"),
        ("Année 2026", "2026", "2026-01-01", "2026-12-31"),
    ],
)
def test_period_headers(header, label, start, end):
    period = parse_period(header)
    assert (period.label, period.start.isoformat(), period.end.isoformat()) == (label, start, end)


def test_any_mark_schedules_the_action():
    rows = [HEADER, ["A", "G", "O", "1.1.1", "Faire", "", "", "", "oui", "✓"],
            ["A", "G", "O", "1.1.2", "Refaire", "", "", "", "", " "]]
    actions = [i for i in items_of(read_plan_file(xlsx(rows), "p.xlsx")[0].data) if i["type"] == "action"]
    assert [a["periods"] for a in actions] == [["1er semestre 2024", "2e semestre 2024"], []]


def test_repeated_headers_and_page_titles_are_skipped():
    rows = [["Plan d'actions"], HEADER, ["A", "G", "O", "1.1.1", "Un", "", "", "", "", ""], [],
            ["Plan d'actions"], HEADER, [None, None, None, "1.1.2", "Deux", "", "", "", "", ""]]
    plan = read_plan_file(xlsx(rows), "p.xlsx")[0].data
    assert [i["title"] for i in items_of(plan) if i["type"] == "action"] == ["Un", "Deux"]
    assert [i["type"] for i in items_of(plan)].count("axis") == 1


def problems(content, name="p.xlsx"):
    with translation.override("fr"), pytest.raises((PlanImportError, SpreadsheetError)) as error:
        read_plan_file(content, name)
    return str(error.value)


def test_same_number_with_another_text_is_an_error_naming_both_rows():
    rows = [HEADER, ["A", "G", "O", "1.1.1", "Un", "", "", "", "", ""], [None, None, None, "1.1.1", "Autre", "", "",
                                                                          "", "", ""]]
    message = problems(xlsx(rows))
    assert "ligne 3" in message and "ligne 2" in message and "1.1.1" in message


def test_formula_is_refused_with_sheet_row_and_column():
    rows = [HEADER, ["A", "G", "O", "1.1.1", "=CONCAT(\"a\";\"b\")", "", "", "", "", ""]]
    message = problems(xlsx(rows, title="Feuil1"))
    assert "Feuil1" in message and "ligne 2" in message and "colonne E" in message and "formule" in message


def test_date_instead_of_text_is_refused():
    import datetime

    rows = [HEADER, ["A", "G", "O", datetime.datetime(2024, 1, 2), "Faire", "", "", "", "", ""]]
    message = problems(xlsx(rows))
    assert "colonne D" in message and "date" in message


def test_missing_action_column_is_explained():
    message = problems(xlsx([["Axe", "Pilote"], ["A", "DG"]]))
    assert "Action" in message


def test_not_a_number_in_the_number_column():
    message = problems(xlsx([HEADER, ["A", "G", "O", "premier", "Faire", "", "", "", "", ""]]))
    assert "premier" in message and "colonne D" in message


def test_password_protected_or_old_xls_file():
    message = problems(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048, "plan.xlsx")
    assert "mot de passe" in message


def test_junk_and_oversized_files():
    import os

    assert "tableur" in problems(os.urandom(100_000), "plan.xlsx")
    assert "Mo" in problems(b"x" * (settings.PLAN_IMPORT_MAX_BYTES + 1), "plan.csv")


def test_a_workbook_gives_one_plan_per_sheet_or_the_sheet_asked_for():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Centre A"
    for row in (HEADER, ["A", "G", "O", "1.1.1", "Un", "", "", "", "", ""]):
        first.append(row)
    second = workbook.create_sheet("Centre B")
    for row in (HEADER, ["B", "G", "O", "1.1.1", "Deux", "", "", "", "", ""]):
        second.append(row)
    workbook.create_sheet("Notes").append(["Rien à voir"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plans = read_plan_file(buffer.getvalue(), "w.xlsx")
    assert [p.source for p in plans] == ["Centre A", "Centre B"]
    assert "Notes" in " ".join(plans[0].warnings)
    assert [p.source for p in read_plan_file(buffer.getvalue(), "w.xlsx", sheet="Centre B")] == ["Centre B"]
    with translation.override("fr"), pytest.raises(SpreadsheetError, match="Centre C"):
        read_plan_file(buffer.getvalue(), "w.xlsx", sheet="Centre C")


def test_structured_yaml_and_json_plans_import_with_their_free_hierarchy():
    document = yaml.safe_load((Path(settings.BASE_DIR) / "cms" / "demo_data" / "000-cerise.yaml").read_text())
    organisation = OrganisationFactory()
    for content, name in ((yaml.safe_dump(document, allow_unicode=True).encode(), "plan.yaml"),
                          (json.dumps(document, ensure_ascii=False).encode(), "plan.json")):
        import_file(content, organisation, name=name)
    plan = PlanPage.objects.get()
    assert AxisPage.objects.filter(plan=plan).count() == 3
    assert ObjectivePage.objects.filter(plan=plan).count() == 8
    assert ActionPage.objects.filter(plan=plan).count() == 18
    assert not GoalPage.objects.exists()


def test_structured_file_errors_name_the_place():
    document = {"plan": {"title": "P", "periods": [], "items": [
        {"type": "axis", "title": "A", "children": [{"type": "chapter", "title": ""}]}]}}
    with translation.override("fr"), pytest.raises(PlanImportError) as error:
        read_plan_file(json.dumps(document).encode(), "p.json")
    message = str(error.value)
    assert "plan.items[1].children[1]" in message and "type" in message


def test_one_transaction_for_the_whole_import():
    organisation = OrganisationFactory()
    good = {"title": "Bon", "slug": "bon", "items": [{"type": "axis", "title": "A"}]}
    bad = {"title": "Mauvais", "slug": "mauvais", "items": [{"type": "chapter", "title": "X"}]}
    with pytest.raises(ValidationError):
        plans_import(organisation=organisation, plans=[good, bad])
    assert not PlanPage.objects.exists()


def test_command_imports_with_create_plan_and_dry_run(tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(seed_xlsx())
    call_command("import_plan", str(path), "--organisation", "entraide", "--create", "--plan", "psi", "--dry-run")
    assert "57" not in capsys.readouterr().err
    assert not OrganisationPage.objects.filter(slug="entraide").exists() or not PlanPage.objects.exists()
    call_command("import_plan", str(path), "--organisation", "entraide", "--create", "--plan", "psi")
    plan = PlanPage.objects.get(slug="psi")
    assert ActionPage.objects.filter(plan=plan).count() == 57
    assert plan.get_parent().slug == "entraide"
    call_command("import_plan", str(path), "--organisation", "entraide", "--plan", "psi")
    out = capsys.readouterr().out
    assert "0 créé" in out or "0 created" in out


def test_command_refuses_unknown_organisation_and_bad_files(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(seed_csv())
    with pytest.raises(CommandError, match="--create"):
        call_command("import_plan", str(path), "--organisation", "inconnue")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01" * 1000)
    OrganisationFactory(slug="org")
    with pytest.raises(CommandError, match="Rien n’a été importé"):
        call_command("import_plan", str(junk), "--organisation", "org")
    assert not PlanPage.objects.exists()


def test_imported_pages_are_found_by_search():
    from cms.selectors import search_plans

    import_file(seed_xlsx(), OrganisationFactory())
    assert "Sève2" in [page.title for page in search_plans("Sève2")]


def test_seed_004_as_an_ods_workbook_imports_the_same_plan():
    from .seed004 import seed_rows
    from .test_import_readers import ods_bytes, ods_cell, ods_row

    rows = [ods_row(*[ods_cell(value, valuetype="string") if value else ods_cell() for value in row])
            for row in seed_rows()]
    organisation = OrganisationFactory()
    import_file(ods_bytes(("Plan 2021-2024", rows)), organisation, name="plan.ods")
    plan = PlanPage.objects.child_of(organisation).get()
    assert (GoalPage.objects.filter(plan=plan).count(), ObjectivePage.objects.filter(plan=plan).count(),
            ActionPage.objects.filter(plan=plan).count()) == (10, 26, 57)
    assert [p.label for p in ActionPage.objects.get(plan=plan, number="6.1.5").periods.order_by("sort_order")] == [
        "1er semestre 2022", "2e semestre 2022", "1er semestre 2023", "2e semestre 2023", "1er semestre 2024",
        "2e semestre 2024", "1er semestre 2025"]


def test_goals_numbered_within_axes_keep_their_place():
    """A usability tester's sheet: goals numbered 1.1, 1.2, objectives named
    inconsistently, actions numbered after their objective."""
    rows = [
        ["Plan d'action CERISE 2025 – Quartier des Arts"], HEADER[:8] + ["1er semestre 2025"],
        ["1. Accueillir tous les habitants", "1.1 Améliorer l'accueil physique", "1.1.1 Rendre l'accueil plus chaleureux",
         "1.1.1", "Réaménager le hall", "Directrice", "", "", "X"],
        [None, None, None, "1.1.2", "Ouvrir le samedi", "", "", "", "X"],
        [None, None, "1.2 Mieux orienter", "1.2.1", "Créer un guide des permanences", "", "", "", ""],
        [None, "1.2 Lutter contre la fracture numérique", "1.3 Accompagner les démarches en ligne", "1.3.1",
         "Permanence numérique", "", "", "", "X"],
        ["2. Faire vivre le quartier", "2.1 Soutenir les initiatives", "2.1.1 Accompagner les projets", "2.1.1",
         "Appel à projets", "", "", "", "X"],
        [None, "2.2 Rompre l'isolement des aînés", "2.2.1 Aller vers les personnes isolées", "2.2.1",
         "Visites de convivialité", "", "", "", ""],
        [None, None, None, "2.2.2", "Repas partagé", "", "", "", "X"],
    ]
    plan = read_plan_file(xlsx(rows), "cerise.xlsx")[0].data
    tree = [(axis["number"], axis["title"], [
        (goal["number"], goal["title"], [(o["number"], [a["number"] for a in o["children"]]) for o in goal["children"]])
        for goal in axis["children"]]) for axis in plan["items"]]
    assert tree == [
        ("1", "Accueillir tous les habitants", [
            ("1.1", "Améliorer l'accueil physique", [("1.1.1", ["1.1.1", "1.1.2"]), ("1.2", ["1.2.1"])]),
            ("1.2", "Lutter contre la fracture numérique", [("1.3", ["1.3.1"])]),
        ]),
        ("2", "Faire vivre le quartier", [
            ("2.1", "Soutenir les initiatives", [("2.1.1", ["2.1.1"])]),
            ("2.2", "Rompre l'isolement des aînés", [("2.2.1", ["2.2.1", "2.2.2"])]),
        ]),
    ]


def test_a_sheet_with_only_its_header_is_refused_not_taken_as_an_empty_plan():
    message = problems(xlsx([["Plan"], HEADER]))
    assert "rien à importer" in message and "ligne 2" in message


def test_a_sheet_without_title_row_does_not_rename_the_plan_it_updates():
    organisation = OrganisationFactory()
    rows = [HEADER, ["A", "G", "O", "1.1.1", "Faire", "", "", "", "", ""]]
    plans = read_plan_file(xlsx(rows, title="Feuil1"), "p.xlsx")
    plans[0].data["slug"] = "mon-plan"
    plans_import(organisation=organisation, plans=[p.data for p in plans])
    PlanPage.objects.filter(slug="mon-plan").update(title="Plan d'action 2025")
    plans = read_plan_file(xlsx(rows, title="Feuil1"), "p.xlsx")
    plans[0].data["slug"] = "mon-plan"
    report = plans_import(organisation=organisation, plans=[p.data for p in plans])[0]
    assert PlanPage.objects.get(slug="mon-plan").title == "Plan d'action 2025" and not report.changed


def test_search_sees_the_updated_text_after_a_reimport():
    from cms.selectors import search_plans

    organisation = OrganisationFactory()
    rows = [HEADER, ["A", "G", "O", "1.1.1", "Ouvrir le samedi matin", "", "", "", "", ""]]
    import_file(xlsx(rows), organisation)
    rows[1][4] = "Ouvrir le samedi matin et le mercredi après-midi"
    import_file(xlsx(rows), organisation)
    assert [page.title for page in search_plans("mercredi")] == [rows[1][4]]


def test_a_title_longer_than_a_page_title_is_kept_whole(client):
    """Wagtail's title holds 255 characters (menus, the admin); the plan's
    whole title is kept beside it, shown on the pages and exported."""
    from cms.exporting import plan_export_table

    long_title = " ".join(("Mettre en synergie les différents acteurs et services, " * 6).split())
    rows = [HEADER, ["A", f"Engagement n°7 : {long_title}", "O", "7.1.1", long_title, "", "", "", "", ""]]
    organisation = OrganisationFactory()
    import_file(xlsx(rows), organisation)
    goal = GoalPage.objects.get(number="7")
    action = ActionPage.objects.get(number="7.1.1")
    assert len(goal.title) <= 255 and goal.title.endswith("…")
    assert goal.display_title == long_title and action.display_title == long_title and goal.description == ""
    assert long_title in client.get(action.url).content.decode()
    assert long_title in client.get(goal.url).content.decode()
    _, table = plan_export_table(action.plan)
    assert table[0][1] == f"Engagement n°7 : {long_title}" and table[0][4] == long_title
    import_file(xlsx(rows), organisation)  # the same file again changes nothing
    assert GoalPage.objects.filter(number="7").count() == 1 and GoalPage.objects.get(number="7").live


def test_publics_and_domains_are_imported_from_their_columns():
    header = HEADER[:8] + ["Publics", "Domaines"]
    rows = [header, ["A", "G", "O", "1.1.1", "Un atelier parents", "", "", "", "Familles, jeunesse", "Parentalité"],
            ["", "", "", "1.1.2", "Un café", "", "", "", "", ""]]
    organisation = OrganisationFactory()
    import_file(xlsx(rows), organisation)
    first = ActionPage.objects.get(number="1.1.1")
    assert {tag.slug for tag in first.publics.all()} == {"familles", "jeunesse"}
    assert [tag.slug for tag in first.domains.all()] == ["parentalite"]
    assert not ActionPage.objects.get(number="1.1.2").publics.exists()


def test_an_unknown_public_is_reported_with_its_row_and_column():
    from cms.importing.layout import PlanImportError

    header = HEADER[:8] + ["Publics"]
    rows = [header, ["A", "G", "O", "1.1.1", "Un atelier", "", "", "", "Familles, Martiens"]]
    with pytest.raises(PlanImportError) as error:
        import_file(xlsx(rows), OrganisationFactory())
    assert "ligne 2, colonne I" in str(error.value) and "Martiens" in str(error.value)


def test_marks_after_the_last_period_are_reported_not_dropped():
    from cms.importing.plans import read_plan_file

    from .seed004 import seed_xlsx

    plans = read_plan_file(seed_xlsx(), "plan.xlsx")
    lost = [warning for warning in plans[0].warnings if "après la dernière période" in warning]
    # Rows 16, 18, 57, 58 and 59 have a mark past the last period; rows 24
    # (3.2.1) and 60 (7.3.2), realigned, have one mark more than the periods.
    assert [warning.split(",")[1].split(":")[0].strip() for warning in lost] == [
        "ligne 16", "ligne 18", "ligne 24", "ligne 57", "ligne 58", "ligne 59", "ligne 60"]
    assert "« 1er semestre 2025 »" in lost[0] and "« 2e semestre 2025 »" in lost[0]
