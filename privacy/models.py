from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField


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


class InactivityWarning(models.Model):
    """An e-mail telling a person their account, unused, is to be deleted
    in `days` days. Signing in again makes the warnings sent before it
    count for nothing (their dates are before the last sign-in)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("person"))
    days = models.PositiveSmallIntegerField(_("days before deletion"))
    sent_at = models.DateTimeField(_("sent on"))

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"#{self.user_id} · J-{self.days} · {self.sent_at:%Y-%m-%d}"


@register_setting(icon="doc-full")
class LegalTexts(BaseGenericSetting):
    """The site's legal pages, edited by the superusers in the Wagtail admin
    (Settings → Legal pages). A text left empty shows the site's default
    one (templates/privacy/legal/), which says what to complete."""

    legal_notice = RichTextField(_("legal notice"), blank=True,
                                 help_text=_("Who publishes the site, who hosts it, how to reach them."))
    privacy_policy = RichTextField(_("privacy policy"), blank=True,
                                   help_text=_("What is kept, why, for how long, who sees it, the rights and how to "
                                               "use them."))
    terms = RichTextField(_("terms of use"), blank=True, help_text=_("Accepted at sign-up."))
    terms_changed_at = models.DateTimeField(
        _("terms of use changed on"), null=True, blank=True,
        help_text=_("Set it when the terms change in substance: everyone who accepted them before is asked to "
                    "accept them again when they next sign in."),
    )
    accessibility = RichTextField(_("accessibility statement"), blank=True,
                                  help_text=_("The RGAA statement: conformity, what is not accessible, how to "
                                              "report a problem, the remedies."))

    class Meta:
        verbose_name = _("legal pages")
