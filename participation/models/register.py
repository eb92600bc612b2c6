"""The member register (registre des adhérents) an association keeps: who is
a member, in which category, for which period, with or without a vote.

A person in the register (`RegisterMember`) may have an account on the site
or not (recorded at the accueil); with an account, their membership is what
makes them "a member up to date" for a vote. Each period they pay or renew
for is a `Subscription`: renewing each year adds one. Declaring oneself an
habitant·e (participation.Membership) stays what it is, a declaration."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberCategory(models.TextChoices):
    MEMBER = "adherent", pgettext_lazy("member category", "Member")
    HONORARY = "honneur", _("Honorary member")
    BENEFACTOR = "bienfaiteur", _("Benefactor member")
    EX_OFFICIO = "droit", _("Ex officio member")
    USER = "usager", _("User of the centre")


class VoteRight(models.TextChoices):
    DELIBERATIVE = "deliberative", _("Deliberative vote")
    CONSULTATIVE = "consultative", _("Consultative voice only")


# What a category usually carries, as statutes often write it; each
# subscription keeps its own, which staff may set otherwise.
DEFAULT_VOTE = {
    MemberCategory.MEMBER: VoteRight.DELIBERATIVE,
    MemberCategory.BENEFACTOR: VoteRight.DELIBERATIVE,
    MemberCategory.EX_OFFICIO: VoteRight.DELIBERATIVE,
    MemberCategory.HONORARY: VoteRight.CONSULTATIVE,
    MemberCategory.USER: VoteRight.CONSULTATIVE,
}


class RegisterMemberQuerySet(models.QuerySet):
    def up_to_date(self, on=None):
        """With a subscription covering the day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(subscriptions__starts_on__lte=day, subscriptions__ends_on__gte=day).distinct()

    def with_vote(self, on=None):
        """Up to date, in a subscription that carries a deliberative vote."""
        day = on or timezone.localdate()
        return self.filter(subscriptions__starts_on__lte=day, subscriptions__ends_on__gte=day,
                           subscriptions__vote=VoteRight.DELIBERATIVE).distinct()


class RegisterMember(models.Model):
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="register",
                                     verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="register_entries", verbose_name=_("account on the site"))
    name = models.CharField(_("name"), max_length=160, help_text=_("As on the membership form: first name and name."))
    number = models.CharField(_("member number"), max_length=40, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The invitation to link an account: the latest one sent, and when it was used.
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("linked to the account"), null=True, blank=True, editable=False)

    objects = RegisterMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member of the register")
        verbose_name_plural = _("member register")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], condition=Q(user__isnull=False),
                                    name="one_register_entry_per_account"),
            models.UniqueConstraint(fields=["organisation", "number"], condition=~Q(number=""),
                                    name="one_member_number_per_organisation"),
        ]
        indexes = [models.Index(fields=["organisation", "name"], name="register_by_name")]

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """A period of membership (an adhésion, a cotisation)."""

    member = models.ForeignKey(RegisterMember, on_delete=models.CASCADE, related_name="subscriptions",
                               verbose_name=_("member"))
    category = models.CharField(_("category"), max_length=16, choices=MemberCategory.choices,
                                default=MemberCategory.MEMBER)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    vote = models.CharField(_("vote"), max_length=16, choices=VoteRight.choices, default=VoteRight.DELIBERATIVE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-ends_on", "pk"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="subscription_ends_after_start"),
            models.UniqueConstraint(fields=["member", "starts_on"], name="one_subscription_per_start"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_category_display()} · {self.starts_on}–{self.ends_on}"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class RegisterSettings(models.Model):
    """How an organisation's membership year runs (calendar year, or from
    September as many associations do)."""

    organisation = models.OneToOneField("cms.OrganisationPage", on_delete=models.CASCADE, primary_key=True,
                                        related_name="register_settings")
    year_starts_month = models.PositiveSmallIntegerField(
        _("the membership year starts in"), default=1,
        choices=[(month, month) for month in range(1, 13)],
        help_text=_("1 for January (the calendar year), 9 for September…"),
    )

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")

    def __str__(self):
        return str(self.organisation)
