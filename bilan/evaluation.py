"""The evaluation chapter of the next projet social: per objective, what was
planned, what was done, the indicators reached, who took part and what the
residents said, from the same bilan as the page."""

from django.contrib.contenttypes.models import ContentType

from cms.models import ActionStatus
from participation.models import Comment

from .counting import Bilan

QUOTES = 5


def _evaluated_level(bilan: Bilan) -> str:
    levels = {row.level for row in bilan.plan_rows}
    return next((level for level in ("objective", "goal", "axis") if level in levels), "action")


def evaluation_rows(bilan: Bilan) -> dict:
    if bilan.tree is None:
        return {"level": "", "rows": []}
    level = _evaluated_level(bilan)
    rows_by_page = {row.page.pk: row for row in bilan.plan_rows}
    indicators: dict[int, list] = {}
    for row in bilan.indicators:
        indicators.setdefault(row["page"].pk, []).append(row)
    nodes, stack = [], list(bilan.tree.children)
    while stack:
        node = stack.pop(0)
        if node.page.level == level:
            nodes.append(node)
        else:
            stack = list(node.children) + stack
    quotes = _quotes(bilan)
    rows = []
    for node in nodes:
        pages, inner = [], [node]
        while inner:
            current = inner.pop()
            pages.append(current.page.pk)
            inner.extend(current.children)
        actions = node.actions
        rows.append({
            "node": node, "row": rows_by_page[node.page.pk], "actions": actions,
            "done": [a for a in actions if a.status == ActionStatus.DONE],
            "ongoing": [a for a in actions if a.status in (ActionStatus.IN_PROGRESS, ActionStatus.LATE)],
            "not_started": [a for a in actions if a.status in ("", ActionStatus.PLANNED)],
            "abandoned": [a for a in actions if a.status == ActionStatus.ABANDONED],
            "indicators": [i for pk in pages for i in indicators.get(pk, [])],
            "quotes": sorted((q for pk in pages for q in quotes.get(pk, [])), key=lambda q: q["submit_date"],
                             reverse=True)[:QUOTES],
        })
    return {"level": level, "level_label": bilan.plan.level_label(level, plural=True), "rows": rows}


def _quotes(bilan: Bilan) -> dict[int, list]:
    """Published comments of the period on the plan's pages, by page (no
    names: the chapter quotes what residents said, not who)."""
    from cms.models import ActionPage, AxisPage, GoalPage, ObjectivePage

    types = ContentType.objects.get_for_models(AxisPage, GoalPage, ObjectivePage, ActionPage).values()
    found: dict[int, list] = {}
    for comment in Comment.objects.filter(
            organisation=bilan.organisation, content_type__in=list(types), submit_date__date__gte=bilan.start,
            submit_date__date__lte=bilan.end).published().values("comment", "submit_date", "object_pk"):
        found.setdefault(int(comment["object_pk"]), []).append(comment)
    return found
