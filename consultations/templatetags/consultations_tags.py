from django import template
from django.utils.translation import gettext as _

from ..results import percent as percent_text
from ..selectors import committee_consultations, plan_item_consultations

register = template.Library()


@register.filter
def percent(share) -> str:
    return percent_text(share)


@register.filter
def stacked(cells) -> list[tuple[str, str, int]]:
    """(count, share) per grade -> (x, width, grade index) segments of a 100-wide bar."""
    segments, x = [], 0.0
    for index, (_count, share) in enumerate(cells):
        width = float(share) * 100
        if width:
            segments.append((f"{x:.2f}", f"{width:.2f}", index))
        x += width
    return segments


@register.inclusion_tag("consultations/_consultation_links.html", takes_context=True)
def plan_item_consultation_list(context, page):
    """On an action page: its consultations, their state and, once visible, a link to the results."""
    request = context.get("request")
    return {"consultations": plan_item_consultations(page, request.user), "heading_id": f"consultations-{page.pk}"}


@register.inclusion_tag("consultations/_consultation_links.html", takes_context=True)
def committee_consultation_list(context, committee, can_manage: bool = False):
    """On a committee page, which already knows whether the person runs it."""
    request = context.get("request")
    return {"consultations": committee_consultations(committee, request.user),
            "heading_id": f"committee-consultations-{committee.pk}", "committee": committee,
            "can_create": can_manage}


@register.simple_tag
def ballot_answer(ballot, question) -> str:
    """A public ballot's answer to one question, in words."""
    from ..forms import GRADE_LABELS, YES_NO_LABELS
    from ..models import Method

    labels = {option.pk: option.label for option in question.options.all()}
    answers = [answer for answer in ballot.answers.all() if answer.question_id == question.pk]
    if not answers:
        return "—"
    if question.method == Method.YES_NO:
        return str(YES_NO_LABELS[answers[0].value])
    if question.method in (Method.SINGLE, Method.MULTIPLE):
        return ", ".join(labels[answer.option_id] for answer in answers)
    if question.method == Method.RANKING:
        ranked = sorted(answers, key=lambda a: a.rank)
        return ", ".join(f"{answer.rank}. {labels[answer.option_id]}" for answer in ranked)
    if question.method == Method.MAJORITY:
        return ", ".join(_("%(option)s: %(answer)s") % {"option": labels[answer.option_id],
                                                         "answer": GRADE_LABELS[answer.value]} for answer in answers)
    return ", ".join(_("%(option)s: %(answer)s") % {"option": labels[answer.option_id], "answer": answer.value}
                     for answer in answers)
