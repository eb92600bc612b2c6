"""Reads for people's data."""

from cms.models import OrganisationPage
from participation.models import AccueilPerson, Membership, RegisterMember
from participation.roles import is_staff_anywhere, staff_organisation_ids

from .models import AccountErasure


def person_organisation_ids(person) -> set[int]:
    """The organisations a person is known to: a role declared or asked
    for, an entry in their register linked to the account, or the accueil
    that recorded them without an account."""
    declared = Membership.objects.filter(user=person).values_list("organisation_id", flat=True)
    registered = RegisterMember.objects.filter(user=person).values_list("organisation_id", flat=True)
    recorded = AccueilPerson.objects.filter(user=person).values_list("organisation_id", flat=True)
    return set(declared) | set(registered) | set(recorded)


def accueil_organisations(staff, person) -> list[OrganisationPage]:
    """Where `staff` may delete `person`'s account at their request: the
    organisations of theirs that know the person. Never an account of staff
    (of any organisation) or of the site's administrators: those leave by
    themselves, or through a superuser."""
    if (not getattr(person, "pk", None) or person.pk == staff.pk or person.is_erased or person.is_superuser
            or person.is_staff or is_staff_anywhere(person)):
        return []
    ids = staff_organisation_ids(staff) & person_organisation_ids(person)
    return list(OrganisationPage.objects.filter(pk__in=ids).order_by("title"))


def erasures_of(organisation):
    """The deletions made at an organisation's accueil, newest first."""
    return AccountErasure.objects.filter(organisation=organisation).select_related("by")[:50]
