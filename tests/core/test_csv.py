"""The one CSV writer: every export neutralises what a spreadsheet would run
as a formula, and the plan importer reads its own cells back unchanged."""

import csv
import io

import pytest

from core.csv import cell, cell_read, csv_bytes

FORMULAS = ["=1+1", "+33 6 00", "-2", "@SUM(A1)", "\tTab", "=HYPERLINK(\"http://evil\")"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_is_written_as_text_and_read_back(text):
    assert cell(text) == "'" + text and cell_read(cell(text)) == text


def test_plain_text_numbers_and_empty_cells_are_left_alone():
    assert cell("Café") == "Café" and cell(12) == "12" and cell(None) == "" and cell("'quoted") == "'quoted"
    assert cell_read("'quoted") == "'quoted"


def test_bytes_are_french_spreadsheet_csv():
    data = csv_bytes(["Titre", "Valeur"], [["=1+1", "a;b"]])
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Titre", "Valeur"], ["'=1+1", "a;b"]]


@pytest.mark.django_db
def test_the_plan_csv_neutralises_formulas_and_imports_back_the_same():
    from cms.exporting import plan_export_csv, plan_export_table
    from cms.importing.plans import read_plan_file
    from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

    plan = PlanFactory(parent=OrganisationFactory(slug="lilas"), slug="projet", title="Projet")
    axis = AxisFactory(parent=plan, number="1", title="Vivre ensemble")
    ActionFactory(parent=axis, number="1.1", title="=HYPERLINK(\"http://evil\")", pilot="-Direction")
    data = plan_export_csv(plan)
    assert b"'=HYPERLINK" in data and b"'-Direction" in data
    _header, rows = plan_export_table(plan)
    imported = read_plan_file(data, "plan.csv")[0].data
    action = imported["items"][0]["children"][0]
    assert action["title"] == "=HYPERLINK(\"http://evil\")" and action["pilot"] == "-Direction"
    assert rows[0][4] == action["title"]  # the table itself keeps the text as it is


@pytest.mark.django_db
def test_the_results_csv_neutralises_option_labels(client):
    from consultations import services
    from consultations.models import Method
    from tests.cms.factories import OrganisationFactory
    from tests.consultations.conftest import make_consultation
    from tests.participation.conftest import make_staff

    organisation = OrganisationFactory(title="Centre")
    staff = make_staff(organisation)
    consultation = make_consultation(organisation, staff, secret=False,
                                     questions=(("=cmd", Method.SINGLE, ["=A", "@B"]),))
    services.consultation_close(consultation=consultation, user=staff)
    text = client.get(f"/consultations/{consultation.pk}/resultats.csv").content.decode("utf-8-sig")
    assert "'=cmd;'=A" in text and "'=cmd;'@B" in text
