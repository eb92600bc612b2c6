"""Projects and plan imports in the organisation's audit log (issue 19):
what the staff and animators decide is recorded, not the carriers' own
moves."""

import pytest

from cms.services import plans_import
from participation.models import AuditAction, AuditEntry
from projects.models import ProjectStatus as S
from projects.services import project_hide, project_restore, project_transition

from .conftest import make_project, make_staff

pytestmark = pytest.mark.django_db


def test_the_staffs_status_changes_are_recorded_and_the_carriers_are_not(organisation, resident, staff):
    project = make_project(organisation, resident)
    assert not AuditEntry.objects.exists()  # the carriers' submission
    project_transition(user=staff, project=project, target=S.UNDER_REVIEW)
    project_transition(user=staff, project=project, target=S.DECLINED, message="Hors du projet social")
    entries = list(AuditEntry.objects.filter(action=AuditAction.PROJECT_STATUS).order_by("pk"))
    assert [(e.before, e.after["status"]) for e in entries] == [
        ({"status": S.SUBMITTED}, S.UNDER_REVIEW), ({"status": S.UNDER_REVIEW}, S.DECLINED)]
    assert entries[1].after["message"] == "Hors du projet social"
    assert entries[1].object_label == project.title and entries[1].actor == staff


def test_hiding_and_restoring_are_recorded(organisation, resident, staff):
    project = make_project(organisation, resident)
    project_hide(user=staff, project=project, reason="Données personnelles")
    project_restore(user=staff, project=project)
    hidden = AuditEntry.objects.get(action=AuditAction.PROJECT_HIDDEN)
    assert hidden.after == {"hidden": True, "reason": "Données personnelles"}
    assert AuditEntry.objects.get(action=AuditAction.PROJECT_RESTORED).before == {"hidden": True}


def test_a_plan_import_is_recorded_but_not_its_preview(organisation):
    administrator = make_staff(organisation, "admin-import", role="administrateur")
    plans = [{"title": "Projet social 2026", "slug": "ps", "items": [
        {"type": "axis", "title": "Vivre ensemble"}, {"type": "axis", "title": "Agir"}]}]
    plans_import(organisation=organisation, plans=plans, dry_run=True, user=administrator)
    assert not AuditEntry.objects.exists()
    plans_import(organisation=organisation, plans=plans, user=administrator)
    entry = AuditEntry.objects.get(action=AuditAction.PLAN_IMPORTED)
    assert entry.actor == administrator and entry.actor_role == "administrateur"
    assert entry.after["created"] >= 2 and entry.object_label == "Projet social 2026"
