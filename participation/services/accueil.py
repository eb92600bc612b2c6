"""The accueil: its staff and volunteers record on behalf of a person who
is there and consents (issue 22). Every record goes through `accueil_check`;
the apps' own services then write the row with its origin and recorder."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..commenting import commentable
from ..models import AccueilPerson, AuditAction, Comment, RegisterMember, User
from ..selectors.accueil import accueil_person
from .comments import comment_post


def _require(by, organisation) -> None:
    if not by.has_perm("participation.record_at_accueil", organisation):
        raise PermissionDenied


def accueil_check(*, by, organisation, person, consent: bool) -> None:
    """The recorder keeps this organisation's accueil, the person is one of
    its people, and they agreed to what is recorded in their name."""
    _require(by, organisation)
    if person is None or accueil_person(organisation, person.pk) is None:
        raise PermissionDenied
    if not consent:
        raise ValidationError({"consent": ValidationError(
            _("Tick the box once the person has agreed to this being recorded in their name."), code="consent")})


@transaction.atomic
def accueil_person_add(*, by, organisation, name: str = "", register_member: RegisterMember | None = None) -> User:
    """Someone without an account: a person row that cannot sign in (no
    password, no e-mail address). From the register, the same person each
    time (the entry's account if it has one)."""
    _require(by, organisation)
    if register_member is not None:
        # Locked alone: PostgreSQL locks no outer join (its account is optional).
        register_member = (RegisterMember.objects.select_for_update()
                           .filter(pk=register_member.pk, organisation=organisation).first())
        if register_member is None:
            raise PermissionDenied
        if register_member.user_id:
            return register_member.user
        found = AccueilPerson.objects.filter(register_member=register_member).select_related("user").first()
        if found is not None:
            return found.user
        name = register_member.name
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ValidationError({"name": ValidationError(_("Write the person's name."), code="required")})
    user = User(username=f"accueil-{secrets.token_hex(8)}", display_name=name, email="")
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    AccueilPerson.objects.create(user=user, organisation=organisation, register_member=register_member,
                                 created_by=by)
    return user


def accueil_recorded(*, by, organisation, person, what: str, on: str) -> None:
    """What was recorded in a person's name, in the organisation's audit
    log: by whom, what and on what. The entry is about the person's account,
    so deleting it leaves neither their name nor what they said there."""
    audit_record(organisation=organisation, actor=by, action=AuditAction.ACCUEIL_RECORDED, obj=person,
                 after={"what": str(what), "on": str(on)[:200]})


@transaction.atomic
def accueil_comment(*, by, organisation, person, target, text: str, consent: bool) -> Comment:
    """A comment said at the accueil, on something of this organisation the
    person may read; it shows "recueilli à l'accueil"."""
    accueil_check(by=by, organisation=organisation, person=person, consent=consent)
    registered = commentable(target)
    owner = registered.organisation(target)
    if owner is None or owner.pk != organisation.pk or not registered.can_view(person, target):
        raise PermissionDenied
    comment = comment_post(user=person, target=target, text=text, recorded_by=by)
    accueil_recorded(by=by, organisation=organisation, person=person, what=_("a comment"), on=target)
    return comment
