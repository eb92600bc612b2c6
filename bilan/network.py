"""A federation's (or a cooperation's) view: its member organisations'
bilans side by side and summed, as far as each shares them, and the
activity of its own working groups."""

from cms.models import OrganisationPage
from committees.models import CommitteeKind

from .counting import bilan_compute
from .models import BilanSharing, SharingLevel

PLAN_FIGURES = {"actions", "actions_done"}


def network_bilans(organisation: OrganisationPage, start, end) -> dict:
    members = list(OrganisationPage.objects.live().child_of(organisation).order_by("path"))
    levels = dict(BilanSharing.objects.filter(organisation__in=members).values_list("organisation_id", "level"))
    shared, withheld = [], []
    for member in members:
        level = levels.get(member.pk, SharingLevel.NOTHING)
        if level == SharingLevel.NOTHING:
            withheld.append(member)
            continue
        bilan = bilan_compute(member, start, end, public=True)
        shared.append({"organisation": member, "level": level, "bilan": bilan, "summary": bilan.summary(),
                       "axes": bilan.axis_rows() if level == SharingLevel.DETAIL else []})
    totals, plans = {}, set()
    for entry in shared:
        plan = entry["bilan"].plan
        for key, value in entry["summary"].items():
            if key in PLAN_FIGURES and (plan is None or plan.pk in plans):
                value = 0  # maisons sharing one plan: its actions count once
            totals[key] = totals.get(key, 0) + value
        if plan is not None:
            plans.add(plan.pk)
    own = bilan_compute(organisation, start, end, public=False)
    groups = [row for row in own.committees if row["kind_key"] == CommitteeKind.WORKING_GROUP]
    return {"members": shared, "withheld": withheld, "totals": totals, "own": own, "groups": groups,
            "start": start, "end": end}
