from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import ActionStatus
from core.forms import DATE


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                           help_text=_("What was done, with whom, what comes next. Blank lines separate "
                                       "paragraphs; lines starting with “- ” make a list."))
    status = forms.ChoiceField(label=_("Status of the action"), required=False,
                               choices=[("", _("Unchanged"))] + list(ActionStatus.choices))
    progress = forms.IntegerField(label=_("Progress (%)"), required=False, min_value=0, max_value=100,
                                  help_text=_("Empty: unchanged."))
    photo = forms.FileField(label=_("Photo"), required=False,
                            help_text=_("JPEG, PNG, WebP or GIF, 10 MB at most."))
    photo_alt = forms.CharField(label=_("Description of the photo"), required=False, max_length=250,
                                help_text=_("For those who cannot see it: what does it show?"))
    document = forms.FileField(label=_("Document"), required=False,
                               help_text=_("PDF, OpenDocument, Office without macros or text, 10 MB at most."))

    def __init__(self, *args, indicators=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        if editing:
            del self.fields["status"], self.fields["progress"]
            self.fields["remove_photo"] = forms.BooleanField(label=_("Remove the photo"), required=False)
            self.fields["remove_document"] = forms.BooleanField(label=_("Remove the document"), required=False)
            return
        for indicator in self.indicators:
            label = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=label, required=False, max_digits=12, decimal_places=2,
                help_text=_("Value measured on that date; empty: not measured."))

    def indicator_fields(self):
        return [self[f"indicator_{indicator.pk}"] for indicator in self.indicators if f"indicator_{indicator.pk}"
                in self.fields]

    def indicator_values(self) -> dict:
        return {indicator.pk: self.cleaned_data.get(f"indicator_{indicator.pk}") for indicator in self.indicators}


class PilotForm(forms.Form):
    person = forms.CharField(label=_("Display name or e-mail address"), max_length=254,
                             help_text=_("A person with a role in the organisation."))
