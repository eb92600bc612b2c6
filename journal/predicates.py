"""Who writes an action's journal: the staff of the organisation whose plan
it is, the people the staff named its pilots, and the animators and
secretaries of the comités that pilot it (committees/roles.py)."""

import rules
from django.core.cache import cache

from committees import roles as committee_roles
from committees.models import CommitteePlanItem, PlanItemRelation
from participation import roles

from .models import ActionPilot


def action_organisation_id(action) -> int | None:
    """The organisation whose plan holds the action (the plan's parent),
    kept on the action for the request."""
    if action is None or not action.plan_id:
        return None
    if "_organisation_id" not in action.__dict__:
        from cms.models import OrganisationPage, PlanPage

        plan = action._state.fields_cache.get("plan")
        plan_path = plan.path if plan is not None else PlanPage.objects.filter(pk=action.plan_id).values_list(
            "path", flat=True).first()
        action._organisation_id = OrganisationPage.objects.filter(path=plan_path[: -action.steplen]).values_list(
            "pk", flat=True).first() if plan_path else None
    return action._organisation_id


PILOTED_KEY = "journal-piloted:{}:{}"


def piloted_action_ids(user) -> frozenset[int]:
    """The actions this person was named pilot of, kept in the cache (every
    action page asks) until the staff name or remove them."""
    key = PILOTED_KEY.format(user.pk, user.date_joined.timestamp())

    def read():
        found = cache.get(key)
        if found is None:
            found = frozenset(ActionPilot.objects.filter(user=user).values_list("action_id", flat=True))
            cache.set(key, found, timeout=3600)
        return found

    return roles.cached(user, "piloted-actions", read)


def piloted_forget(user) -> None:
    cache.delete(PILOTED_KEY.format(user.pk, user.date_joined.timestamp()))


def is_pilot(user, action) -> bool:
    return action is not None and user.is_authenticated and action.pk in piloted_action_ids(user)


def runs_piloting_committee(user, action) -> bool:
    run = committee_roles.run_committee_ids(user)
    if action is None or not run:
        return False
    ancestors = [action.path[:end] for end in range(action.steplen, len(action.path) + 1, action.steplen)]
    return CommitteePlanItem.objects.filter(committee_id__in=run, relation=PlanItemRelation.PILOTS,
                                            page__path__in=ancestors).exists()


@rules.predicate
def is_action_staff(user, action) -> bool:
    if action is None or not user.is_authenticated:
        return False
    if not user.is_superuser and not roles.staff_organisation_ids(user):
        return False  # staff nowhere: no need to find the action's organisation
    return roles.is_staff(user, action_organisation_id(action))


@rules.predicate
def may_write_journal(user, action) -> bool:
    return action is not None and action.live and (
        is_action_staff(user, action) or is_pilot(user, action) or runs_piloting_committee(user, action))


@rules.predicate
def is_entry_staff(user, entry) -> bool:
    return entry is not None and roles.is_staff(user, entry.organisation_id)


@rules.predicate
def is_entry_author_still_writing(user, entry) -> bool:
    return (entry is not None and user.is_authenticated and entry.author_id == user.pk
            and may_write_journal(user, entry.action))
