from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import ActionPage
from cms.models.nodes import PLAIN_LANGUAGE_RULES
from cms.selectors import organisation_plan_item_choices, organisation_plan_items
from committees.models import Committee
from participation.forms import consent_field

from .models import ConventionStatus, Domain, Partner, PartnerKind, ProjectStatus, Resource, ResourceKind
from .selectors import ListFilters, organisation_by_slug

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def resource_choices(organisation, kind: str) -> list:
    resources = Resource.objects.filter(organisation=organisation, kind=kind, is_available=True).order_by("name")
    return [(r.pk, f"{r.name} ({r.description})" if r.description else r.name) for r in resources]


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False,
                              help_text=_("One or two sentences: what the project is, for whom. "
                                          "Needed to submit the project."),
                              widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Description"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}), required=False,
        help_text=_("What you want to do, why, with whom. Blank lines separate paragraphs; lines starting with "
                    "“- ” make a list. Needed to submit the project."),
    )
    plain_summary = forms.CharField(label=_("In plain language (optional)"), max_length=1500, required=False,
                                    help_text=PLAIN_LANGUAGE_RULES, widget=forms.Textarea(attrs={"rows": 4}))
    plan_items = forms.TypedMultipleChoiceField(
        label=_("What it serves in the plan"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The axes, objectives or actions of the plan your project contributes to."),
    )
    quartier = forms.CharField(label=_("Neighbourhood"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("Start (optional)"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End (optional)"), required=False, widget=DATE)
    budget_amount = forms.DecimalField(label=_("Budget needed, in euros"), required=False, min_value=0,
                                       max_digits=9, decimal_places=2)
    volunteers_wanted = forms.IntegerField(label=_("Volunteers wanted"), required=False, min_value=0,
                                           max_value=1000)
    rooms = forms.TypedMultipleChoiceField(label=_("Rooms you would borrow"), coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    equipment = forms.TypedMultipleChoiceField(label=_("Equipment you would borrow"), coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    skills = forms.ModelMultipleChoiceField(label=_("Partner skills you look for"), queryset=Domain.objects.all(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    needs_note = forms.CharField(label=_("Other needs"), max_length=500, required=False)
    co_authors = forms.CharField(
        label=_("Co-carriers"), required=False, max_length=500,
        help_text=_("The display names of the people who carry the project with you, separated by commas. "
                    "They receive an invitation to accept."),
    )
    image = forms.FileField(label=_("An image (optional)"), required=False,
                            help_text=_("JPEG, PNG, WebP or GIF, 10 MB at most."))
    image_alt = forms.CharField(label=_("What the image shows"), max_length=250, required=False,
                                help_text=_("For those who cannot see it. Needed with an image."))
    attachment = forms.FileField(label=_("A document (optional)"), required=False,
                                 help_text=_("PDF, OpenDocument, Office without macros, or text; 10 MB at most."))

    def __init__(self, *args, organisation, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_items"].choices = organisation_plan_item_choices(organisation)
        for name, kind in (("rooms", ResourceKind.ROOM), ("equipment", ResourceKind.EQUIPMENT)):
            self.fields[name].choices = resource_choices(organisation, kind)
            if not self.fields[name].choices:
                del self.fields[name]
        if not creating:
            for name in ("co_authors", "image", "image_alt", "attachment"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image in a few words, for those who cannot see it."))
        data["resources"] = list(data.get("rooms") or []) + list(data.get("equipment") or [])
        return data

    def co_author_names(self) -> list[str]:
        names = self.cleaned_data.get("co_authors") or ""
        return [name.strip() for name in names.split(",") if name.strip()]


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=ProjectStatus.choices, widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class HelpOfferForm(forms.Form):
    message = forms.CharField(label=_("How you would like to help (optional)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))


class InviteForm(forms.Form):
    display_name = forms.CharField(label=_("Display name of the person"), max_length=80)


class CommitteeForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee in charge"), queryset=Committee.objects.none(),
                                       required=False, empty_label=_("None: the staff"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(organisation=organisation)


class PartnerLinkForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    note = forms.CharField(label=_("Note for the carriers (optional)"), required=False, max_length=500)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(organisation=organisation)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to the carriers"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"), help_text=_("JPEG, PNG, WebP or GIF, 10 MB at most."))
    alt_text = forms.CharField(label=_("What the image shows"), max_length=250,
                               help_text=_("For those who cannot see it."))


class AttachmentForm(forms.Form):
    attachment = forms.FileField(
        label=_("Document"), help_text=_("PDF, OpenDocument, Office without macros, or text; 10 MB at most."))


class ThresholdForm(forms.Form):
    support_threshold = forms.IntegerField(label=_("Supports that put a project on the review list"),
                                           min_value=1, max_value=100_000)


class ListFilterForm(forms.Form):
    """The list's filters, read from the query string; unknown values are ignored."""

    organisation = forms.CharField(required=False)
    statut = forms.ChoiceField(required=False)
    axe = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    quartier = forms.CharField(required=False, max_length=120)
    besoin = forms.ChoiceField(required=False)
    tri = forms.ChoiceField(required=False, choices=[("recent", _("Newest")), ("supports", _("Most supported"))])

    def __init__(self, data, *, axes, **kwargs):
        super().__init__(data, **kwargs)
        from .models import PUBLIC_STATUSES, NeedKind

        self.fields["statut"].choices = [("", _("All"))] + [
            (value, label) for value, label in ProjectStatus.choices if value in PUBLIC_STATUSES]
        self.fields["axe"].choices = [("", _("All"))] + [(axis.pk, axis.title) for axis in axes]
        self.fields["besoin"].choices = [("", _("All"))] + list(NeedKind.choices)

    def filters(self) -> ListFilters:
        data = self.cleaned_data if self.is_valid() else {}
        axis_id = data.get("axe")
        from cms.models import AxisPage

        return ListFilters(
            organisation=organisation_by_slug(data.get("organisation") or ""),
            status=data.get("statut") or "",
            axis=AxisPage.objects.filter(pk=axis_id).first() if axis_id else None,
            quartier=(data.get("quartier") or "").strip(),
            need=data.get("besoin") or "",
            sort=data.get("tri") or "recent",
        )


class PartnerForm(forms.ModelForm):
    actions = forms.TypedMultipleChoiceField(label=_("Plan actions they contribute to"), coerce=int,
                                             required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Partner
        fields = ["name", "kind", "description", "domains", "convention_status", "website", "contact_name",
                  "contact_email", "contact_phone"]
        widgets = {"domains": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PartnerKind.choices
        self.fields["convention_status"].choices = ConventionStatus.choices
        actions = [item for item in organisation_plan_items(organisation) if isinstance(item, ActionPage)]
        self.fields["actions"].choices = [
            (action.pk, f"{action.number} {action.title}".strip()) for action in actions]
        if self.instance.pk:
            self.initial["actions"] = list(self.instance.actions.values_list("pk", flat=True))

    def _post_clean(self):
        """The service validates and saves (services/directory.py)."""


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["kind", "name", "description", "capacity", "is_available"]

    def _post_clean(self):
        """The service validates and saves (services/directory.py)."""


class DirectoryFilterForm(forms.Form):
    type = forms.ChoiceField(required=False, choices=[("", _("All"))] + list(PartnerKind.choices))
    domaine = forms.ChoiceField(required=False)
    convention = forms.ChoiceField(required=False, choices=[("", _("All"))] + list(ConventionStatus.choices))

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["domaine"].choices = [("", _("All"))] + list(Domain.objects.values_list("slug", "name"))


class AccueilProjectForm(forms.Form):
    """At the accueil: a support or an offer to help, on a person's behalf."""

    project = forms.TypedChoiceField(label=_("Project"), coerce=int)
    message = forms.CharField(label=_("How they would like to help (optional)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    consent = consent_field()

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "---------"), *((p.pk, p.title) for p in projects)]


class AccueilProposalForm(forms.Form):
    """At the accueil: a project told by the person who carries it."""

    title = forms.CharField(label=_("Title"), max_length=140)
    summary = forms.CharField(label=_("In one or two sentences"), max_length=300,
                              help_text=_("What the project is, for whom."))
    description = forms.CharField(label=_("What they want to do, why, with whom"), max_length=10_000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    consent = consent_field()
