"""Demo journal entries (the `journal` section of cms/demo_data/*.yaml):
written with the demo accounts, dated from the day the demo is loaded,
marked as demo content. Idempotent: an entry found again is left alone."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cms.models import ActionPage

from .models import JournalEntry
from .services import entry_create


def _action(organisation, key: str) -> ActionPage:
    """An action of the organisation's plans (or the plan it shares), by
    number or by title."""
    parent_path = organisation.path[: -organisation.steplen]
    actions = ActionPage.objects.filter(Q(plan__path__startswith=organisation.path) | Q(
        plan__path__startswith=parent_path, plan__depth=organisation.depth)).select_related("plan")
    return actions.filter(Q(number=key) | Q(title=key)).order_by("path").first()


def demo_data_load(*, organisation, data: dict) -> list[str]:
    rows = data.get("journal") or []
    if not rows:
        return []
    today = timezone.localdate()
    created = 0
    for row in sorted(rows, key=lambda row: -row["days_ago"]):
        action = _action(organisation, str(row["action"]))
        if action is None:
            raise ValueError(f"demo journal: no action “{row['action']}” in {organisation.title}")
        date = today - timedelta(days=row["days_ago"])
        if JournalEntry.objects.filter(action=action, date=date, demo=True).exists():
            continue
        author = get_user_model().objects.get(email=row["author"])
        entry_create(user=author, action=action, date=date, text=row["text"], status=row.get("status", ""),
                     progress=row.get("progress"), demo=True, notify=False,
                     indicator_values=row.get("indicators") or {})
        created += 1
    return [f"{created} journal entries created" if created else "journal unchanged"]
