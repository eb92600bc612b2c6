"""The partner directory, and the rooms and equipment an organisation lends."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.Model):
    """A field of competence (aide juridique, numérique…): what partners
    offer and what projects ask for, so that one can be matched to the other."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("domain of competence")
        verbose_name_plural = _("domains of competence")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    INSTITUTION = "institution", _("Institution")
    COMPANY = "entreprise", _("Company")
    OTHER = "autre", _("Other")


class ConventionStatus(models.TextChoices):
    CONVENTION = "conventionne", _("Under agreement")
    FORMALISED = "formalise", _("Formalised")
    POTENTIAL = "potentiel", _("Potential")


class Partner(models.Model):
    """An association, institution or company the organisation works with,
    or could. Its contact details are for the organisation's members only."""

    organisation = models.ForeignKey(
        "cms.OrganisationPage", on_delete=models.CASCADE, related_name="partners", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    description = models.TextField(_("what they do"), max_length=2000, blank=True)
    domains = models.ManyToManyField(Domain, related_name="partners", blank=True,
                                     verbose_name=_("domains of competence"))
    convention_status = models.CharField(_("partnership"), max_length=16, choices=ConventionStatus.choices,
                                         default=ConventionStatus.POTENTIAL)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    actions = models.ManyToManyField("cms.ActionPage", related_name="partners", blank=True,
                                     verbose_name=_("plan actions they contribute to"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="one_partner_name_per_organisation"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)


class ResourceKind(models.TextChoices):
    ROOM = "salle", _("Room")
    EQUIPMENT = "materiel", _("Equipment")


class Resource(models.Model):
    """A room or a piece of equipment the organisation can lend to projects."""

    organisation = models.ForeignKey(
        "cms.OrganisationPage", on_delete=models.CASCADE, related_name="resources", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), null=True, blank=True)
    is_available = models.BooleanField(_("can be asked for"), default=True)

    class Meta:
        verbose_name = _("room or equipment")
        verbose_name_plural = _("rooms and equipment")
        ordering = ["organisation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "name"], name="one_resource_name_per_kind"),
        ]

    def __str__(self):
        return self.name
