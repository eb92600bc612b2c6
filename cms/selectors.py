"""Reads of the plan site.

Each selector runs a fixed number of queries whatever the size of the plan:
a plan's items carry their plan on the row, so a whole plan is one query per
level, and the tree is rebuilt in Python from Wagtail's materialised paths.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from core.page_cache import public_cached

from .models import (
    ActionPage,
    ActionStatus,
    AxisPage,
    GoalPage,
    HomePage,
    Indicator,
    ObjectivePage,
    OrganisationPage,
    PlanNodePage,
    PlanPage,
)
from .visibility import visible

NODE_MODELS = (AxisPage, GoalPage, ObjectivePage, ActionPage)


@dataclass
class Progress:
    """Average progress of the actions below a node.

    Abandoned actions do not count; actions with no figure are counted apart
    so a page can say how much of the plan is reported at all."""

    total: int = 0
    reported: int = 0
    sum: int = 0
    by_status: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, action: ActionPage) -> None:
        self.by_status[action.status] += 1
        if action.status == ActionStatus.ABANDONED:
            return
        self.total += 1
        value = action.effective_progress
        if value is not None:
            self.reported += 1
            self.sum += value

    @property
    def percent(self) -> int | None:
        return round(self.sum / self.reported) if self.reported else None


@dataclass
class TreeNode:
    page: PlanNodePage | PlanPage
    children: list["TreeNode"] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)

    @property
    def actions(self) -> list[ActionPage]:
        """Every action at or below this node, in plan order."""
        found = []
        stack = [self]
        while stack:
            node = stack.pop()
            if isinstance(node.page, ActionPage):
                found.append(node.page)
            stack.extend(reversed(node.children))
        return found

    @property
    def child_groups(self) -> list[tuple[str, list["TreeNode"]]]:
        """Children grouped by level, each group under the plan's plural name."""
        groups: dict[str, list[TreeNode]] = {}
        for child in self.children:
            groups.setdefault(child.page.level, []).append(child)
        plan = self.page if isinstance(self.page, PlanPage) else self.page.plan
        return [(plan.level_label(level, plural=True), nodes) for level, nodes in groups.items()]

    @property
    def child_counts(self) -> list[str]:
        """"1 objectif général · 3 actions", in the plan's words."""
        plan = self.page if isinstance(self.page, PlanPage) else self.page.plan
        counts: dict[str, int] = {}
        for child in self.children:
            counts[child.page.level] = counts.get(child.page.level, 0) + 1
        return [f"{count} {plan.level_label(level, plural=count > 1).lower()}" for level, count in counts.items()]


def _plan_items(plan: PlanPage, under: Page | None = None, tags: bool = False):
    """All live items of a plan (or of one branch), ordered by tree path,
    but for the private branches below the page being read; with `tags`,
    the actions' publics and domains too."""
    items = []
    for model in NODE_MODELS:
        queryset = visible(model.objects, within=(under or plan).path).filter(plan=plan)
        if under is not None:
            queryset = queryset.filter(path__startswith=under.path, depth__gt=under.depth)
        if model is ActionPage:
            queryset = queryset.prefetch_related("periods", *(("publics", "domains") if tags else ()))
        items.extend(queryset)
    for item in items:
        item.plan = plan  # spare each page a query for its own plan
    items.sort(key=lambda page: page.path)
    return items


def _build_tree(root, items) -> TreeNode:
    root_node = TreeNode(root)
    nodes_by_path = {root.path: root_node}
    for item in items:
        node = TreeNode(item)
        nodes_by_path[item.path] = node
        parent = nodes_by_path.get(item.path[: -item.steplen])
        if parent is not None:  # an unpublished parent hides its branch
            parent.children.append(node)
    _add_progress(root_node)
    return root_node


def _add_progress(node: TreeNode) -> Progress:
    if isinstance(node.page, ActionPage):
        node.progress.add(node.page)
    for child in node.children:
        child_progress = _add_progress(child)
        node.progress.total += child_progress.total
        node.progress.reported += child_progress.reported
        node.progress.sum += child_progress.sum
        for status, count in child_progress.by_status.items():
            node.progress.by_status[status] += count
    return node.progress


def plan_subtree(plan: PlanPage, root: PlanNodePage | None = None, tags: bool = False) -> TreeNode:
    """The plan (or one of its branches) as a tree with progress on each node."""
    return _build_tree(root or plan, _plan_items(plan, under=root, tags=tags))


def _indicators_for(pages) -> dict[int, list[Indicator]]:
    indicators = defaultdict(list)
    for indicator in Indicator.objects.filter(page__in=[p.pk for p in pages]).prefetch_related("values"):
        indicators[indicator.page_id].append(indicator)
    return indicators


def node_detail(node: PlanNodePage) -> dict:
    """Everything an axis, goal, objective or action page shows."""
    plan = node._state.fields_cache.get("plan") if node.plan_id else None  # read with the page by routing
    if plan is None and node.plan_id:
        plan = PlanPage.objects.get(pk=node.plan_id)
    if plan is None:
        return {"plan": None, "breadcrumbs": [], "tree": TreeNode(node), "indicators": []}
    node.plan = plan
    if isinstance(node, ActionPage):  # a leaf: nothing below to read
        tree = TreeNode(node)
        tree.progress.add(node)
    else:
        tree = plan_subtree(plan, root=node)
    return {
        "plan": plan,
        "breadcrumbs": breadcrumbs(node),
        "tree": tree,
        # Read when the template shows them (a cached fragment does not).
        "indicators": SimpleLazyObject(lambda: _indicators_for([node])[node.pk]),
    }


def breadcrumbs(page: Page) -> list[Page]:
    """The page's ancestors below the site root, as links (cached until a
    page changes)."""
    def read() -> list[Page]:
        return list(page.get_ancestors().filter(depth__gt=2).only("id", "title", "slug", "url_path", "depth", "path"))

    # A new page previewed in the admin has no id yet, nor a place of its own in the cache.
    return public_cached(f"breadcrumbs:{page.pk}:{page.path}", read) if page.pk else read()


def plan_context(plan: PlanPage) -> dict:
    return {"indicators": _indicators_for([plan])[plan.pk]}


def plan_timeline(plan: PlanPage, tree: TreeNode) -> dict:
    """The schedule grid: one row per action, one column per period."""
    periods = list(plan.periods.all())
    rows = []
    for action in tree.actions:
        active = {period.pk for period in action.periods.all()}
        rows.append({"action": action, "cells": [period.pk in active for period in periods]})
    return {"periods": periods, "rows": rows, "show_status": any(row["action"].status for row in rows)}


def plan_actions(plan: PlanPage, filters: dict) -> list[ActionPage]:
    """The plan's actions, filtered by pilot, status, period or branch."""
    queryset = visible(ActionPage.objects, within=plan.path).filter(plan=plan).prefetch_related("periods")
    if filters.get("pilot"):
        from .importing.layout import normalise

        same = [pk for pk, pilot in ActionPage.objects.live().filter(plan=plan).exclude(pilot="").values_list(
            "pk", "pilot") if normalise(pilot) == filters["pilot"]]
        queryset = queryset.filter(pk__in=same)
    if filters.get("public"):
        queryset = queryset.filter(publics__slug=filters["public"])
    if filters.get("domain"):
        queryset = queryset.filter(domains__slug=filters["domain"])
    if filters.get("status") is not None:
        queryset = queryset.filter(status=filters["status"])
    if filters.get("period"):
        queryset = queryset.filter(periods=filters["period"])
    if filters.get("branch"):
        queryset = queryset.filter(path__startswith=filters["branch"].path)
    actions = list(queryset.order_by("path"))
    for action in actions:
        action.plan = plan
    return actions


def _plans_with_progress(organisations) -> dict[int, list[TreeNode]]:
    """Each organisation's live plans with the progress of their actions."""
    if not organisations:
        return {}
    under_any = Q()
    for organisation in organisations:
        under_any |= Q(path__startswith=organisation.path, depth=organisation.depth + 1)
    plans = list(visible(PlanPage.objects).filter(under_any).order_by("path"))
    plan_nodes = {plan.pk: TreeNode(plan) for plan in plans}
    actions = visible(ActionPage.objects).filter(plan__in=plans).only("plan_id", "status", "progress")
    for action in actions:
        plan_nodes[action.plan_id].progress.add(action)
    for node in plan_nodes.values():
        node.level_counts = []
    # What a plan without actions can show: its axes, goals and objectives
    # counted, the three levels in one query.
    levels = [AxisPage, GoalPage, ObjectivePage]
    counts = [visible(model.objects).filter(plan__in=plans).order_by().values("plan_id")
              .annotate(count=Count("pk"), level=Value(index)) for index, model in enumerate(levels)]
    rows = sorted(counts[0].union(*counts[1:], all=True), key=lambda row: (row["level"], row["plan_id"]))
    for row in rows:
        plan = plan_nodes[row["plan_id"]].page
        plural = row["count"] > 1
        level = levels[row["level"]].level
        plan_nodes[row["plan_id"]].level_counts.append((row["count"], plan.level_label(level, plural=plural)))
    by_organisation = defaultdict(list)
    for plan in plans:
        by_organisation[plan.path[: -plan.steplen]].append(plan_nodes[plan.pk])
    return by_organisation


def organisations_overview(home: HomePage) -> list[dict]:
    """The organisations under the home page, each with its plans and members."""
    organisations = list(visible(OrganisationPage.objects).descendant_of(home).order_by("path"))
    plans = _plans_with_progress(organisations)
    top_level = []
    by_path = {}
    for organisation in organisations:
        entry = {"page": organisation, "plans": plans.get(organisation.path, []), "members": []}
        by_path[organisation.path] = entry
        parent = by_path.get(organisation.path[: -organisation.steplen])
        (parent["members"] if parent else top_level).append(entry)
    return top_level


def organisation_detail(organisation: OrganisationPage) -> dict:
    """An organisation's plans, member organisations and parent."""
    parent_path = organisation.path[: -organisation.steplen]
    # Its member organisations and its parent, in one query.
    near = list(visible(OrganisationPage.objects).filter(
        Q(path=parent_path) | Q(path__startswith=organisation.path, depth=organisation.depth + 1)).order_by("path"))
    parent = next((found for found in near if found.path == parent_path), None)
    members = [found for found in near if found.path != parent_path]
    shared = _plans_with_progress([organisation] + ([parent] if parent else []))
    return {
        "plans": shared.get(organisation.path, []),
        "shared_plans": shared.get(parent.path, []) if parent else [],
        "parent_organisation": parent,
        "member_organisations": members,
        "breadcrumbs": breadcrumbs(organisation),
    }


def describe_results(pages: list[Page]) -> list[Page]:
    """Attach to each search result its plan and organisation, in two
    queries for the whole page of results."""
    plan_ids = {page.pk for page in pages if isinstance(page, PlanPage)}
    plan_ids |= {page.plan_id for page in pages if isinstance(page, PlanNodePage) and page.plan_id}
    plans = PlanPage.objects.in_bulk(plan_ids)
    organisations = {
        organisation.path: organisation
        for organisation in OrganisationPage.objects.filter(
            path__in=[plan.path[: -plan.steplen] for plan in plans.values()]
        )
    }
    for page in pages:
        plan = plans.get(page.pk if isinstance(page, PlanPage) else getattr(page, "plan_id", None))
        if isinstance(page, PlanNodePage) and plan is not None:
            page.plan = plan
        page.result_plan = plan if plan is not None and plan.pk != page.pk else None
        page.result_organisation = organisations.get(plan.path[: -plan.steplen]) if plan else None
    return pages


SEARCH_LIMIT = 200
WORD = re.compile(r"\w++(?:['’-]\w++)*+")  # possessive: linear (tests/core/regex_safety.py)


def search_words(query: str) -> str:
    """The words of a query, and nothing else: a quote, a bracket or an
    operator would reach the database's full-text syntax (SQLite's FTS5
    fails on an unmatched quote) and mean something no one typed."""
    return " ".join(WORD.findall(query))


def search_plans(query: str) -> list[Page]:
    """Published pages of every plan and organisation matching the query:
    full-text matches first (French stemming on PostgreSQL), then titles
    that words of the query begin ("numérique" finds "numériques" on any
    database, "accueil" finds "accueillir")."""
    query = search_words(query)
    if not query:
        return []
    pages = visible(Page.objects).type(OrganisationPage, PlanPage, *NODE_MODELS).specific()
    found = list(pages.search(query, operator="and")[:SEARCH_LIMIT])
    seen = {page.pk for page in found}
    found += [page for page in pages.autocomplete(query, operator="and")[:SEARCH_LIMIT] if page.pk not in seen]
    return found


def organisation_plan_items(organisation: OrganisationPage) -> list[PlanNodePage]:
    """Every live item of the plans an organisation works to: its own, and
    the plan it shares with its parent (the maisons of a cooperation), in
    plan order, each with its `plan` set."""
    return [item for plan in organisation_plans(organisation) for item in _plan_items(plan)]


def organisation_plan_item_choices(organisation: OrganisationPage) -> list:
    """The organisation's plan items for a form: grouped by plan, indented
    by level, numbered as in the plan."""
    groups: dict = {}
    for item in organisation_plan_items(organisation):
        indent = "\u00a0\u00a0" * (item.depth - item.plan.depth - 1)
        label = f"{indent}{item.number} {item.title}".strip() if item.number else f"{indent}{item.title}"
        groups.setdefault(item.plan.title, []).append((item.pk, label))
    return list(groups.items())


def organisation_plans(organisation: OrganisationPage):
    """The live plans of an organisation and the one it shares with its parent."""
    parent_path = organisation.path[: -organisation.steplen]
    return visible(PlanPage.objects).filter(
        Q(path__startswith=organisation.path, depth=organisation.depth + 1)
        | Q(path__startswith=parent_path, depth=organisation.depth)
    ).order_by("path")
