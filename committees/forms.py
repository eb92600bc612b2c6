"""Forms of the committee pages: joining, running the committee, its meetings."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.selectors import organisation_plan_item_choices
from core.forms import DATE, TIME
from participation.forms import consent_field

from .models import AttendanceAnswer, CommitteeRole, ContentVisibility, Meeting, MembershipPolicy


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the animators (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you would like to join, what you would bring."),
    )
    listed = forms.BooleanField(label=_("Show my name in the public list of members"), required=False,
                                help_text=_("You can change your mind at any time."))


class ListingForm(forms.Form):
    listed = forms.BooleanField(label=_("Show my name in the public list of members"), required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))],
                                 widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Message to the person (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AppointForm(forms.Form):
    person = forms.CharField(
        label=_("Display name or email address"), max_length=254,
        help_text=_("Someone with a role in the organisation (resident, volunteer, partner, staff)."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices, initial=CommitteeRole.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices)


class CommitteeSettingsForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("What the committee does, who it is for, how often it meets."))
    membership_policy = forms.ChoiceField(label=_("Who can join"), choices=MembershipPolicy.choices,
                                          widget=forms.RadioSelect)
    visibility = forms.ChoiceField(label=_("Who sees its content"), choices=ContentVisibility.choices,
                                   widget=forms.RadioSelect,
                                   help_text=_("The committee's page, its description, its plan items and how to join "
                                               "stay public in any case."))
    piloted = forms.TypedMultipleChoiceField(label=_("Plan items it pilots"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    followed = forms.TypedMultipleChoiceField(label=_("Plan items it follows"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        choices = organisation_plan_item_choices(committee.organisation)
        self.fields["piloted"].choices = choices
        self.fields["followed"].choices = choices
        if not choices:
            del self.fields["piloted"], self.fields["followed"]

    def clean(self):
        data = super().clean()
        both = set(data.get("piloted") or []) & set(data.get("followed") or [])
        if both:
            self.add_error("followed", _("An item is either piloted or followed: untick it in one of the lists."))
        return data


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("For example “Réunion de rentrée”. "
                                        "Left empty: “Meeting of” and the committee."))
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=255, required=False,
                            help_text=_("A room and an address, as people will look for it."))
    online_url = forms.URLField(label=_("Online meeting link (optional)"), max_length=500, required=False,
                                assume_scheme="https",
                                help_text=_("Shown to those who may read the committee's content."))
    agenda = forms.CharField(label=_("Agenda"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("One item per line; lines starting with “- ” make a list."))

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {"title": meeting.title, "day": starts.date(), "starts": starts.time(), "ends": ends.time(),
                "place": meeting.place, "online_url": meeting.online_url, "agenda": meeting.agenda}

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("starts") and data.get("ends"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["starts"]))
            data["ends_at"] = timezone.make_aware(datetime.combine(data["day"], data["ends"]))
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The meeting must end after it starts."))
            if data["starts_at"] < timezone.now():
                self.add_error("day", _("Schedule the meeting in the future."))
        if not (data.get("place") or "").strip() and not data.get("online_url"):
            self.add_error("place", _("Say where the meeting takes place, or give its online link."))
        return data

    def meeting_values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("title", "starts_at", "ends_at", "place", "online_url", "agenda")}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to the members (optional)"), required=False, max_length=200)


class AttendanceForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will you come?"), choices=AttendanceAnswer.choices, widget=forms.RadioSelect)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=50000, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("What was said and decided, and who does what next. Blank lines separate paragraphs; lines "
                    "starting with “- ” make a list."),
    )
    present = forms.TypedMultipleChoiceField(label=_("Who was present"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = members
        if not members:
            del self.fields["present"]


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Add a document"),
                               help_text=_("PDF, OpenDocument, Office without macros, or text; 10 MB at most."))


class AccueilCommitteeForm(forms.Form):
    """At the accueil: a request to join a comité, on a person's behalf."""

    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int)
    message = forms.CharField(label=_("A word for its animators (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    consent = consent_field()

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [("", "---------"), *((c.pk, c.name) for c in committees)]
