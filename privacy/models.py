from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contributions(models.TextChoices):
    KEEP = "garder", _("Keep them, signed “Deleted account”")
    DELETE = "effacer", _("Delete the text of my comments")


class AccountErasure(models.Model):
    """The record that an account was deleted: when, by whom (the person
    themselves, or a staff member at the accueil, with the reason), what was
    done. It names nobody: the account's number only, which leads to an
    empty row."""

    account_id = models.PositiveBigIntegerField(_("account number"))
    erased_at = models.DateTimeField(_("deleted on"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("deleted by"))
    on_behalf = models.BooleanField(_("by the staff, at the person's request"), default=False)
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    contributions = models.CharField(_("contributions"), max_length=8, choices=Contributions.choices)
    summary = models.JSONField(_("what was done"), default=dict)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        return f"#{self.account_id} · {self.erased_at:%Y-%m-%d}"


class DataExport(models.Model):
    """An archive of a person's data, made in the background and kept
    EXPORT_DAYS for them alone to download."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports",
                             verbose_name=_("person"))
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    file = models.FileField(_("archive"), upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("data archive")
        verbose_name_plural = _("data archives")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} · {self.requested_at:%Y-%m-%d}"
