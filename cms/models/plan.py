from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .base import PLAIN_LANGUAGE_RULES, PublicPageMixin

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ul", "ol"]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class PlanPage(RoutablePageMixin, PublicPageMixin, Page):
    """A strategic plan (projet social, plan stratégique, projet fédéral).

    Plans name their levels differently ("Axe", "Orientation", "Finalité"...)
    and may skip levels: the labels below are what every page of the plan
    shows, and the tree under the plan decides which levels exist."""

    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, blank=True)
    validation_note = models.CharField(
        _("validation note"),
        max_length=500,
        blank=True,
        help_text=_("For example: “Validé en CA du 30 septembre 2021 à l’unanimité.”"),
    )
    preamble = RichTextField(_("preamble"), blank=True, features=RICH_TEXT_FEATURES)
    plain_summary = models.TextField(_("in plain language (En clair)"), max_length=1500, blank=True,
                                     help_text=PLAIN_LANGUAGE_RULES)
    scope = RichTextField(_("scope"), blank=True, features=RICH_TEXT_FEATURES)
    history = RichTextField(
        _("how the plan was built"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The steps, the people involved, who adopted or signed it."),
    )
    source_document_url = models.URLField(_("source document link"), max_length=500, blank=True)
    source_document_label = models.CharField(_("source document name"), max_length=255, blank=True)

    axis_label = models.CharField(_("first level, singular"), max_length=60, default="Axe")
    axis_label_plural = models.CharField(_("first level, plural"), max_length=60, default="Axes")
    goal_label = models.CharField(_("second level, singular"), max_length=60, default="Objectif général")
    goal_label_plural = models.CharField(_("second level, plural"), max_length=60, default="Objectifs généraux")
    objective_label = models.CharField(_("third level, singular"), max_length=60, default="Objectif opérationnel")
    objective_label_plural = models.CharField(
        _("third level, plural"), max_length=60, default="Objectifs opérationnels"
    )
    action_label = models.CharField(_("action level, singular"), max_length=60, default="Action")
    action_label_plural = models.CharField(_("action level, plural"), max_length=60, default="Actions")

    search_fields = Page.search_fields + [
        index.SearchField("preamble"),
        index.SearchField("plain_summary"),
        index.SearchField("scope"),
        index.SearchField("validation_note"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("status"),
                FieldPanel("validation_note"),
            ],
            heading=_("Period and status"),
        ),
        FieldPanel("preamble"),
        FieldPanel("plain_summary"),
        FieldPanel("scope"),
        FieldPanel("history"),
        MultiFieldPanel(
            [FieldPanel("source_document_label"), FieldPanel("source_document_url")],
            heading=_("Source document"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("axis_label"), FieldPanel("axis_label_plural")]),
                FieldRowPanel([FieldPanel("goal_label"), FieldPanel("goal_label_plural")]),
                FieldRowPanel([FieldPanel("objective_label"), FieldPanel("objective_label_plural")]),
                FieldRowPanel([FieldPanel("action_label"), FieldPanel("action_label_plural")]),
            ],
            heading=_("Names of the levels"),
            help_text=_("The words this plan uses for its levels. A level nobody uses needs no page."),
        ),
        InlinePanel(
            "periods",
            heading=_("Schedule periods"),
            label=_("period"),
            help_text=_("The columns of the schedule: semesters, quarters or years, in order."),
        ),
    ]
    parent_page_types = ["cms.OrganisationPage"]
    subpage_types = ["cms.AxisPage", "cms.GoalPage", "cms.ObjectivePage", "cms.ActionPage"]

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        permissions = [("import_plan", _("Can import a plan from a spreadsheet"))]

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The last year cannot come before the first year.")})

    @property
    def plan(self):
        return self

    @property
    def period_display(self):
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    def level_label(self, level: str, plural: bool = False) -> str:
        return getattr(self, f"{level}_label_plural" if plural else f"{level}_label")

    # What the templates show, from cms/pages.py (set when the app starts).
    presenter = None

    def get_context(self, request, *args, **kwargs):
        return self.presenter.context(self, request, super().get_context(request, *args, **kwargs))

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("sommaire/", name="outline")
    def outline(self, request):
        return self.render(request, template="cms/plan_outline.html")

    @path("calendrier/", name="timeline")
    def timeline(self, request):
        return self.presenter.timeline(self, request)

    @path("actions/", name="actions")
    def actions(self, request):
        return self.presenter.actions(self, request, super().get_context(request))

    @path("imprimer/", name="print")
    def print_pdf(self, request):
        return self.presenter.print_pdf(self, request)

    # Downloads of the whole plan. Not "export.csv": Wagtail's page URLs
    # (wagtail.urls serve_pattern) only match segments of [\w-] and a slash.
    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        return self.presenter.export(self, request, "csv")

    @path("export/xlsx/", name="export_xlsx")
    def export_xlsx(self, request):
        return self.presenter.export(self, request, "xlsx")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for route in ("sommaire/", "calendrier/", "actions/"):
            urls.append({"location": base + route, "lastmod": self.last_published_at})
        return urls


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semester")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    OTHER = "other", _("Other")


class PlanPeriod(Orderable):
    """A column of the plan's schedule ("1er semestre 2022")."""

    plan = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("label"), max_length=60, help_text=_("As the plan writes it: “1er semestre 2022”."))
    kind = models.CharField(_("kind"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.SEMESTER)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    panels = [
        FieldPanel("label"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule period")
        verbose_name_plural = _("schedule periods")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot come before the start.")})
