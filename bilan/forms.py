import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE

from .models import BilanSharing


class PeriodForm(forms.Form):
    """The period of the bilan (12 months to today unless chosen) and, for an
    organisation with several plans, the plan it is read against."""

    du = forms.DateField(label=_("From"), required=False, widget=DATE)
    au = forms.DateField(label=_("To"), required=False, widget=DATE)
    plan = forms.TypedChoiceField(label=_("Plan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # show the period the page covers
            self.initial.setdefault("au", timezone.localdate())
            self.initial.setdefault("du", self.initial["au"].replace(year=self.initial["au"].year - 1)
                                    + datetime.timedelta(days=1))
        self.plans = {plan.pk: plan for plan in plans}
        if len(self.plans) > 1:
            self.fields["plan"].choices = [(pk, plan.title) for pk, plan in self.plans.items()]
        else:
            del self.fields["plan"]

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            raise forms.ValidationError(_("The end of the period cannot come before its start."))
        if data.get("du") and data.get("au") and (data["au"] - data["du"]).days > 366 * 10:
            raise forms.ValidationError(_("A bilan covers ten years at most."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("au") or today
        start = data.get("du") or end.replace(year=end.year - 1) + datetime.timedelta(days=1)
        return start, end

    def chosen_plan(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self.plans.get(data.get("plan"))


class SharingForm(forms.ModelForm):
    class Meta:
        model = BilanSharing
        fields = ["public", "level"]
        widgets = {"level": forms.RadioSelect}


class PlanCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=255)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("first_year") and data.get("last_year") and data["last_year"] < data["first_year"]:
            raise forms.ValidationError(_("The last year cannot come before the first year."))
        return data
