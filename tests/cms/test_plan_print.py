"""The plan on paper: every level unfolded in an A4 PDF, linked from the
outline page (what it leaves out: tests/cms/test_privacy.py)."""

import io

import pytest
from pypdf import PdfReader

from tests.cms.factories import ActionFactory, AxisFactory, ObjectiveFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_the_printed_plan_unfolds_every_level(client):
    organisation = OrganisationFactory(title="Centre social des Tilleuls", slug="tilleuls")
    plan = PlanFactory(parent=organisation, slug="plan", title="Projet social 2026-2029")
    axis = AxisFactory(parent=plan, number="1", title="Vivre ensemble")
    objective = ObjectiveFactory(parent=axis, number="1.2", title="Rompre l'isolement")
    ActionFactory(parent=objective, number="1.2.1", title="Visites de convivialité", pilot="Marion")
    outline = client.get(plan.get_url() + "sommaire/").content.decode()
    assert f'href="{plan.get_url()}imprimer/"' in outline
    response = client.get(plan.get_url() + "imprimer/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Projet social 2026-2029" in text and "Centre social des Tilleuls".upper() in text.upper()
    for words in ("Vivre ensemble", "Rompre l'isolement", "Visites de convivialité", "Pilote : Marion"):
        assert words in text
