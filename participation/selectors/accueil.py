"""Reads for the accueil: the people one may record for, found by name."""

from django.db.models import Q

from ..models import AccueilPerson, MembershipStatus, RegisterMember, User

SEARCH_LIMIT = 20


def _people_q(organisation) -> Q:
    """The people of an organisation the accueil may record for: in its
    register with an account, declared in it (an accepted role), or recorded
    at its accueil without an account."""
    return (Q(register_entries__organisation=organisation)
            | Q(memberships__organisation=organisation, memberships__status=MembershipStatus.ACCEPTED)
            | Q(accueil_person__organisation=organisation))


def accueil_person(organisation, user_id: int) -> User | None:
    ids = User.objects.filter(_people_q(organisation), pk=user_id, is_active=True).values("pk")
    return User.objects.select_related("accueil_person").filter(pk__in=ids).first()


def accueil_search(organisation, query: str) -> dict:
    """Who matches a name, a member number or an e-mail address: the
    register's entries (with or without an account) and the other people of
    the organisation. Only names and numbers are shown: the volunteers at the
    accueil do not keep the register."""
    query = (query or "").strip()[:100]
    if len(query) < 2:
        return {"query": query, "register": [], "people": []}
    register = list(RegisterMember.objects.filter(organisation=organisation)
                    .filter(Q(name__icontains=query) | Q(number__iexact=query) | Q(email__iexact=query))
                    .select_related("user").prefetch_related("accueil_people").order_by("name", "pk")[:SEARCH_LIMIT])
    in_register = {entry.user_id for entry in register if entry.user_id}
    in_register |= {person.user_id for entry in register for person in entry.accueil_people.all()}
    ids = User.objects.filter(_people_q(organisation), is_active=True).filter(
        Q(display_name__icontains=query) | Q(email__iexact=query)).values("pk")
    people = [person for person in User.objects.filter(pk__in=ids).select_related("accueil_person")
              .order_by("display_name", "pk")[:SEARCH_LIMIT] if person.pk not in in_register]
    for entry in register:
        found = entry.accueil_people.all()
        entry.person_id = entry.user_id or (found[0].user_id if found else None)
    return {"query": query, "register": register, "people": people}


def is_without_account(user) -> bool:
    return AccueilPerson.objects.filter(user=user).exists()
