"""An administrator imports seed 004's spreadsheet from the admin."""

import re

import pytest

from tests.cms.seed004 import seed_xlsx

pytestmark = pytest.mark.e2e


def test_upload_preview_and_confirm_a_plan(admin_page, screenshots_dir):
    page = admin_page
    page.goto("/admin/plans/import/")
    page.set_input_files("#id_file", files=[{
        "name": "plan-entraide.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": seed_xlsx(),
    }])
    page.select_option("#id_organisation", label="Entraide et Solidarités")
    page.fill("#id_plan_slug", "plan-importe")
    page.get_by_role("button", name="Prévisualiser l’import").click()

    created = page.locator("[data-count=created]")
    created.wait_for()
    # Counted in the plan's own words, each item listed below.
    assert created.inner_text() == "Créés : 3 axes, 10 engagements, 26 objectifs opérationnels, 57 actions"
    assert page.locator("summary").filter(has_text="Voir les 104 éléments").count() == 1
    assert "nouveau plan" in page.content()
    page.screenshot(path=str(screenshots_dir / "admin-import-preview.png"), full_page=True)

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "importé : 104 créé(s)" in page.content()

    public = page.goto("/entraide-et-solidarites/plan-importe/sommaire/")
    assert public.status == 200
    assert page.locator("summary").filter(has_text="Assurer la pertinence").count() == 1


def test_a_bad_file_is_explained_and_nothing_is_imported(admin_page):
    page = admin_page
    page.goto("/admin/plans/import/")
    page.set_input_files("#id_file", files=[{"name": "plan.xlsx", "mimeType": "application/octet-stream",
                                             "buffer": b"\x00\x01 pas un tableur" * 50}])
    page.select_option("#id_organisation", label="CERISE")
    page.get_by_role("button", name="Prévisualiser l’import").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Rien n’a été importé." in alert.inner_text()
    assert "ni un tableur" in alert.inner_text()
