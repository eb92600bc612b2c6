from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    """When the e-mails of a person's notifications leave (participation/digests.py)."""

    INSTANT = "instant", _("At once, one e-mail per notification")
    DAILY = "daily", _("Once a day, in one e-mail (daily digest)")
    WEEKLY = "weekly", _("Once a week, in one e-mail (weekly digest, on Monday)")
    NONE = "none", _("Never: only in my notifications on the site")


class User(AbstractUser):
    """The project's user from the first migration, so accounts can grow
    (display name, quartier, roles per organisation) without a swap later."""

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to contributions; a pseudonym is allowed. The email address is never shown."),
    )
    bio = models.TextField(_("a few words about you"), max_length=500, blank=True)
    quartier = models.CharField(
        _("neighbourhood"), max_length=120, blank=True, help_text=_("Optional: the neighbourhood you live or work in.")
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    calendar_token = models.CharField(
        _("private calendar link key"), max_length=64, blank=True, editable=False, db_index=True,
        help_text=_("Opens the feed of the person's committee meetings, members-only ones included."),
    )

    email_frequency = models.CharField(
        _("e-mails of my notifications"), max_length=8, choices=EmailFrequency.choices,
        default=EmailFrequency.INSTANT,
    )
    email_links_version = models.PositiveIntegerField(
        _("version of the links in e-mails"), default=0, editable=False,
        help_text=_("Moves on when the person asks, or changes their password or address: the unsubscribe links "
                    "of the e-mails sent before stop working."),
    )
    terms_accepted_at = models.DateTimeField(
        _("terms of use accepted"), null=True, blank=True, editable=False,
        help_text=_("When the person last accepted the terms of use (at sign-up, then when they change)."),
    )
    erased_at = models.DateTimeField(
        _("account deleted"), null=True, blank=True, editable=False,
        help_text=_("The person's data is gone; the row stays so that what they contributed keeps its place "
                    "(threads, counts, histories) under “Deleted account”."),
    )

    @property
    def avatar_stem(self) -> str:
        """The random part of the avatar's stored name, which addresses its
        renditions (participation:avatar_rendition); "" for a name the site
        did not choose."""
        name = self.avatar.name if self.avatar else ""
        stem, _dot, extension = name.removeprefix("avatars/").partition(".")
        if len(stem) == 32 and extension in ("jpg", "png") and all(char in "0123456789abcdef" for char in stem):
            return stem
        return ""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        if self.erased_at is not None:
            return str(_("Deleted account"))
        return self.display_name or self.get_username()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._email_loaded = user.__dict__.get("email")
        return user

    def save(self, *args, **kwargs):
        """A new password or address, wherever it is set (allauth's forms, a
        reset, the shell), revokes the links of the e-mails sent before: they
        may sit in a mailbox that is no longer only this person's. (Django's
        silent rehashing of a password on sign-in does not count.)"""
        loaded = getattr(self, "_email_loaded", None)
        new_address = loaded is not None and self.__dict__.get("email", loaded) != loaded
        if self.pk is not None and (self._password is not None or new_address):
            self.email_links_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "email_links_version"}
        super().save(*args, **kwargs)
        self._email_loaded = self.__dict__.get("email")


class Role(models.TextChoices):
    RESIDENT = "habitant", _("Resident")
    VOLUNTEER = "benevole", _("Volunteer")
    PARTNER = "partenaire", _("Partner")
    STAFF = "salarie", _("Staff member")
    ADMINISTRATOR = "administrateur", _("Administrator")


# Roles a person may declare alone; the others are requested and validated
# by the organisation's staff.
SELF_DECLARED_ROLES = {Role.RESIDENT}
STAFF_ROLES = {Role.STAFF, Role.ADMINISTRATOR}


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting validation")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Membership(models.Model):
    """A person's role in an organisation: habitant is declared, the other
    roles wait for the organisation's staff."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        "cms.OrganisationPage", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    answer = models.TextField(_("answer"), blank=True, max_length=1000)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "role", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="one_membership_per_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def is_accepted(self) -> bool:
        return self.status == MembershipStatus.ACCEPTED
