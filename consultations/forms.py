"""Forms: a consultation's settings, its questions, and the ballot, built
from the questions (the same form for online votes and paper entries)."""

import secrets
from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.models import ActionPage
from cms.models.nodes import PLAIN_LANGUAGE_RULES
from cms.selectors import organisation_plan_items
from core.forms import DATE, TIME

from . import counting
from .models import Consultation, Eligibility, Method, Question, ResultsVisibility
from .sealing import receipt_new

# Majority judgment grades, best first (index = stored value).
GRADE_LABELS = (
    pgettext_lazy("grade", "Excellent"), pgettext_lazy("grade", "Very good"), pgettext_lazy("grade", "Good"),
    pgettext_lazy("grade", "Fairly good"), pgettext_lazy("grade", "Passable"), pgettext_lazy("grade", "Poor"),
    pgettext_lazy("grade", "To reject"),
)
YES_NO_LABELS = {counting.YES: pgettext_lazy("vote", "For"), counting.NO: pgettext_lazy("vote", "Against"),
                 counting.ABSTAIN: pgettext_lazy("vote", "Abstention")}


def _combine(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160,
                            help_text=_("The question in a few words, e.g. “Which formula for the café?”"))
    context = forms.CharField(
        label=_("Context"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is at stake and what will be done with the answers. Blank lines separate paragraphs; "
                    "lines starting with “- ” make a list."),
    )
    plain_summary = forms.CharField(label=_("In plain language (optional)"), max_length=1500, required=False,
                                    help_text=PLAIN_LANGUAGE_RULES, widget=forms.Textarea(attrs={"rows": 4}))
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    committee = forms.TypedChoiceField(label=_("Committee running it"), coerce=int, required=False, empty_value=None)
    actions = forms.TypedMultipleChoiceField(
        label=_("Plan actions concerned"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The consultation is listed on these action pages."),
    )
    opens_day = forms.DateField(label=_("Opening date"), widget=DATE)
    opens_time = forms.TimeField(label=_("Opening time"), widget=TIME, initial=time(9, 0))
    closes_day = forms.DateField(label=_("Closing date"), widget=DATE)
    closes_time = forms.TimeField(label=_("Closing time"), widget=TIME, initial=time(18, 0))
    eligibility = forms.ChoiceField(label=_("Who may vote"), choices=Eligibility.choices,
                                    widget=forms.RadioSelect, initial=Eligibility.ORGANISATION)
    secret = forms.TypedChoiceField(
        label=_("Ballot"), coerce=lambda value: value == "secret", widget=forms.RadioSelect, initial="secret",
        choices=[("secret", _("Secret: nobody can see who voted what; each voter gets a receipt code")),
                 ("public", _("Public: everyone sees each person's ballot"))],
    )
    results_visibility = forms.ChoiceField(
        label=_("Results shown"), choices=ResultsVisibility.choices, widget=forms.RadioSelect,
        initial=ResultsVisibility.AFTER,
        help_text=_("Live results of a secret ballot change only by groups of ballots (see below): comparing two "
                    "updates must never tell how one person voted. But whoever casts all the other ballots of a "
                    "group reads the last one: with few voters, or where someone could cast several (accounts "
                    "anyone can create), show the results once the vote is closed."),
    )
    live_step = forms.IntegerField(
        label=_("Secret ballot with live results: ballots per update"), min_value=3, max_value=1000, initial=5,
        required=False,
        help_text=_("The results shown change only once at least this many new ballots are in, and always leave "
                    "out at least this many of the latest ones. The larger it is, the better each vote is hidden; "
                    "the first results appear after twice this number of ballots."),
    )
    quorum = forms.IntegerField(label=_("Quorum"), min_value=0, max_value=100_000, initial=0,
                                help_text=_("Minimum number of voters for the results to count; 0 for none."))
    changes_allowed = forms.BooleanField(
        label=_("Voters may change their vote until closing"), required=False,
        help_text=_("With a secret ballot, the voter changes their vote with their receipt code."),
    )

    def __init__(self, *args, organisations, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.committees = {committee.pk: committee for committee in committees}
        self.fields["organisation"].choices = [(pk, org.title) for pk, org in self.organisations.items()]
        if len(self.organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = next(iter(self.organisations))
        self.fields["committee"].choices = [("", _("No committee: the organisation"))] + [
            (pk, f"{committee.name} ({committee.organisation.title})") for pk, committee in self.committees.items()
        ]
        self.actions = {}
        groups = {}
        for organisation in self.organisations.values():
            for item in organisation_plan_items(organisation):
                if isinstance(item, ActionPage):
                    self.actions[item.pk] = (organisation.pk, item)
                    label = f"{item.number} {item.title}".strip() if item.number else item.title
                    groups.setdefault(f"{organisation.title} · {item.plan.title}", []).append((item.pk, label))
        self.fields["actions"].choices = list(groups.items())

    @classmethod
    def initial_from(cls, consultation: Consultation) -> dict:
        opens, closes = timezone.localtime(consultation.opens_at), timezone.localtime(consultation.closes_at)
        return {
            "title": consultation.title, "context": consultation.context, "plain_summary": consultation.plain_summary,
            "organisation": consultation.organisation_id, "committee": consultation.committee_id,
            "actions": [action.pk for action in consultation.actions.all()],
            "opens_day": opens.date(), "opens_time": opens.time(), "closes_day": closes.date(),
            "closes_time": closes.time(), "eligibility": consultation.eligibility,
            "secret": "secret" if consultation.secret else "public",
            "results_visibility": consultation.results_visibility, "live_step": consultation.live_step,
            "quorum": consultation.quorum, "changes_allowed": consultation.changes_allowed,
        }

    @classmethod
    def initial_new(cls) -> dict:
        today = timezone.localdate()
        return {"opens_day": today, "closes_day": today + timedelta(days=14)}

    def clean(self):
        data = super().clean()
        organisation_id = data.get("organisation")
        committee_id = data.get("committee")
        if committee_id and self.committees[committee_id].organisation_id != organisation_id:
            self.add_error("committee", _("This committee belongs to another organisation."))
        if any(self.actions[pk][0] != organisation_id for pk in data.get("actions", [])):
            self.add_error("actions", _("Choose actions of the organisation's own plan."))
        if all(data.get(name) for name in ("opens_day", "opens_time", "closes_day", "closes_time")):
            data["opens_at"] = _combine(data["opens_day"], data["opens_time"])
            data["closes_at"] = _combine(data["closes_day"], data["closes_time"])
            if data["closes_at"] <= data["opens_at"]:
                self.add_error("closes_day", _("The vote must close after it opens."))
        return data

    def values(self) -> dict:
        """The settings to save; a disabled field (a rule locked once people
        have voted) is not the person's input and is left out."""
        data = self.cleaned_data
        values = {
            "title": data["title"], "context": data["context"], "plain_summary": data["plain_summary"],
            "committee": self.committees.get(data["committee"]) if data["committee"] else None,
            "opens_at": data["opens_at"], "closes_at": data["closes_at"], "eligibility": data["eligibility"],
            "secret": data["secret"], "results_visibility": data["results_visibility"],
            "live_step": data["live_step"] or 5, "quorum": data["quorum"], "changes_allowed": data["changes_allowed"],
            "actions": [self.actions[pk][1] for pk in data["actions"]],
        }
        disabled = {name for name, field in self.fields.items() if field.disabled}
        if {"opens_day", "opens_time"} & disabled:
            disabled.add("opens_at")
        return {name: value for name, value in values.items() if name not in disabled}


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=500, required=False)
    method = forms.ChoiceField(label=_("How people answer"), choices=Method.choices, widget=forms.RadioSelect)
    options = forms.CharField(
        label=_("Options, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Not needed for “For / against / abstention”."),
    )
    min_choices = forms.IntegerField(label=_("Multiple choice: minimum number of choices"), min_value=1,
                                     max_value=50, initial=1)
    max_choices = forms.IntegerField(label=_("Multiple choice: maximum number of choices (empty: no limit)"),
                                     min_value=1, max_value=50, required=False)
    score_min = forms.IntegerField(label=_("Score: lowest"), min_value=-10, max_value=100, initial=0)
    score_max = forms.IntegerField(label=_("Score: highest"), min_value=-9, max_value=100, initial=5)

    @classmethod
    def initial_from(cls, question: Question) -> dict:
        return {
            "text": question.text, "help_text": question.help_text, "method": question.method,
            "options": "\n".join(option.label for option in question.options.all()),
            "min_choices": question.min_choices, "max_choices": question.max_choices,
            "score_min": question.score_min, "score_max": question.score_max,
        }

    def clean(self):
        data = super().clean()
        if data.get("score_min") is not None and data.get("score_max") is not None \
                and data["score_max"] <= data["score_min"]:
            self.add_error("score_max", _("The highest score must be above the lowest."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("text", "help_text", "method", "min_choices", "max_choices",
                                                "score_min", "score_max")}
        return {"labels": (data.get("options") or "").splitlines(), **fields}


BLANK = ""


class BallotForm(forms.Form):
    """One field per question, or per option for the methods that rate each
    option; every answer may stay empty (a blank vote on that question)."""

    def __init__(self, *args, questions: list[Question], ask_receipt: bool = False, new_receipt: bool = False,
                 entry: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.layout = []
        for question in questions:
            self.layout.append((question, self._add(question)))
        if new_receipt:
            # The receipt code of a first secret vote travels with the form,
            # so that the server never keeps it and yet can show it again
            # when the same ballot is sent twice (a double click, a reload).
            self.fields["new_receipt"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20,
                                                         initial=receipt_new)
        if entry:
            # One paper ballot per form shown: a double click counts it once.
            self.fields["entry"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64,
                                                   initial=lambda: secrets.token_urlsafe(24))
        if ask_receipt:
            self.fields["receipt"] = forms.CharField(
                label=_("Your receipt code"), max_length=20, required=True,
                help_text=_("The code you received when you voted, e.g. ABCD-EFGH-JKLM."),
            )

    def _add(self, question: Question) -> list[str]:
        name = f"q{question.pk}"
        options = [(option.pk, option.label) for option in question.options.all()]
        method = question.method
        if method == Method.YES_NO:
            self.fields[name] = forms.TypedChoiceField(
                label=question.text, coerce=int, required=False, empty_value=None, widget=forms.RadioSelect,
                choices=list(YES_NO_LABELS.items()))
            return [name]
        if method == Method.SINGLE:
            self.fields[name] = forms.TypedChoiceField(label=question.text, coerce=int, required=False,
                                                       empty_value=None, widget=forms.RadioSelect, choices=options)
            return [name]
        if method == Method.MULTIPLE:
            self.fields[name] = forms.TypedMultipleChoiceField(label=question.text, coerce=int, required=False,
                                                               widget=forms.CheckboxSelectMultiple, choices=options)
            return [name]
        names = []
        for option_id, label in options:
            option_name = f"{name}_o{option_id}"
            if method == Method.RANKING:
                choices = [(BLANK, _("Not ranked"))] + [(rank, rank) for rank in range(1, len(options) + 1)]
                field = forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None,
                                               choices=choices)
            elif method == Method.MAJORITY:
                field = forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None,
                                               widget=forms.RadioSelect, choices=list(enumerate(GRADE_LABELS)))
            else:
                values = range(question.score_min, question.score_max + 1)
                field = forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None,
                                               widget=forms.RadioSelect, choices=[(v, v) for v in values])
            field.option_id = option_id
            self.fields[option_name] = field
            names.append(option_name)
        return names

    def clean(self):
        data = super().clean()
        for question, names in self.layout:
            if question.method == Method.RANKING:
                ranks = [data.get(name) for name in names if data.get(name) is not None]
                if len(ranks) != len(set(ranks)):
                    self.add_error(names[0], _("Give each rank only once."))
            if question.method == Method.MULTIPLE:
                chosen = data.get(names[0]) or []
                maximum = question.choices_max
                if chosen and not question.min_choices <= len(chosen) <= maximum:
                    self.add_error(names[0], _("Choose between %(min)s and %(max)s options.")
                                   % {"min": question.min_choices, "max": maximum})
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for question, names in self.layout:
            if question.method in (Method.YES_NO, Method.SINGLE):
                answers[question.pk] = data.get(names[0])
            elif question.method == Method.MULTIPLE:
                answers[question.pk] = set(data.get(names[0]) or ())
            else:
                answers[question.pk] = {self.fields[name].option_id: data[name] for name in names
                                        if data.get(name) is not None}
        return answers

    def rows(self):
        """(question, bound fields) for the template."""
        return [(question, [self[name] for name in names]) for question, names in self.layout]


class PaperVoterForm(forms.Form):
    person = forms.CharField(label=_("Display name or email address of the voter"), max_length=254)


class SignersForm(forms.Form):
    """The register of an anonymous paper batch: who signed it."""

    signers = forms.CharField(
        label=_("Signers with an account"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One display name or email address per line, as on the paper register. They can then no "
                    "longer vote online."),
    )
    unnamed_signatures = forms.IntegerField(
        label=_("Signatures of people without an account"), min_value=0, max_value=100_000, initial=0, required=False,
    )

    def clean_unnamed_signatures(self):
        return self.cleaned_data.get("unnamed_signatures") or 0

    def names(self) -> list[tuple[int, str]]:
        """(line number, name) of each non-empty line."""
        return [(number, line.strip()) for number, line in
                enumerate((self.cleaned_data.get("signers") or "").splitlines(), 1) if line.strip()]


class PaperBatchForm(SignersForm):
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False,
                           help_text=_("Where and when the ballots were collected."))


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


