"""Each organisation's open data: documented CSV and JSON files under the
licence it chose (what is in them is checked by tests/test_leaks.py)."""

import csv
import io

import pytest

from cms.models import OrganisationPage
from opendata.datasets import DATASETS
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_file_and_documents_every_field(client, demo_data):
    response = client.get("/donnees/cerise/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in html and 'rel="license"' in html
    for dataset in DATASETS:
        assert f'href="/donnees/cerise/{dataset.name}.csv"' in html
        assert f'href="/donnees/cerise/{dataset.name}.json"' in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html
    assert 'href="/donnees/cerise/"' in client.get("/cerise/").content.decode()


def test_csv_columns_are_the_documented_ones(client, demo_data):
    for dataset in DATASETS:
        response = client.get(f"/donnees/cerise/{dataset.name}.csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == [column.name for column in dataset.columns], dataset.name
    projects = list(csv.reader(io.StringIO(client.get("/donnees/cerise/projects.csv").content.decode("utf-8-sig")),
                               delimiter=";"))
    assert len(projects) - 1 == Project.objects.public().filter(organisation__slug="cerise").count()


def test_json_carries_licence_fields_and_rows(client, demo_data):
    data = client.get("/donnees/cerise/actions.json").json()
    assert data["licence"] == "Licence Ouverte / Open Licence 2.0 (Etalab)"
    assert data["licence_url"].startswith("https://www.etalab.gouv.fr/")
    assert [field["name"] for field in data["fields"]][:3] == ["id", "plan_id", "plan"]
    assert data["fields"][0]["description"] == "Son numéro sur le site, le même dans l’API."
    assert data["rows"] and data["rows"][0]["url"].startswith("http://testserver/cerise/")


def test_the_organisation_chooses_its_licence(client, demo_data):
    OrganisationPage.objects.filter(slug="cerise").update(open_data_licence="odbl-1.0")
    assert client.get("/donnees/cerise/meetings.json").json()["licence"] == "Open Database License (ODbL) 1.0"
    readme = client.get("/donnees/cerise/LISEZMOI.md")
    assert readme["Content-Type"].startswith("text/markdown")
    text = readme.content.decode()
    assert "Open Database License (ODbL) 1.0" in text and "| `plan_items` |" in text
    assert "http://testserver/donnees/cerise/partners.csv" in text
    assert client.get("/api/v1/organisations/cerise/").json()["licence"] == "Open Database License (ODbL) 1.0"


def test_unknown_files_and_organisations_are_not_found(client, demo_data):
    assert client.get("/donnees/cerise/register.csv").status_code == 404
    assert client.get("/donnees/cerise/actions.xml").status_code == 404
    assert client.get("/donnees/nobody/").status_code == 404
    assert client.post("/donnees/cerise/actions.csv").status_code in (403, 405)
