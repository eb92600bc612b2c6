"""Reading the journals: an action's, the news under a plan item, a plan's
month. A fixed number of queries whatever the number of entries."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q

from cms.models import IndicatorValue, PlanPage
from participation.models import Comment, User

from .models import ActionPilot, JournalEntry

NEWS_LIMIT = 5


def _with_counts(entries: list[JournalEntry]) -> list[JournalEntry]:
    """Each entry's number of published comments, in one query."""
    if entries:
        content_type = ContentType.objects.get_for_model(JournalEntry)
        counts = dict(Comment.objects.filter(content_type=content_type, object_pk__in=[str(e.pk) for e in entries])
                      .published().order_by().values("object_pk").annotate(n=Count("pk")).values_list("object_pk", "n"))
        for entry in entries:
            entry.comment_count = counts.get(str(entry.pk), 0)
    return entries


def _entries():
    return JournalEntry.objects.select_related("author").prefetch_related(
        Prefetch("indicator_values", queryset=IndicatorValue.objects.select_related("indicator")))


def action_journal(action) -> list[JournalEntry]:
    """The action's entries, newest first."""
    entries = list(_entries().filter(action=action))
    for entry in entries:
        entry.action = action
    return _with_counts(entries)


def latest_news(page, limit: int = NEWS_LIMIT) -> list[JournalEntry]:
    """The latest entries of the published actions at or below a plan page."""
    queryset = _entries().select_related("action").public(within=page.path).order_by("-date", "-pk")
    if isinstance(page, PlanPage):
        queryset = queryset.filter(action__plan=page)
    else:
        queryset = queryset.under(page)
    return _with_counts(list(queryset[:limit]))


def month_news(plan: PlanPage, today: datetime.date) -> dict:
    """What moved in the plan since the first of the month: the entries,
    and the actions whose status changed."""
    start = today.replace(day=1)
    entries = list(_entries().select_related("action").public(within=plan.path)
                   .filter(action__plan=plan, date__gte=start, date__lte=today).order_by("-date", "-pk"))
    moved = {entry.action_id for entry in entries if entry.status_changed}
    return {"start": start, "entries": _with_counts(entries), "moved": len(moved),
            "actions": len({entry.action_id for entry in entries})}


def entry_for_view(pk: int) -> JournalEntry:
    return _entries().select_related("action", "action__plan", "organisation").get(pk=pk)


def action_pilots(action) -> list[ActionPilot]:
    return list(ActionPilot.objects.filter(action=action).select_related("user"))


def person_find(organisation_id: int, query: str) -> User | None:
    """A person to name pilot, by their display name or e-mail address,
    among those with a role in the organisation (accepted)."""
    query = (query or "").strip()
    if not query:
        return None
    from participation.models import MembershipStatus

    people = User.objects.filter(memberships__organisation_id=organisation_id,
                                 memberships__status=MembershipStatus.ACCEPTED, is_active=True).distinct()
    return people.filter(Q(email__iexact=query) | Q(display_name__iexact=query)).first()


def news_now(scope, user, now) -> list[JournalEntry]:
    """"En ce moment": the latest news of the plans in the scope, as anyone
    may read them (published actions outside any private branch)."""
    from participation.whats_on import LIMIT

    queryset = JournalEntry.objects.select_related("action").filter(scope.q("action__"))
    return list(queryset.order_by("-date", "-pk")[:LIMIT])


ACCUEIL_ENTRIES = 30


def accueil_entries(organisation) -> list:
    """The organisation's latest public journal entries, for the accueil's
    "About" list."""
    from django.utils.formats import date_format
    from django.utils.text import Truncator
    from django.utils.translation import gettext as _

    entries = (JournalEntry.objects.select_related("action").public().filter(organisation=organisation)
               .order_by("-date", "-pk")[:ACCUEIL_ENTRIES])
    return [(_("News of the plan"), [
        (entry, Truncator(f"{date_format(entry.date, 'SHORT_DATE_FORMAT')} · "
                          f"{entry.action.number or ''} {entry.action.title}".replace("  ", " ")).chars(90))
        for entry in entries])]
