from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from participation.notifying import preferences

from .consent import signup_consents_record
from .models import Contributions


class _EraseForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("What you wrote for others"), choices=Contributions.choices, initial=Contributions.KEEP,
        widget=forms.RadioSelect,
        help_text=_("Comments stay in their threads so that the replies still make sense: signed “Deleted "
                    "account”, or with their text removed."),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."),
                                 error_messages={"required": _("Tick this box to confirm.")})


class AccountEraseForm(_EraseForm):
    """The person themselves: their password asks again who is at the keyboard."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password


class AccueilEraseForm(_EraseForm):
    """A staff member, for a person who asks at the accueil."""

    field_order = ["reason", "contributions", "confirm"]
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the person asked (at the accueil, by letter…) and when. Kept in the record of "
                    "deletions: do not write their name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].label = _("What the person wrote for others")
        self.fields["confirm"].label = _("The person asked for it; I understand that this cannot be undone.")


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the terms of use to accept and, unticked, the
    e-mails a person does not need for their own actions (each answer kept
    with its date, as an e-mail preference)."""

    terms = forms.BooleanField(
        label=_("I accept the terms of use."),
        help_text=_("They are at /conditions-utilisation/, linked at the bottom of every page."),
        error_messages={"required": _("Accept the terms of use to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for preference in preferences():
            if preference.consent:
                self.fields[f"email_{preference.key}"] = forms.BooleanField(
                    label=capfirst(preference.label), required=False, initial=False,
                    help_text=_("Optional: you can change it at any time in your profile."))
        # The choices after the address and the password.
        mine = [name for name in self.fields if name.startswith("email_")] + ["terms"]
        self.order_fields([name for name in self.fields if name not in mine] + mine)

    def save(self, request):
        user = super().save(request)
        signup_consents_record(user=user, accepted_terms=self.cleaned_data["terms"], emails={
            name.removeprefix("email_"): value for name, value in self.cleaned_data.items()
            if name.startswith("email_")})
        return user


class TermsAcceptForm(forms.Form):
    accept = forms.BooleanField(label=_("I accept the new terms of use."),
                                error_messages={"required": _("Tick this box to go on.")})
