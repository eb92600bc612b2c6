"""The rules an association's statutes set for its assemblies, entered once
and reused by every assembly held under them. Statutes that an assembly has
already been held under are not edited: a new version is made instead, so
that a past procès-verbal keeps the rules it was decided by."""

from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.models import MemberCategory


class AssemblyKind(models.TextChoices):
    ORDINARY = "ago", _("Ordinary general assembly (AGO)")
    EXTRAORDINARY = "age", _("Extraordinary general assembly (AGE)")


class QuorumKind(models.TextChoices):
    NONE = "aucun", _("No quorum")
    NUMBER = "nombre", _("A number of members")
    SHARE = "part", _("A share of the members with a vote")


# The shares statutes write, as fractions (numerator, denominator).
SHARES = {
    "1/10": (1, 10), "1/5": (1, 5), "1/4": (1, 4), "1/3": (1, 3), "1/2": (1, 2), "2/3": (2, 3), "3/4": (3, 4),
}
SHARE_CHOICES = [
    ("1/10", _("a tenth")), ("1/5", _("a fifth")), ("1/4", _("a quarter")), ("1/3", _("a third")),
    ("1/2", _("half")), ("2/3", _("two thirds")), ("3/4", _("three quarters")),
]


class Threshold(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (more for than against)")
    ABSOLUTE = "absolue", _("Absolute majority (more than half)")
    TWO_THIRDS = "deux_tiers", _("Two-thirds majority")
    THREE_QUARTERS = "trois_quarts", _("Three-quarters majority")


class MajorityBase(models.TextChoices):
    EXPRESSED = "exprimes", _("of the votes expressed (abstentions not counted)")
    CAST = "votants", _("of the votes cast (abstentions counted)")
    PRESENT = "presents", _("of the members present or represented")


class ResolutionKind(models.TextChoices):
    """What an agenda item is; the statutes give each voted kind its majority."""

    MORAL_REPORT = "rapport_moral", _("Moral report")
    ACTIVITY_REPORT = "rapport_activite", _("Activity report")
    ACCOUNTS = "comptes", _("Approval of the accounts")
    ALLOCATION = "affectation", _("Allocation of the result")
    BUDGET = "budget", _("Budget")
    ELECTION = "election", _("Election to the board")
    STATUTES = "statuts", _("Change of the statutes")
    DISSOLUTION = "dissolution", _("Dissolution")
    OTHER = "autre", pgettext_lazy("resolution kind", "Other resolution")
    INFORMATION = "information", _("Information, no vote")
    MISC = "divers", _("Any other business (questions diverses)")


VOTED_KINDS = [kind for kind in ResolutionKind if kind not in (ResolutionKind.INFORMATION, ResolutionKind.MISC)]

# As many statutes write them: qualified majorities for what changes the
# association itself.
DEFAULT_MAJORITIES = {
    **{kind.value: {"threshold": Threshold.SIMPLE.value, "base": MajorityBase.EXPRESSED.value}
       for kind in VOTED_KINDS},
    ResolutionKind.ELECTION.value: {"threshold": Threshold.ABSOLUTE.value, "base": MajorityBase.EXPRESSED.value},
    ResolutionKind.STATUTES.value: {"threshold": Threshold.TWO_THIRDS.value, "base": MajorityBase.CAST.value},
    ResolutionKind.DISSOLUTION.value: {"threshold": Threshold.TWO_THIRDS.value, "base": MajorityBase.CAST.value},
}
DEFAULT_CATEGORIES = [MemberCategory.MEMBER.value, MemberCategory.BENEFACTOR.value, MemberCategory.EX_OFFICIO.value]


def default_majorities():
    return {kind: dict(rule) for kind, rule in DEFAULT_MAJORITIES.items()}


def default_categories():
    return list(DEFAULT_CATEGORIES)


@dataclass(frozen=True)
class QuorumRule:
    kind: str
    number: int = 0
    numerator: int = 1
    denominator: int = 2

    def required(self, members_with_vote: int) -> int:
        """Voices needed (at least), for this many members with a vote."""
        if self.kind == QuorumKind.NUMBER:
            return self.number
        if self.kind == QuorumKind.SHARE:
            return ceil(members_with_vote * self.numerator / self.denominator)
        return 0


@dataclass(frozen=True)
class Majority:
    threshold: str
    base: str


class Statutes(models.Model):
    organisation = models.ForeignKey("cms.OrganisationPage", on_delete=models.CASCADE, related_name="statutes",
                                     verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=160,
                             help_text=_("For instance “Statutes adopted on 12 March 2019”."))
    voting_categories = models.JSONField(
        _("who may vote"), default=default_categories,
        help_text=_("The categories of the register whose members, up to date on the day of the assembly and with "
                    "a deliberative vote, may vote."))
    notice_days = models.PositiveSmallIntegerField(
        _("notice (days)"), default=15, validators=[MaxValueValidator(365)],
        help_text=_("The convocation is sent at least this many days before the assembly."))
    ordinary_quorum = models.CharField(_("quorum of an ordinary assembly"), max_length=8, choices=QuorumKind.choices,
                                       default=QuorumKind.NONE)
    ordinary_quorum_number = models.PositiveIntegerField(_("number of members"), default=0)
    ordinary_quorum_share = models.CharField(_("share of the members with a vote"), max_length=5,
                                             choices=SHARE_CHOICES, default="1/4")
    extraordinary_quorum = models.CharField(_("quorum of an extraordinary assembly"), max_length=8,
                                            choices=QuorumKind.choices, default=QuorumKind.SHARE)
    extraordinary_quorum_number = models.PositiveIntegerField(_("number of members"), default=0)
    extraordinary_quorum_share = models.CharField(_("share of the members with a vote"), max_length=5,
                                                  choices=SHARE_CHOICES, default="1/2")
    quorum_counts_proxies = models.BooleanField(
        _("members represented by a proxy count towards the quorum"), default=True)
    second_call_lifts_quorum = models.BooleanField(
        _("a second convocation holds the assembly whatever the number present"), default=True)
    proxies_allowed = models.BooleanField(_("a member may give a proxy to another member"), default=True)
    proxy_cap = models.PositiveSmallIntegerField(
        _("proxies a member may hold at most"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)])
    blank_proxies = models.BooleanField(
        _("blank proxies, given to the president of the session, are allowed"), default=False,
        help_text=_("The president votes them; they are not counted in the cap."))
    secret_elections = models.BooleanField(_("elections of persons by secret ballot"), default=True)
    majorities = models.JSONField(_("majorities"), default=default_majorities)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statutes")
        verbose_name_plural = _("statutes")
        constraints = [
            models.CheckConstraint(condition=Q(proxy_cap__gte=1), name="statutes_proxy_cap_positive"),
            models.CheckConstraint(condition=~Q(ordinary_quorum="nombre") | Q(ordinary_quorum_number__gte=1),
                                   name="statutes_ordinary_quorum_number"),
            models.CheckConstraint(condition=~Q(extraordinary_quorum="nombre")
                                   | Q(extraordinary_quorum_number__gte=1),
                                   name="statutes_extraordinary_quorum_number"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        unknown = set(self.voting_categories or []) - set(MemberCategory.values)
        if not self.voting_categories or unknown:
            raise ValidationError({"voting_categories": _("Choose at least one category of the register.")})
        for kind in VOTED_KINDS:
            rule = (self.majorities or {}).get(kind.value) or {}
            if rule.get("threshold") not in Threshold.values or rule.get("base") not in MajorityBase.values:
                raise ValidationError({"majorities": _("Give the majority of each kind of resolution.")})
        for prefix in ("ordinary", "extraordinary"):
            if getattr(self, f"{prefix}_quorum") == QuorumKind.NUMBER and not getattr(self, f"{prefix}_quorum_number"):
                raise ValidationError({f"{prefix}_quorum_number": _("Give the number of members of the quorum.")})

    def quorum_rule(self, kind: str) -> QuorumRule:
        prefix = "ordinary" if kind == AssemblyKind.ORDINARY else "extraordinary"
        numerator, denominator = SHARES.get(getattr(self, f"{prefix}_quorum_share"), (1, 2))
        return QuorumRule(kind=getattr(self, f"{prefix}_quorum"), number=getattr(self, f"{prefix}_quorum_number"),
                          numerator=numerator, denominator=denominator)

    def majority(self, kind: str) -> Majority:
        rule = (self.majorities or {}).get(kind) or DEFAULT_MAJORITIES.get(kind) or DEFAULT_MAJORITIES["autre"]
        return Majority(threshold=rule["threshold"], base=rule["base"])

