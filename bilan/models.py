from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SharingLevel(models.TextChoices):
    NOTHING = "rien", _("Nothing")
    TOTALS = "totaux", _("The totals of the bilan")
    DETAIL = "detail", _("The totals and the figures by axis, objective and action")


class BilanSharing(models.Model):
    """What a centre shows of its bilan to the organisation it belongs to (a
    federation, a cooperation). Nothing until its staff decide; names are
    never shared, only figures."""

    organisation = models.OneToOneField("cms.OrganisationPage", on_delete=models.CASCADE, primary_key=True,
                                        related_name="bilan_sharing", verbose_name=_("organisation"))
    level = models.CharField(_("shared with the network"), max_length=8, choices=SharingLevel.choices,
                             default=SharingLevel.NOTHING)
    public = models.BooleanField(
        _("publish the public version"), default=False,
        help_text=_("Anyone may then read the bilan's figures, without any name, at the organisation's address "
                    "followed by bilan/public/."))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bilan sharing")
        verbose_name_plural = _("bilan sharing")

    def __str__(self):
        return f"{self.organisation} · {self.get_level_display()}"
