from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, TIME
from participation.models import MemberCategory

from .models import (
    VOTED_KINDS,
    AgendaItem,
    AssemblyKind,
    MajorityBase,
    ResolutionKind,
    Statutes,
    Threshold,
    VoteMethod,
)


class StatutesForm(forms.ModelForm):
    """The statutes' rules, with one line per kind of resolution for its
    majority (`threshold_<kind>`, `base_<kind>`)."""

    voting_categories = forms.MultipleChoiceField(
        label=_("Who may vote"), choices=MemberCategory.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of these categories, up to date on the day of the assembly, with a deliberative vote "
                    "in the register."))

    class Meta:
        model = Statutes
        fields = ["title", "voting_categories", "notice_days", "ordinary_quorum", "ordinary_quorum_number",
                  "ordinary_quorum_share", "extraordinary_quorum", "extraordinary_quorum_number",
                  "extraordinary_quorum_share", "quorum_counts_proxies", "second_call_lifts_quorum",
                  "proxies_allowed", "proxy_cap", "blank_proxies", "secret_elections"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        majorities = self.instance.majorities or {}
        for kind in VOTED_KINDS:
            rule = majorities.get(kind.value) or self.instance.majority(kind.value).__dict__
            self.fields[f"threshold_{kind.value}"] = forms.ChoiceField(
                label=_("Majority"), choices=Threshold.choices, initial=rule["threshold"])
            self.fields[f"base_{kind.value}"] = forms.ChoiceField(
                label=_("Counted"), choices=MajorityBase.choices, initial=rule["base"])

    def majority_rows(self):
        return [(kind.label, self[f"threshold_{kind.value}"], self[f"base_{kind.value}"]) for kind in VOTED_KINDS]

    def values(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items()
                if not name.startswith(("threshold_", "base_"))}
        data["majorities"] = {kind.value: {"threshold": self.cleaned_data[f"threshold_{kind.value}"],
                                           "base": self.cleaned_data[f"base_{kind.value}"]} for kind in VOTED_KINDS}
        return data


class AssemblyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, initial=_("Annual general assembly"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AssemblyKind.choices, initial=AssemblyKind.ORDINARY)
    statutes = forms.ModelChoiceField(label=_("Statutes"), queryset=Statutes.objects.none(), empty_label=None)
    day = forms.DateField(label=_("Date"), widget=DATE)
    at = forms.TimeField(label=_("Time"), widget=TIME, initial=time(18, 30))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online = forms.BooleanField(label=_("Members may also take part online"), required=False)
    online_link = forms.URLField(label=_("Link to the online meeting"), required=False,
                                 help_text=_("Shown to the members only."))
    second_call = forms.BooleanField(
        label=_("Second convocation"), required=False,
        help_text=_("Convened again after a first assembly did not reach its quorum."))
    president = forms.ModelChoiceField(
        label=_("President of the session"), required=False, queryset=None,
        help_text=_("Usually the association's president; carries the blank proxies."))

    def __init__(self, *args, organisation, **kwargs):
        from participation.models import RegisterMember

        super().__init__(*args, **kwargs)
        self.fields["statutes"].queryset = Statutes.objects.filter(organisation=organisation)
        self.fields["president"].queryset = RegisterMember.objects.filter(organisation=organisation)
        self.fields["president"].empty_label = _("Not chosen yet")

    @staticmethod
    def initial_from(assembly) -> dict:
        local = timezone.localtime(assembly.starts_at)
        return {"title": assembly.title, "kind": assembly.kind, "statutes": assembly.statutes_id, "day": local.date(),
                "at": local.time(), "place": assembly.place, "online": assembly.online,
                "online_link": assembly.online_link, "second_call": assembly.second_call,
                "president": assembly.president_id}

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        day, at = data.pop("day"), data.pop("at")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, at))
        return data


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(kind.value, kind.label) for kind in ResolutionKind
                                                       if kind != ResolutionKind.MISC])
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the resolution"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For instance: “The general assembly approves the moral report.”"))
    method = forms.ChoiceField(label=_("How it is voted"), choices=VoteMethod.choices, initial=VoteMethod.HANDS,
                               widget=forms.RadioSelect)
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=100, initial=1,
                               help_text=_("Elections: how many people are elected at most."))
    candidates = forms.CharField(label=_("Candidates"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("Elections: one name per line."))

    @staticmethod
    def initial_from(item: AgendaItem) -> dict:
        return {"kind": item.kind, "title": item.title, "text": item.text, "method": item.method, "seats": item.seats,
                "candidates": "\n".join(candidate.name for candidate in item.candidates.all())}

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["candidates"] = data["candidates"].splitlines()
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, help_text=_("For instance “Rapport moral 2025”."))
    file = forms.FileField(label=_("File (PDF, OpenDocument, Office, text; 10 MB at most)"))


class HelpersForm(forms.Form):
    people = forms.CharField(
        label=_("Volunteers at the door"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their display names or e-mail addresses, one per line: they tick arrivals at the door."))


class ProxyForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("The member who will vote for you"), queryset=None, required=False,
                                    empty_label=_("Choose a member"))
    to_president = forms.BooleanField(label=_("Blank: the president of the session votes for me"), required=False)

    def __init__(self, *args, members, blank_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = members
        if not blank_allowed:
            del self.fields["to_president"]


class PaperProxyForm(ProxyForm):
    giver = forms.ModelChoiceField(label=_("The member giving the proxy"), queryset=None,
                                   empty_label=_("Choose a member"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, members=members, **kwargs)
        self.fields["giver"].queryset = members
        self.fields["holder"].label = _("The member carrying it")
        self.order_fields(["giver", "holder", "to_president"])


class NewMemberForm(forms.Form):
    name = forms.CharField(label=_("First name and name"), max_length=160)
    email = forms.EmailField(label=_("E-mail address (optional)"), required=False)


class OpenForm(forms.Form):
    president = forms.ModelChoiceField(label=_("President of the session"), queryset=None, required=False,
                                       empty_label=_("Someone not in the register: name below"))
    president_name = forms.CharField(label=_("President's name, if not in the register"), max_length=160,
                                     required=False)
    secretary_name = forms.CharField(label=_("Secretary of the session"), max_length=160)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["president"].queryset = members


class CountForm(forms.Form):
    """A show of hands or a paper ballot's count; for an election, one
    field per candidate (`candidate_<id>`)."""

    votes_for = forms.IntegerField(label=_("For"), min_value=0, required=False)
    against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    ballots = forms.IntegerField(label=_("Ballots in the box"), min_value=0, required=False)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, required=False)
    spoilt = forms.IntegerField(label=_("Spoilt ballots"), min_value=0, required=False)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        paper = item.method == VoteMethod.PAPER
        keep = {"ballots", "blank", "spoilt"} if paper else {"abstentions"}
        if not item.is_election:
            keep |= {"votes_for", "against"}
        else:
            self.fields["abstentions"].label = _("Voices naming nobody (abstentions)")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
            else:
                self.fields[name].required = True
        self.candidate_fields = []
        for candidate in item.candidates.all() if item.is_election else []:
            name = f"candidate_{candidate.pk}"
            self.fields[name] = forms.IntegerField(label=candidate.name, min_value=0)
            self.candidate_fields.append(name)

    def values(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if not name.startswith("candidate_")}
        if self.item.is_election:
            data["candidates"] = {int(name.removeprefix("candidate_")): self.cleaned_data[name]
                                  for name in self.candidate_fields}
        return data


class MinutesForm(forms.Form):
    president_name = forms.CharField(label=_("President of the session"), max_length=160)
    secretary_name = forms.CharField(label=_("Secretary of the session"), max_length=160)
    summary = forms.CharField(label=_("Summary of the debates"), required=False, max_length=20_000,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for number, item in enumerate(items, start=1):
            name = f"debate_{item.pk}"
            self.fields[name] = forms.CharField(label=f"{number}. {item.title}", required=False, max_length=10_000,
                                                widget=forms.Textarea(attrs={"rows": 3}), initial=item.debate)
            self.item_fields.append(self[name])

    def debates(self) -> dict:
        return {int(name.removeprefix("debate_")): value for name, value in self.cleaned_data.items()
                if name.startswith("debate_")}
