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

    Its animators take part in running the organisation: for instance, a
    comité put in charge of a projet habitant studies and answers it."""

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


class CommitteeRole(models.TextChoices):
    MEMBER = "membre", _("Member")
    ANIMATOR = "animateur", _("Animator")
    SECRETARY = "secretaire", _("Secretary")


class CommitteeMemberQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=CommitteeMemberStatus.ACCEPTED)


class CommitteeMemberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Member")
    DECLINED = "declined", _("Declined")


class CommitteeMember(models.Model):
    """Someone's seat in a comité, with their role in it."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("committee"))
    user = models.ForeignKey("participation.User", on_delete=models.CASCADE, related_name="committee_seats",
                             verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=12, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=CommitteeMemberStatus.choices,
                              default=CommitteeMemberStatus.ACCEPTED)
    joined_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_seat_per_committee"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.committee}"
