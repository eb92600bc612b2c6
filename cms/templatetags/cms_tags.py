from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from cms.models import ActionStatus
from core.sanitising import render_user_text

register = template.Library()

STATUS_ICONS = {
    ActionStatus.PLANNED: "○",
    ActionStatus.IN_PROGRESS: "◐",
    ActionStatus.DONE: "●",
    ActionStatus.LATE: "!",
    ActionStatus.ABANDONED: "×",
    "": "",
}


@register.inclusion_tag("includes/status.html")
def action_status(action, short=False):
    """The status as an icon and a word, never as a colour alone; `short`
    where a "Status" label already stands before it."""
    status = action.status or ""
    if status:
        label = action.get_status_display()
    else:
        label = _("Not reported") if short else _("Status not reported")
    return {"status": status or "none", "icon": STATUS_ICONS.get(status, ""), "label": label}


@register.inclusion_tag("includes/progress.html")
def progress_bar(progress, label=""):
    return {"progress": progress, "label": label}


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 24


@register.inclusion_tag("includes/indicator.html")
def indicator_chart(indicator):
    """A small bar chart of the measured values, drawn on the server; the
    table beside it carries the same figures for screen readers."""
    values = list(indicator.values.all())
    bars = []
    if values:
        top = max([v.value for v in values] + [indicator.target or Decimal(0)]) or Decimal(1)
        slot = (CHART_WIDTH - CHART_PAD) / len(values)
        for i, measured in enumerate(values):
            height = float(measured.value / top) * (CHART_HEIGHT - CHART_PAD)
            bars.append(
                {
                    "x": round(CHART_PAD + i * slot + slot * 0.15, 1),
                    "y": round(CHART_HEIGHT - CHART_PAD / 2 - height, 1),
                    "width": round(slot * 0.7, 1),
                    "height": round(height, 1),
                    "value": measured,
                }
            )
        target_y = (
            round(CHART_HEIGHT - CHART_PAD / 2 - float(indicator.target / top) * (CHART_HEIGHT - CHART_PAD), 1)
            if indicator.target
            else None
        )
    else:
        target_y = None
    return {
        "indicator": indicator,
        "values": values,
        "bars": bars,
        "target_y": target_y,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_PAD / 2,
    }


@register.filter
def user_text(text):
    """A contribution's text, rendered by the project's one sanitising module."""
    return render_user_text(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
