"""Who may do what with an assembly (the object is the assembly, or the
organisation for its statutes and for creating one).

- The organisation's staff prepare and run it: statutes, agenda, documents,
  convocation, paper proxies, the session, the votes, the minutes.
- Volunteers the staff name (`helpers`) keep the door: they tick arrivals
  and departures and renew memberships at the door.
- Members (in the register, linked to their account, up to date today or on
  the day of the assembly) read its documents, watch the room's screen and,
  once the minutes are drawn up, read them.
- Members with a vote (the statutes' electorate) give a proxy until the
  opening, and vote in the room once it is open.
- Anyone sees a convened assembly's date, place and agenda (a convocation is
  no secret); nothing else."""

import rules
from django.utils import timezone

from participation import roles
from participation.predicates import is_organisation_staff


def _cached(user, assembly, key, compute):
    store = assembly.__dict__.setdefault("_rules_cache", {})
    full = (getattr(user, "pk", None), key)
    if full not in store:
        store[full] = compute()
    return store[full]


@rules.predicate
def is_assembly_staff(user, assembly) -> bool:
    return assembly is not None and roles.is_staff(user, assembly.organisation_id)


@rules.predicate
def is_helper(user, assembly) -> bool:
    if assembly is None or not user.is_authenticated or not user.is_active:
        return False
    return _cached(user, assembly, "helper", lambda: assembly.helpers.filter(pk=user.pk).exists())


@rules.predicate
def is_member(user, assembly) -> bool:
    """In the register, up to date today or on the day of the assembly."""
    if assembly is None:
        return False
    return (roles.is_member_up_to_date(user, assembly.organisation_id)
            or roles.is_member_up_to_date(user, assembly.organisation_id, on=timezone.localdate(assembly.starts_at)))


@rules.predicate
def has_vote_at(user, assembly) -> bool:
    """In the statutes' electorate for this assembly."""
    if assembly is None or not user.is_authenticated or not user.is_active:
        return False

    def compute():
        from .selectors import electorate

        return electorate(assembly).filter(user=user).exists()

    return _cached(user, assembly, "vote", compute)


@rules.predicate
def is_convened(user, assembly) -> bool:
    return assembly is not None and not assembly.is_draft


@rules.predicate
def before_opening(user, assembly) -> bool:
    return assembly is not None and assembly.before_opening


@rules.predicate
def in_session(user, assembly) -> bool:
    return assembly is not None and assembly.is_open


@rules.predicate
def proxies_allowed(user, assembly) -> bool:
    return assembly is not None and assembly.statutes.proxies_allowed


@rules.predicate
def minutes_drawn_up(user, assembly) -> bool:
    return assembly is not None and assembly.minutes_final_at is not None


@rules.predicate
def presides(user, assembly) -> bool:
    return (assembly is not None and assembly.president_id is not None and user.is_authenticated
            and assembly.president.user_id == user.pk)


rules.add_perm("assemblies.manage_statutes", is_organisation_staff)
rules.add_perm("assemblies.add_assembly", is_organisation_staff)
rules.add_perm("assemblies.view_assembly", is_convened | is_assembly_staff)
rules.add_perm("assemblies.manage_assembly", is_assembly_staff)
rules.add_perm("assemblies.view_documents", is_assembly_staff | (is_convened & is_member))
rules.add_perm("assemblies.give_proxy", is_convened & before_opening & proxies_allowed & has_vote_at)
rules.add_perm("assemblies.record_proxy", is_assembly_staff & proxies_allowed)
rules.add_perm("assemblies.keep_door", is_assembly_staff | (is_convened & is_helper))
rules.add_perm("assemblies.watch_room", is_assembly_staff | (is_convened & (is_helper | is_member)))
rules.add_perm("assemblies.vote_in_room", in_session & has_vote_at)
rules.add_perm("assemblies.view_minutes", is_assembly_staff | (minutes_drawn_up & is_member))
rules.add_perm("assemblies.sign_minutes", minutes_drawn_up & (is_assembly_staff | presides))
