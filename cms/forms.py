from collections import Counter

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .importing.layout import normalise
from .models import ActionPage, ActionStatus, ActionTag, AxisPage, PlanPage, TagKind
from .visibility import visible

NOT_SET = "non-renseigne"


class ActionFilterForm(forms.Form):
    """Filters of a plan's action list; every field is optional and an
    unknown value is reported, not silently ignored."""

    axis = forms.TypedChoiceField(label=_("Axis"), required=False, coerce=int, empty_value=None)
    pilot = forms.ChoiceField(label=_("Pilot"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)
    public = forms.ChoiceField(label=_("Public"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False)

    def __init__(self, *args, plan: PlanPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        everything = [("", _("All"))]
        every_period = [("", pgettext_lazy("feminine: all periods", "All"))]
        self.axes = {axis.pk: axis for axis in visible(AxisPage.objects, within=plan.path).filter(plan=plan)
                     .order_by("path")}
        self.fields["axis"].label = plan.axis_label
        self.fields["axis"].choices = everything + [(pk, axis.heading) for pk, axis in self.axes.items()]
        self.fields["pilot"].choices = everything + pilot_choices(plan)
        self.fields["status"].choices = everything + list(ActionStatus.choices) + [(NOT_SET, _("Not reported"))]
        self.fields["period"].choices = every_period + [(p.pk, p.label) for p in plan.periods.all()]
        if not self.axes:
            del self.fields["axis"]
        if len(self.fields["period"].choices) == 1:
            del self.fields["period"]
        used = ActionTag.objects.filter(
            Q(public_actions__plan=plan, public_actions__live=True) | Q(domain_actions__plan=plan,
                                                                        domain_actions__live=True)).distinct()
        for name, kind in (("public", TagKind.PUBLIC), ("domain", TagKind.DOMAIN)):
            tags = [tag for tag in used if tag.kind == kind]
            if tags:
                self.fields[name].choices = everything + [(tag.slug, tag.name) for tag in tags]
            else:
                del self.fields[name]

    def cleaned_filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        status = data.get("status")
        return {
            "branch": self.axes.get(data.get("axis")),
            "pilot": data.get("pilot"),
            "status": "" if status == NOT_SET else (status or None),
            "period": data.get("period"),
            "public": data.get("public"),
            "domain": data.get("domain"),
        }


def pilot_key(pilot: str) -> str:
    """"Directeurs de Pôles" and "directeurs de poles " are one pilot."""
    return normalise(pilot)


def pilot_choices(plan: PlanPage) -> list[tuple[str, str]]:
    """One choice per pilot however the plan spells them, named by the
    spelling the plan uses most (the first in plan order on a tie)."""
    spellings: dict[str, Counter] = {}
    pilots = visible(ActionPage.objects, within=plan.path).filter(plan=plan).exclude(pilot="")
    for pilot in pilots.order_by("path").values_list("pilot", flat=True):
        spellings.setdefault(pilot_key(pilot), Counter())[pilot.strip()] += 1
    choices = [(key, counts.most_common(1)[0][0]) for key, counts in spellings.items() if key]
    return sorted(choices, key=lambda choice: choice[0])
