from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable


class Indicator(ClusterableModel):
    """Something the plan counts to see how it is doing ("Nombre d'adhésions
    au CS"), on any level of the plan, with the values measured over time.

    Kept apart from page revisions: measurements are entered as they come in,
    not published with the page text."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("plan item"),
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("The plan, axis, objective or action this indicator measures."),
    )
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("For example: participants, %, €."))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("how it is measured"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        PageChooserPanel("page", ["cms.PlanPage", "cms.AxisPage", "cms.GoalPage", "cms.ObjectivePage",
                                  "cms.ActionPage"]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("target")]),
        FieldPanel("description"),
        InlinePanel("values", heading=_("Measured values"), label=_("value")),
    ]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["page", "sort_order", "pk"]

    def __str__(self):
        return self.name

    @property
    def latest_value(self):
        values = list(self.values.all())
        return values[-1] if values else None


class IndicatorValue(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="unique_indicator_value_per_date"),
        ]

    def __str__(self):
        return f"{self.date}: {self.value}"
