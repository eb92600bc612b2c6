from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class TagKind(models.TextChoices):
    PUBLIC = "public", _("Public")
    DOMAIN = "domain", _("Domain")


class ActionTag(models.Model):
    """Who an action is for (familles, jeunesse…) or what it is about (accès
    aux droits, numérique…): the words of the CAF's "volet familles" and of
    the SENACS questionnaire, so that both come out of the plan itself.

    A shared vocabulary, seeded by a migration; staff may add their own."""

    kind = models.CharField(_("kind"), max_length=8, choices=TagKind.choices)
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    families = models.BooleanField(
        _("counts for the families' part"), default=False,
        help_text=_("Actions with this tag belong to the projet social's “volet familles”."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("kind"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("families"),
              FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("action tag")
        verbose_name_plural = _("action tags")
        ordering = ["kind", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_action_tag_slug_per_kind")]

    def __str__(self):
        return self.name
