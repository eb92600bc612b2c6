from django import template

register = template.Library()

WIDTH, BAR, GAP, LABEL = 560, 18, 8, 210


@register.inclusion_tag("bilan/_bar_chart.html")
def bar_chart(rows, title, chart_id):
    """Horizontal bars drawn on the server, for (label, value) rows; the
    table beside it carries the same figures for screen readers and print."""
    rows = [(str(label), value or 0) for label, value in rows]
    top = max([value for _label, value in rows] + [1])
    span = WIDTH - LABEL - 50
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR + GAP)
        bars.append({"label": label if len(label) <= 32 else label[:31] + "…", "value": value, "y": y,
                     "text_y": y + BAR * 0.72, "width": round(span * value / top, 1),
                     "value_x": LABEL + round(span * value / top, 1) + 6})
    return {"bars": bars, "title": title, "chart_id": chart_id, "width": WIDTH, "label_width": LABEL - 8,
            "bar_x": LABEL, "bar_height": BAR, "height": max(len(rows), 1) * (BAR + GAP)}


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def count(tally, kind):
    return tally.count(kind)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
