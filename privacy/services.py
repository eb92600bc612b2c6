"""Deleting an account (issue 19).

The person's row stays, emptied, so that what they gave others keeps its
place: a thread keeps its replies, a project its history, a count its
number, a ballot its weight, each signed “Deleted account”. Everything
that says who they were goes: names, e-mail, picture, biography, sign-in,
their copies in comments and in other people's notifications. What only
served them goes too (roles, seats, follows, notifications, preferences),
and what would still act in their name (supports that had no effect yet,
offers to help, invitations). The organisations' member registers are their
own records: the entry stays, no longer linked to an account."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments.models import Comment as BaseComment

from assemblies.models import Assembly
from committees.models import CommitteeMember, MeetingAttendance
from core.page_cache import public_pages_changed_on_commit
from core.renditions import renditions_delete
from journal.models import ActionPilot
from participation.audit import audit_forget_person, audit_record
from participation.models import (
    AccueilPerson,
    AuditAction,
    Comment,
    EmailPreference,
    Follow,
    Membership,
    Notification,
    RegisterMember,
)
from projects.models import HelpOffer, Project, ProjectAuthor, ProjectStatus, Support

from .exports import data_exports_forget
from .models import AccountErasure, Contributions, DataExport, InactivityWarning
from .selectors import accueil_organisations

User = get_user_model()


def account_erase(*, person, by, contributions: str, reason: str = "", organisation=None) -> AccountErasure:
    """`by` is the person themselves, or a staff member of `organisation`
    acting at the person's request at the accueil (a reason is then
    required, and recorded)."""
    on_behalf = by.pk != person.pk
    reason = reason.strip()[:500]
    if on_behalf:
        if organisation is None or organisation.pk not in {o.pk for o in accueil_organisations(by, person)}:
            raise PermissionDenied
        if not reason:
            raise ValidationError(_("Say why the account is deleted (the person's request, how it was made)."),
                                  code="reason_required")
    elif not by.has_perm("privacy.erase_own_account"):
        raise PermissionDenied
    if contributions not in Contributions.values:
        raise ValidationError(_("Choose what becomes of the contributions."), code="contributions")
    return _erase(person=person, by=by if on_behalf else None, contributions=contributions,
                  reason=reason if on_behalf else "", organisation=organisation if on_behalf else None)


def account_erase_inactive(*, person, years: int) -> AccountErasure:
    """Retention (privacy/retention.py): an account nobody signed in to for
    `years`, after the warnings. Its contributions stay, signed “Deleted
    account”."""
    return _erase(person=person, by=None, contributions=Contributions.KEEP, organisation=None,
                  reason=_("Inactive for %(years)s years") % {"years": years})


def _erase(*, person, by, contributions: str, reason: str, organisation) -> AccountErasure:
    on_behalf = by is not None
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.is_erased:
            raise ValidationError(_("This account is already deleted."), code="already_erased")
        names = {str(person), person.display_name, person.get_full_name(), person.get_username(), person.email}
        summary = {
            "comments": _comments(person, contributions),
            **_projects(person),
            **_ties(person),
            "notifications_of_others": _notifications_of_others(person, names - {""}),
        }
        _account(person)
        audit_forget_person(person)
        erasure = AccountErasure.objects.create(
            account_id=person.pk, by=by, on_behalf=on_behalf, organisation=organisation, reason=reason,
            contributions=contributions, summary=summary)
        if on_behalf:
            audit_record(organisation=organisation, actor=by, action=AuditAction.ACCOUNT_ERASED,
                         label=f"#{person.pk}", after={"reason": reason, "contributions": contributions, **summary})
    # Plan pages show comments, projects and supports with names: cached
    # copies go.
    public_pages_changed_on_commit()
    return erasure


def _comments(person, contributions: str) -> int:
    """Comments keep their place in the threads; the copies of the name
    and address comments-xtd keeps on each go, and the text too if chosen."""
    own = BaseComment.objects.filter(user=person)
    count = own.count()
    own.update(user_name="", user_email="", user_url="", ip_address=None)
    if contributions == Contributions.DELETE:
        mine = Comment.objects.filter(user=person, deleted_at__isnull=True)
        BaseComment.objects.filter(pk__in=mine.values("pk")).update(comment="")
        mine.update(stance="", deleted_at=timezone.now())
    return count


def _projects(person) -> dict:
    """A project passes to the first co-carrier who accepted; without one,
    the organisation holds it (its staff already manage it). A draft nobody
    else carries was the person's alone: it goes."""
    handed, kept, drafts = 0, 0, 0
    for project in Project.objects.filter(Q(created_by=person) | Q(authors__user=person)).distinct():
        ProjectAuthor.objects.filter(project=project, user=person).delete()
        heir = (ProjectAuthor.objects.filter(project=project, accepted=True).select_related("user")
                .order_by("accepted_at", "pk").first())
        if project.created_by_id != person.pk:
            continue
        if heir is None and project.status == ProjectStatus.DRAFT:
            project.delete()
            drafts += 1
            continue
        project.created_by = heir.user if heir else None
        project.save(update_fields=["created_by", "updated_at"])
        handed, kept = handed + bool(heir), kept + (heir is None)
    # A support that already put the project on the review list has had its
    # effect: it stays, anonymous; the others are withdrawn.
    withdrawn, _counts = Support.objects.filter(user=person, project__reviewed_at__isnull=True).delete()
    offers, _counts = HelpOffer.objects.filter(user=person).delete()
    return {"projects_handed_to_carriers": handed, "projects_to_organisation": kept, "drafts_deleted": drafts,
            "supports_withdrawn": withdrawn, "help_offers_deleted": offers}


def _ties(person) -> dict:
    """Roles, seats and everything that served only the person."""
    memberships, _counts = Membership.objects.filter(user=person).delete()
    seats, _counts = CommitteeMember.objects.filter(user=person).delete()
    ActionPilot.objects.filter(user=person).delete()
    MeetingAttendance.objects.filter(user=person, meeting__starts_at__gt=timezone.now()).delete()
    for assembly in Assembly.objects.filter(helpers=person):
        assembly.helpers.remove(person)
    registers = RegisterMember.objects.filter(user=person).update(user=None)
    # A person without an account, recorded at the accueil: the row that
    # tied them to the organisation (and its register entry) goes.
    AccueilPerson.objects.filter(user=person).delete()
    Follow.objects.filter(user=person).delete()
    InactivityWarning.objects.filter(user=person).delete()
    Notification.objects.filter(recipient=person).delete()
    EmailPreference.objects.filter(user=person).delete()
    EmailAddress.objects.filter(user=person).delete()
    data_exports_forget(DataExport.objects.filter(user=person))
    person.groups.clear()
    person.user_permissions.clear()
    return {"memberships_ended": memberships, "committee_seats_ended": seats, "register_entries_unlinked": registers}


def _notifications_of_others(person, names: set[str]) -> int:
    """Other people's notifications kept the person's name in their text
    (“Camille offers to help”): it becomes “Deleted account”."""
    changed = 0
    for name in sorted(names, key=len, reverse=True):
        changed += Notification.objects.filter(actor=person, detail__contains=name).update(
            detail=Replace("detail", Value(name), Value(_("Deleted account"))))
    return changed


def _account(person) -> None:
    if person.avatar:
        storage, name = person.avatar.storage, person.avatar.name
        person.avatar.delete(save=False)
        renditions_delete(storage, name)
    from wagtail.users.models import UserProfile

    for profile in UserProfile.objects.filter(user=person):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    person.username = f"compte-supprime-{person.pk}"
    person.first_name = person.last_name = person.email = ""
    person.display_name = person.bio = person.quartier = person.calendar_token = ""
    person.avatar = ""
    person.set_unusable_password()
    person.is_active = person.is_staff = person.is_superuser = False
    person.erased_at = timezone.now()
    person.save()
