"""Committees: joining, requests and their answers, appointments, roles,
consent to the public list, and the committee's own settings."""

import copy
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.sanitising import clean_user_text
from participation.audit import audit_record
from participation.models import AuditAction, Follow, MembershipStatus, Origin, User
from participation.selectors.memberships import people_named
from participation.services.accueil import accueil_check, accueil_recorded
from participation.services.memberships import organisation_staff_ids
from participation.services.notifications import notifications_create

from ..models import (
    Committee,
    CommitteeMember,
    CommitteeMemberStatus,
    CommitteePlanItem,
    CommitteeRole,
    MembershipPolicy,
    PlanItemRelation,
)
from ..notices import CommitteeNotice
from ..selectors import committee_plan_item_choices

ACCEPTED = CommitteeMemberStatus.ACCEPTED
PENDING = CommitteeMemberStatus.PENDING
DECLINED = CommitteeMemberStatus.DECLINED


def _require(user: User, perm: str, committee: Committee) -> None:
    if not user.has_perm(perm, committee):
        raise PermissionDenied


def runner_ids(committee: Committee) -> set[int]:
    """Who answers requests: the animators and secretary, else the staff."""
    runners = set(CommitteeMember.objects.running().filter(committee=committee).values_list("user_id", flat=True))
    return runners or organisation_staff_ids(committee.organisation)


def member_ids(committee: Committee) -> set[int]:
    return set(CommitteeMember.objects.accepted().filter(committee=committee).values_list("user_id", flat=True))


def follower_ids(committee: Committee) -> set[int]:
    content_type = ContentType.objects.get_for_model(Committee)
    return set(Follow.objects.filter(content_type=content_type, object_id=committee.pk)
               .values_list("user_id", flat=True))


def _tell(committee: Committee, recipients: dict[int, str], actor: User | None, detail: str, url: str = "") -> None:
    recipients.pop(getattr(actor, "pk", None), None)
    notifications_create(recipients=recipients, target=committee, actor_id=getattr(actor, "pk", None),
                         title=committee.name, url=url or committee.get_absolute_url(), detail=detail)


def _lock(committee: Committee) -> None:
    """Changes to one committee's seats happen one at a time: the committee
    row is locked first, so that checks across seats (the last animator)
    hold, and without deadlocks between seats locked in different orders."""
    list(Committee.objects.select_for_update().filter(pk=committee.pk).values_list("pk", flat=True))


def _seat_locked(committee: Committee, user: User) -> CommitteeMember | None:
    _lock(committee)
    return CommitteeMember.objects.select_for_update().filter(committee=committee, user=user).first()


def _seat_save(seat: CommitteeMember) -> CommitteeMember:
    """Save a seat; a new one made twice by simultaneous clicks is refused
    by the database, and said so."""
    if seat.pk is not None:
        seat.save()
        return seat
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as error:
        raise ValidationError(_("You are already a member of this committee, or have asked to be."),
                              code="already_member") from error
    return seat


@transaction.atomic
def committee_join(*, user: User, committee: Committee, listed: bool = False) -> CommitteeMember:
    """Join an open committee at once."""
    _require(user, "committees.join_committee", committee)
    seat = _seat_locked(committee, user)
    if seat is not None and seat.status == ACCEPTED:  # a second click, once the first went through
        return seat
    if seat is not None:  # a request left from before the committee opened
        seat.status, seat.listed = ACCEPTED, listed
        seat.save(update_fields=["status", "listed"])
    else:
        seat = _seat_save(CommitteeMember(committee=committee, user=user, status=ACCEPTED, listed=listed))
    _tell(committee, dict.fromkeys(runner_ids(committee) - {user.pk}, CommitteeNotice.REQUEST), user,
          _("%(name)s joined the committee.") % {"name": user})
    return seat


@transaction.atomic
def committee_request(*, user: User, committee: Committee, message: str = "", listed: bool = False) -> CommitteeMember:
    """Ask to join a committee on request; its animators answer. A declined
    person may ask again."""
    _require(user, "committees.request_committee", committee)
    message = clean_user_text(message)[:1000]
    seat = _seat_locked(committee, user)
    if seat is not None and seat.status == PENDING:
        raise ValidationError(_("Your request is already waiting for an answer."), code="already_pending")
    if seat is None:
        seat = CommitteeMember(committee=committee, user=user)
    seat.status, seat.message, seat.listed, seat.role = PENDING, message, listed, CommitteeRole.MEMBER
    seat.answer, seat.decided_by, seat.decided_at = "", None, None
    seat = _seat_save(seat)
    _tell(committee, dict.fromkeys(runner_ids(committee), CommitteeNotice.REQUEST), user,
          _("%(name)s asks to join the committee.") % {"name": user}, url=_members_url(committee))
    return seat


@transaction.atomic
def committee_request_at_accueil(*, by: User, user: User, committee: Committee, message: str = "",
                                 consent: bool = False) -> CommitteeMember:
    """At the accueil, on behalf of `user` who is there and consents: a
    request to join a comité on request (its animators answer), or a seat in
    an open one. Never for a comité by designation. Kept with who recorded it."""
    accueil_check(by=by, organisation=committee.organisation, person=user, consent=consent)
    policies = {MembershipPolicy.OPEN: ACCEPTED, MembershipPolicy.ON_REQUEST: PENDING}
    if committee.membership_policy not in policies:
        raise PermissionDenied
    seat = _seat_locked(committee, user)
    if seat is not None and seat.status in (ACCEPTED, PENDING):
        raise ValidationError(_("This person is already a member of this committee, or has asked to be."),
                              code="already_member")
    if seat is None:
        seat = CommitteeMember(committee=committee, user=user)
    seat.status, seat.role, seat.listed = policies[committee.membership_policy], CommitteeRole.MEMBER, False
    seat.message = clean_user_text(message)[:1000]
    seat.answer, seat.decided_by, seat.decided_at = "", None, None
    seat.origin, seat.recorded_by = Origin.ACCUEIL, by
    seat = _seat_save(seat)
    accueil_recorded(by=by, organisation=committee.organisation, person=user,
                     what=_("a request to join a committee") if seat.status == PENDING else _("a committee seat"),
                     on=committee.name)
    detail = (_("%(name)s asks to join the committee (recorded at the accueil).") if seat.status == PENDING
              else _("%(name)s joined the committee (recorded at the accueil).")) % {"name": user}
    _tell(committee, dict.fromkeys(runner_ids(committee) - {user.pk}, CommitteeNotice.REQUEST), by, detail,
          url=_members_url(committee))
    return seat


def _audit_seat(by: User, committee: Committee, person: User, before: CommitteeMember | None,
                after: CommitteeMember | None) -> None:
    """The decisions of animators and staff on seats, in the organisation's
    audit log (about the person's account: deleting it empties the entry)."""
    def values(seat):
        return {"committee": committee.name, "status": seat.status, "role": seat.role} if seat else {}

    audit_record(organisation=committee.organisation_id, actor=by, action=AuditAction.COMMITTEE_SEAT,
                 obj=person, before=values(before),
                 after=values(after))


def _members_url(committee: Committee) -> str:
    return reverse("committees:committee_members", args=[committee.organisation.slug, committee.slug])


@transaction.atomic
def committee_member_answer(*, by: User, seat: CommitteeMember, accept: bool, answer: str = "") -> CommitteeMember:
    """An animator (or the staff) accepts or declines a request, with a
    message the person receives."""
    _require(by, "committees.manage_committee", seat.committee)
    _lock(seat.committee)
    seat = CommitteeMember.objects.select_for_update().select_related("committee").get(pk=seat.pk)
    if seat.status != PENDING:
        raise ValidationError(_("This request has already been answered."), code="already_answered")
    before = copy.copy(seat)
    seat.status = ACCEPTED if accept else DECLINED
    seat.answer, seat.decided_by, seat.decided_at = clean_user_text(answer)[:1000], by, timezone.now()
    seat.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _audit_seat(by, seat.committee, seat.user, before, seat)
    detail = (_("Your request to join the committee was accepted.") if accept
              else _("Your request to join the committee was declined."))
    _tell(seat.committee, {seat.user_id: CommitteeNotice.ANSWERED}, by,
          f"{detail} {seat.answer}".strip())
    return seat


def _organisation_person(committee: Committee, who: str) -> User:
    """A person of the organisation (any accepted role) by their email
    address or their display name."""
    who = " ".join((who or "").split())
    people = people_named(who).filter(memberships__organisation=committee.organisation,
                                      memberships__status=MembershipStatus.ACCEPTED)
    found = list(people[:2])
    if not found:
        raise ValidationError({"person": ValidationError(
            _("Nobody of %(organisation)s uses the name or address “%(who)s”. Only people with a role in the "
              "organisation can be appointed.") % {"organisation": committee.organisation.title, "who": who},
            code="unknown_person")})
    if len(found) > 1:
        raise ValidationError({"person": ValidationError(
            _("Several people use the name “%(who)s”: give their email address instead.") % {"who": who},
            code="ambiguous_person")})
    return found[0]


@transaction.atomic
def committee_member_appoint(*, by: User, committee: Committee, who: str, role: str) -> CommitteeMember:
    """Appoint a person of the organisation, whatever the committee's policy
    (the only way into a committee by designation). A request waiting from them
    is accepted; a member already seated gets the role."""
    _require(by, "committees.manage_committee", committee)
    if role not in CommitteeRole.values:
        raise ValidationError({"role": ValidationError(_("Choose a role."), code="invalid_role")})
    person = _organisation_person(committee, who)
    seat = _seat_locked(committee, person)
    if seat is not None and seat.status == ACCEPTED and seat.role == role:
        raise ValidationError({"person": ValidationError(
            _("%(name)s is already %(role)s of this committee.") % {"name": person,
                                                                   "role": CommitteeRole(role).label.lower()},
            code="already_member")})
    before = copy.copy(seat)
    if seat is None:
        seat = CommitteeMember(committee=committee, user=person)
    was_member = seat.pk is not None and seat.status == ACCEPTED
    if was_member:
        _keep_an_animator(seat, new_role=role)
    seat.status, seat.role, seat.decided_by, seat.decided_at = ACCEPTED, role, by, timezone.now()
    seat = _seat_save(seat)
    _audit_seat(by, committee, person, before, seat)
    role_label = CommitteeRole(role).label.lower()
    detail = (_("You are now %(role)s of the committee.") if was_member
              else _("You were appointed %(role)s of the committee.")) % {"role": role_label}
    _tell(committee, {person.pk: CommitteeNotice.ANSWERED}, by, detail)
    return seat


def _keep_an_animator(seat: CommitteeMember, new_role: str | None) -> None:
    """A committee that has an animator keeps one: the last one hands over
    (appoints another) before leaving or changing role."""
    if seat.status != ACCEPTED or seat.role != CommitteeRole.ANIMATOR or new_role == CommitteeRole.ANIMATOR:
        return
    others = (CommitteeMember.objects.accepted()
              .filter(committee_id=seat.committee_id, role=CommitteeRole.ANIMATOR).exclude(pk=seat.pk))
    if not others.exists():
        raise ValidationError(_("The committee would have no animator left: appoint another one first."),
                              code="last_animator")


@transaction.atomic
def committee_member_role_set(*, by: User, seat: CommitteeMember, role: str) -> CommitteeMember:
    _require(by, "committees.manage_committee", seat.committee)
    _lock(seat.committee)
    seat = CommitteeMember.objects.select_for_update().select_related("committee").get(pk=seat.pk)
    if seat.status != ACCEPTED:
        raise ValidationError(_("Answer the request first."), code="not_member")
    if role not in CommitteeRole.values:
        raise ValidationError(_("Choose a role."), code="invalid_role")
    if role == seat.role:
        return seat
    _keep_an_animator(seat, new_role=role)
    before = copy.copy(seat)
    seat.role = role
    seat.save(update_fields=["role"])
    _audit_seat(by, seat.committee, seat.user, before, seat)
    _tell(seat.committee, {seat.user_id: CommitteeNotice.ANSWERED}, by,
          _("You are now %(role)s of the committee.") % {"role": seat.get_role_display().lower()})
    return seat


@transaction.atomic
def committee_member_remove(*, by: User, seat: CommitteeMember) -> None:
    _require(by, "committees.manage_committee", seat.committee)
    _lock(seat.committee)
    seat = CommitteeMember.objects.select_for_update().select_related("committee").get(pk=seat.pk)
    _keep_an_animator(seat, new_role=None)
    committee, user_id = seat.committee, seat.user_id
    _audit_seat(by, committee, seat.user, seat, None)
    seat.delete()
    _tell(committee, {user_id: CommitteeNotice.ANSWERED}, by,
          _("You are no longer a member of the committee."))


@transaction.atomic
def committee_leave(*, user: User, committee: Committee) -> None:
    """Leave a committee, or withdraw a request waiting for an answer."""
    seat = _seat_locked(committee, user)
    if seat is None or seat.status == DECLINED:
        raise ValidationError(_("You are not a member of this committee."), code="not_member")
    _keep_an_animator(seat, new_role=None)
    seat.delete()


@transaction.atomic
def committee_listing_set(*, user: User, committee: Committee, listed: bool) -> CommitteeMember:
    """Consent (or not) to one's name in the committee's public list."""
    seat = _seat_locked(committee, user)
    if seat is None or seat.status == DECLINED:
        raise ValidationError(_("You are not a member of this committee."), code="not_member")
    seat.listed = listed
    seat.save(update_fields=["listed"])
    return seat


@transaction.atomic
def committee_update(*, by: User, committee: Committee, description: str, membership_policy: str,
                     visibility: str, piloted: list[Page], followed: list[Page]) -> Committee:
    """The committee's description, policy, visibility and plan items, which
    must belong to the plans of its organisation (or of the organisations
    above it, as for the maisons of a shared plan)."""
    _require(by, "committees.manage_committee", committee)
    committee.description = clean_user_text(description)[:5000]
    committee.membership_policy, committee.visibility = membership_policy, visibility
    committee.full_clean()
    committee.save(update_fields=["description", "membership_policy", "visibility"])
    committee_plan_items_set(committee=committee, piloted=piloted, followed=followed)
    return committee


def committee_plan_items_set(*, committee: Committee, piloted: list[Page], followed: list[Page]) -> None:
    allowed = {page.pk for page in committee_plan_item_choices(committee)}
    chosen = {page.pk: PlanItemRelation.FOLLOWS for page in followed}
    chosen.update({page.pk: PlanItemRelation.PILOTS for page in piloted})  # piloting says more than following
    if set(chosen) - allowed:
        raise ValidationError({"piloted": ValidationError(
            _("Choose plan items of the committee's own organisation."), code="foreign_plan_item")})
    CommitteePlanItem.objects.filter(committee=committee).exclude(page_id__in=chosen).delete()
    for page_id, relation in chosen.items():
        CommitteePlanItem.objects.update_or_create(committee=committee, page_id=page_id,
                                                   defaults={"relation": relation})


def calendar_token_reset(*, user: User) -> str:
    """A new key for the person's private calendar link; the old link stops
    working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
