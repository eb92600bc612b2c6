"""What the accueil records for a person who is there (issue 22).

Staff and volunteers of an organisation write down, with the person's
consent, a comment, a support, an offer to help, a project or a request to
join a comité on behalf of someone present at the accueil. Each such row
carries its `origin` ("recueilli à l'accueil", counted by the bilan with
the online ones: bilan/sources.py reads the field) and who recorded it.

Someone without an account is an `AccueilPerson`: a user row standing for
them, which cannot sign in (no password, no e-mail address), so that what
they said counts once per person, as everyone's does."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    """The same values as the bilan's origins (bilan/sources.py: Origin)."""

    ONLINE = "en_ligne", _("Online")
    ACCUEIL = "accueil", _("Recorded at the accueil")


def origin_field():
    return models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.ONLINE)


def recorded_by_field():
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("recorded at the accueil by"))


class AccueilPerson(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="accueil_person", verbose_name=_("person"))
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    register_member = models.ForeignKey("participation.RegisterMember", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="accueil_people", verbose_name=_("in the register"))
    created_by = recorded_by_field()
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("person without an account")
        verbose_name_plural = _("people without an account")
        constraints = [models.UniqueConstraint(fields=["register_member"], condition=Q(register_member__isnull=False),
                                               name="one_accueil_person_per_register_entry")]

    def __str__(self):
        return str(self.user)
