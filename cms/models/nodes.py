from django import forms
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import PLAIN_LANGUAGE_RULES, PublicPageMixin
from .plan import RICH_TEXT_FEATURES, PlanPage


def plan_of(page: Page) -> PlanPage | None:
    """The plan a (possibly unsaved) page belongs to, from its tree position."""
    if isinstance(page, PlanPage):
        return page
    if not page.path:
        return None
    return PlanPage.objects.filter(
        path__in=[page.path[:i] for i in range(PlanPage.steplen, len(page.path), PlanPage.steplen)]
    ).first()


class PlanNodeForm(WagtailAdminPageForm):
    """Admin form of every level: knows the plan through the parent page."""

    def plan(self) -> PlanPage | None:
        parent = getattr(self, "parent_page", None)
        if parent is not None:
            parent = parent.specific
            return parent if isinstance(parent, PlanPage) else getattr(parent, "plan", None) or plan_of(parent)
        return self.instance.plan or plan_of(self.instance)


class ActionPageForm(PlanNodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.plan()
        if "periods" in self.fields:
            self.fields["periods"].queryset = plan.periods.all() if plan else self.fields["periods"].queryset.none()
            self.fields["periods"].widget = forms.CheckboxSelectMultiple()
            self.fields["periods"].widget.choices = self.fields["periods"].choices

    def clean_number(self):
        number = self.cleaned_data.get("number", "").strip()
        plan = self.plan()
        if number and plan is not None:
            duplicates = ActionPage.objects.filter(plan=plan, number=number)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            other = duplicates.first()
            if other is not None:
                raise forms.ValidationError(
                    _("Action %(number)s already exists in this plan: “%(title)s”. Each action needs its own number."),
                    params={"number": number, "title": other.title},
                    code="duplicate_number",
                )
        return number


class PlanNodePage(PublicPageMixin, Page):
    """What every level below a plan shares: a number, a text, examples, and
    the plan it belongs to (kept on the row so a plan's pages are one query
    away and an action number is unique per plan in the database)."""

    level = ""  # axis, goal, objective or action: the plan names it

    plan = models.ForeignKey(
        PlanPage,
        verbose_name=_("plan"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As the plan numbers it, for example 1.2 or 1.2.3.")
    )
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    plain_summary = models.TextField(_("in plain language (En clair)"), max_length=1500, blank=True,
                                     help_text=PLAIN_LANGUAGE_RULES)
    examples = models.TextField(
        _("examples"), blank=True, help_text=_("Concrete examples the plan gives, one per line.")
    )
    long_title = models.TextField(
        _("whole title"), blank=True,
        help_text=_("Where the plan's own title is longer than a page title (255 characters): shown in full on "
                    "the site and in exports."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("description"),
        index.SearchField("plain_summary"),
        index.SearchField("examples"),
        index.FilterField("plan"),
    ]
    base_form_class = PlanNodeForm

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            known = self._state.fields_cache.get("plan")  # set by an importer that knows it
            if known is None or not self.path.startswith(known.path):
                known = plan_of(self)
            self.plan = known
        if getattr(self, "bulk_import", False):
            # The importer validated the values and logs the import as a whole.
            kwargs["clean"] = False
            kwargs["log_action"] = None
        super().save(*args, **kwargs)

    @cached_property
    def level_label(self) -> str:
        plan = self.plan
        return plan.level_label(self.level) if plan else str(self._meta.verbose_name)

    @property
    def display_title(self) -> str:
        """The title as the plan writes it, whole."""
        return self.long_title or self.title

    @property
    def heading(self) -> str:
        return f"{self.number} {self.display_title}" if self.number else self.display_title

    @property
    def page_type_display_name(self):
        """The admin names each page with the plan's own word ("Engagement",
        "Orientation"), as the public pages do."""
        plan = self._state.fields_cache.get("plan") if self.plan_id else None
        if plan is None and self.plan_id:
            plan = PlanPage.objects.filter(pk=self.plan_id).only(f"{self.level}_label").first()
        return plan.level_label(self.level) if plan else super().page_type_display_name

    @property
    def example_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.examples.splitlines() if line.strip(" -•\t")]

    # What the templates show, from cms/pages.py (set when the app starts).
    presenter = None

    def get_context(self, request, *args, **kwargs):
        return self.presenter.context(self, request, super().get_context(request, *args, **kwargs))


class AxisPage(PlanNodePage):
    level = "axis"

    slogan = models.CharField(_("slogan"), max_length=200, blank=True, help_text=_("For example « Cultiver CERISE »."))
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)

    search_fields = PlanNodePage.search_fields + [index.SearchField("slogan"), index.SearchField("subtitle")]
    content_panels = Page.content_panels + [
        FieldPanel("long_title"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("slogan")]),
        FieldPanel("subtitle"),
        FieldPanel("description"),
        FieldPanel("plain_summary"),
        FieldPanel("examples"),
    ]
    parent_page_types = ["cms.PlanPage"]
    subpage_types = ["cms.GoalPage", "cms.ObjectivePage", "cms.ActionPage"]
    template = "cms/node_page.html"

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    @property
    def distinct_slogan(self) -> str:
        """The slogan, unless it only repeats the title between guillemets."""
        bare = self.slogan.strip(" «»\"“”\u00a0")
        return "" if bare == self.title.strip() else self.slogan


class GoalPage(PlanNodePage):
    """Objectif général (an "engagement" in some plans)."""

    level = "goal"

    content_panels = Page.content_panels + [
        FieldPanel("long_title"), FieldPanel("number"), FieldPanel("description"), FieldPanel("plain_summary"),
        FieldPanel("examples")]
    parent_page_types = ["cms.PlanPage", "cms.AxisPage"]
    subpage_types = ["cms.ObjectivePage", "cms.ActionPage"]
    template = "cms/node_page.html"

    class Meta:
        verbose_name = _("general goal")
        verbose_name_plural = _("general goals")


class ObjectivePage(PlanNodePage):
    """Objectif opérationnel."""

    level = "objective"

    content_panels = GoalPage.content_panels
    parent_page_types = ["cms.PlanPage", "cms.AxisPage", "cms.GoalPage"]
    subpage_types = ["cms.ActionPage"]
    template = "cms/node_page.html"

    class Meta:
        verbose_name = _("operational objective")
        verbose_name_plural = _("operational objectives")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Upcoming")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    ABANDONED = "abandoned", _("Abandoned")


class ActionPage(PlanNodePage):
    """A fiche action: who leads it, who takes part, how success is measured
    and when it happens."""

    level = "action"

    pilot = models.CharField(
        _("pilot"), max_length=255, blank=True, help_text=_("Who leads the action: a person, a role or a comité.")
    )
    actors = models.TextField(_("actors involved"), blank=True)
    success_indicator = models.TextField(_("success indicator"), blank=True)
    periods = ParentalManyToManyField(
        "cms.PlanPeriod", verbose_name=_("schedule"), blank=True, related_name="actions"
    )
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    is_new = models.BooleanField(_("new action"), default=False, help_text=_("Marked as new in the plan."))
    publics = ParentalManyToManyField(
        "cms.ActionTag", verbose_name=_("publics"), blank=True, related_name="public_actions",
        limit_choices_to={"kind": "public"}, help_text=_("Who the action is for."),
    )
    domains = ParentalManyToManyField(
        "cms.ActionTag", verbose_name=_("domains"), blank=True, related_name="domain_actions",
        limit_choices_to={"kind": "domain"}, help_text=_("What the action is about."),
    )

    search_fields = PlanNodePage.search_fields + [
        index.SearchField("pilot"),
        index.SearchField("actors"),
        index.SearchField("success_indicator"),
        index.FilterField("status"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("long_title"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("is_new")]),
        FieldPanel("description"),
        FieldPanel("plain_summary"),
        MultiFieldPanel(
            [FieldPanel("pilot"), FieldPanel("actors"), FieldPanel("success_indicator")],
            heading=_("Who and how"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]), FieldPanel("periods")],
            heading=_("Schedule and progress"),
        ),
        MultiFieldPanel(
            [FieldPanel("publics", widget=forms.CheckboxSelectMultiple),
             FieldPanel("domains", widget=forms.CheckboxSelectMultiple)],
            heading=_("Publics and domains"),
        ),
        FieldPanel("examples"),
    ]
    base_form_class = ActionPageForm
    parent_page_types = ["cms.PlanPage", "cms.AxisPage", "cms.GoalPage", "cms.ObjectivePage"]
    subpage_types = []
    template = "cms/action_page.html"

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=~models.Q(number=""),
                name="unique_action_number_per_plan",
                violation_error_message=_("Another action of this plan already has this number."),
            ),
        ]

    @cached_property
    def tags(self) -> dict[str, list]:
        """{"publics": [...], "domains": [...]} in one query (the page shows both)."""
        from .tags import ActionTag, TagKind

        found = {"publics": [], "domains": []}
        if self.pk:
            tags = ActionTag.objects.filter(models.Q(public_actions=self) | models.Q(domain_actions=self)).distinct()
            for tag in tags:
                found["publics" if tag.kind == TagKind.PUBLIC else "domains"].append(tag)
        return found

    @property
    def effective_progress(self) -> int | None:
        """Progress as a figure: a done action without one counts as 100 %."""
        if self.progress is not None:
            return self.progress
        return 100 if self.status == ActionStatus.DONE else None
