from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from cms.models import OrganisationPage
from core.forms import DATE
from core.uploads import image_clean

from .models import AuditAction, EmailFrequency, MemberCategory, ReportReason, Role, Stance, User, VoteRight

AVATAR_SIZE = 256


class ProfileForm(forms.ModelForm):
    """The profile, and a switch per kind of e-mail that the apps registered
    (participation/notifying.py), as `email_<key>`."""

    class Meta:
        model = User
        fields = ["display_name", "bio", "quartier", "avatar"]
        # Judged by core.uploads alone: Django's ImageField would open the
        # file with Pillow before clean_avatar, without its limits.
        field_classes = {"avatar": forms.FileField}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}),
                   "avatar": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})}

    def __init__(self, *args, **kwargs):
        from .emails import email_choices
        from .notifying import preferences

        super().__init__(*args, **kwargs)
        self.fields["frequency"] = forms.ChoiceField(
            label=_("When the e-mails of my notifications leave"), choices=EmailFrequency.choices,
            widget=forms.RadioSelect, required=False, initial=self.instance.email_frequency or EmailFrequency.INSTANT,
            help_text=_("A digest gathers in one e-mail, grouped by subject, what was not sent yet (daily and weekly "
                        "digests leave at %(hour)s h). Vote reminders leave at once, by their own setting below.")
            % {"hour": settings.DIGEST_HOUR},
            error_messages={"invalid_choice": _("Choose one of the frequencies offered.")})
        chosen = email_choices(self.instance) if self.instance.pk else {}
        for known in preferences():
            self.fields[f"email_{known.key}"] = forms.BooleanField(
                label=known.label, required=False, initial=chosen.get(known.key, known.default))

    def profile_fields(self):
        return [self[name] for name in self.fields if not name.startswith("email_") and name != "frequency"]

    def email_fields(self):
        return [self[name] for name in self.fields if name.startswith("email_")]

    def save(self, commit=True):
        from .services import email_frequency_set, email_preference_set

        user = super().save(commit=commit)
        if self.cleaned_data.get("frequency"):  # left out: unchanged
            email_frequency_set(user=user, frequency=self.cleaned_data["frequency"])
        for name, value in self.cleaned_data.items():
            if name.startswith("email_"):
                email_preference_set(user=user, key=name.removeprefix("email_"), enabled=value)
        return user

    def clean_avatar(self) -> ContentFile | None:
        """Judged by core.uploads as every image is (its header before any
        pixel is decoded), and re-encoded at the avatar's size under a
        random name: whatever an upload carries besides the picture does
        not survive."""
        upload = self.cleaned_data.get("avatar")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        return image_clean(upload, max_side=AVATAR_SIZE).content


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(OrganisationPage.objects.live().order_by("title"), label=_("Organisation"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices,
        help_text=_("Habitant·e is taken at once; the other roles are confirmed by the organisation's staff."),
    )
    message = forms.CharField(
        label=_("Message to the organisation (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MembershipAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class CommentForm(forms.Form):
    """A comment or a reply. The length is checked by the service on the
    cleaned text (a line break typed counts once, however the browser sends it)."""

    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text: links and line breaks are kept; **bold**, *italic* and lines starting "
                    "with “- ” make a list. 5,000 characters at most."),
    )
    stance = forms.ChoiceField(
        label=_("Your position (optional)"), required=False,
        choices=[("", _("No particular position"))] + list(Stance.choices),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))


class CommentReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you report this comment?"), choices=ReportReason.choices,
                               widget=forms.RadioSelect)
    details = forms.CharField(label=_("Details (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RegisterMemberForm(forms.Form):
    """A member at the accueil: the name and the category are enough, the
    period is the current membership year unless changed."""

    name = forms.CharField(label=_("Name"), max_length=160, help_text=_("First name and name."))
    category = forms.ChoiceField(label=_("Category"), choices=MemberCategory.choices, initial=MemberCategory.MEMBER)
    starts_on = forms.DateField(label=_("Member from"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    vote = forms.ChoiceField(
        label=_("Vote"), required=False, choices=[("", _("As the category usually carries"))] + VoteRight.choices,
        help_text=_("Members, benefactors and ex officio members vote; honorary members and users of the centre "
                    "have a consultative voice, unless your statutes say otherwise."),
    )
    email = forms.EmailField(label=_("Email address (optional)"), required=False,
                             help_text=_("To invite them to link their membership to their account."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    number = forms.CharField(label=_("Member number (optional)"), max_length=40, required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period must end after it starts."))
        return data


class RegisterDetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    number = forms.CharField(label=_("Member number"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SubscriptionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=MemberCategory.choices, initial=MemberCategory.MEMBER)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    vote = forms.ChoiceField(label=_("Vote"), required=False,
                             choices=[("", _("As the category usually carries"))] + VoteRight.choices)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period must end after it starts."))
        return data


class RegisterLinkForm(forms.Form):
    person = forms.CharField(label=_("Their account: display name or email address"), max_length=254)


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("The register's spreadsheet (XLSX, ODS or CSV)"),
        help_text=_("One row per member; a column “Nom” at least, and as you keep them “N° adhérent”, “E-mail”, "
                    "“Téléphone”, “Catégorie”, “Année” (or “Début” and “Fin”), “Voix”, “Note”."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file: write nothing"), required=False, initial=True)


def consent_field():
    return forms.BooleanField(
        label=_("The person is here and agrees to this being recorded in their name"),
        error_messages={"required": _("Tick the box once the person has agreed to this being recorded in their "
                                      "name.")})


class AccueilPersonForm(forms.Form):
    """Someone who is not found: their name is enough."""

    name = forms.CharField(label=_("Name of the person"), max_length=80,
                           help_text=_("As they wish it shown next to what they say: a first name is enough."))


class AccueilCommentForm(forms.Form):
    # "<type>-<id>" of participation.commenting.accueil_choices
    target = forms.ChoiceField(label=_("About"))
    text = forms.CharField(label=_("What the person says"), widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=5000)
    consent = consent_field()

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "---------"), *choices]


class AuditFilterForm(forms.Form):
    """The audit log's filters; a value that does not parse is ignored."""

    q = forms.CharField(label=_("Object or number"), required=False, max_length=100)
    actor = forms.TypedChoiceField(label=_("By"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, actors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Everyone"))] + [(person.pk, str(person)) for person in actors]
        self.fields["action"].choices = [("", _("Every action"))] + list(AuditAction.choices)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"actor_id": data["actor"], "action": data["action"], "search": data["q"].strip(),
                "since": data["since"], "until": data["until"]}
