from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ActionPage, ActionStatus, AxisPage, PlanPage
from .visibility import visible

NOT_SET = "non-renseigne"


class ActionFilterForm(forms.Form):
    """Filters of a plan's action list; every field is optional and an
    unknown value is reported, not silently ignored."""

    axis = forms.TypedChoiceField(label=_("Axis"), required=False, coerce=int, empty_value=None)
    pilot = forms.ChoiceField(label=_("Pilot"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plan: PlanPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        everything = [("", _("All"))]
        every_period = [("", pgettext_lazy("feminine: all periods", "All"))]
        self.axes = {axis.pk: axis for axis in visible(AxisPage.objects, within=plan.path).filter(plan=plan)
                     .order_by("path")}
        self.fields["axis"].label = plan.axis_label
        self.fields["axis"].choices = everything + [(pk, axis.heading) for pk, axis in self.axes.items()]
        pilots = (
            visible(ActionPage.objects, within=plan.path).filter(plan=plan).exclude(pilot="").order_by("pilot")
            .values_list("pilot", flat=True).distinct()
        )
        self.fields["pilot"].choices = everything + [(pilot, pilot) for pilot in pilots]
        self.fields["status"].choices = everything + list(ActionStatus.choices) + [(NOT_SET, _("Not reported"))]
        self.fields["period"].choices = every_period + [(p.pk, p.label) for p in plan.periods.all()]
        if not self.axes:
            del self.fields["axis"]
        if len(self.fields["period"].choices) == 1:
            del self.fields["period"]

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
        }
