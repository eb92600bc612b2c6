from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    HOUSE_COUNCIL = "conseil_de_maison", _("House council")
    THEMATIC = "comite_thematique", _("Thematic committee")
    WORKING_GROUP = "groupe_de_travail", _("Working group")
    FORESIGHT_GROUP = "groupe_prospectif", _("Foresight group")
    GOVERNANCE = "instance_gouvernance", _("Governance body")


class Committee(models.Model):
    """A comité, working group or governance body of an organisation.

    Membership, meetings and minutes come with issue 6; for now committees are
    the data the plans name, shown on their organisation's page."""

    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="committees",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=CommitteeKind.choices)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["organisation", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_committee_slug_per_organisation"),
        ]

    def __str__(self):
        return self.name
