from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("journal/_action_journal.html", takes_context=True)
def action_journal(context, action):
    """The action's journal, newest first, with the writing links for those
    who may write it. The entries are the same for every reader of the
    page: read and shown once per change of the public pages (the template
    caches them; `entries` is read only when it renders them)."""
    from journal.selectors import action_journal as entries_of

    user = context["request"].user
    return {"action": action, "entries": lambda: entries_of(action), "user": user,
            "can_add": user.has_perm("journal.add_entry", action),
            "can_manage_pilots": user.has_perm("journal.manage_pilots", action),
            "fragment_seconds": context.get("fragment_seconds", 0),
            "public_generation": context.get("public_generation", "")}


@register.inclusion_tag("journal/_latest_news.html")
def latest_news(page):
    """"Dernières nouvelles": the latest entries under an axis, an objective
    or the whole plan."""
    from journal.selectors import latest_news as news

    return {"entries": news(page), "page": page}


@register.inclusion_tag("journal/_month.html")
def plan_month(plan):
    """What moved in the plan this month."""
    from journal.selectors import month_news

    return {"plan": plan, **month_news(plan, timezone.localdate())}
