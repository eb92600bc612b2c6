"""Bringing a plan's pages in line with an imported tree, fast."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.page_cache import changes_grouped

from ..importing.layout import normalise
from ..models import ActionPage, ActionTag, Indicator, PlanPage, PlanPeriod
from .common import NODE_FIELDS, NODE_TYPES, SLUG_LENGTH, LoadReport, _apply, _item_slug, _value


class _PlanTreeSync:
    """Brings a plan's pages in line with an imported tree.

    Items are found again by their number when they have one, else by the
    path of titles from the plan down to them, so re-importing a file keeps
    every page (and what comments, projects or consultations point to) and
    only changes what differs. Pages the file no longer has are unpublished,
    never deleted: residents' contributions stay attached to them."""

    def __init__(self, plan: PlanPage, periods: dict[str, PlanPeriod], report: LoadReport, progress=None):
        self.plan, self.periods, self.report = plan, periods, report
        self.progress, self.done, self.total = progress, 0, 0
        self.slugs: dict[int, set[str]] = {}
        self.last_child: dict[int, str | None] = {}
        self.new_children: dict[int, int] = {}
        self.parents: dict[int, Page] = {}
        self.moved = False
        self.new_period_links: list = []
        self.numbers: set[str] = set()
        self.created: dict[type, list[int]] = {}
        self.to_index: dict[type, list[int]] = {}
        self.by_number, self.by_path, self.seen = {}, {}, set()
        self.new_tag_links: list = []
        self._tags: dict | None = None
        pages = []
        for model in NODE_TYPES.values():
            queryset = model.objects.filter(plan=plan)
            if model is ActionPage:
                queryset = queryset.prefetch_related("periods", "publics", "domains")
            pages.extend((model, page) for page in queryset)
        titles = {page.path: page.title for _model, page in pages}
        step = PlanPage.steplen
        for model, page in sorted(pages, key=lambda pair: pair[1].path):
            if page.number:
                self.by_number.setdefault((model, page.number), page)
            path = tuple(
                titles.get(page.path[:end], "")
                for end in range(len(plan.path) + step, len(page.path) + 1, step)
            )
            self.by_path.setdefault((model, path), page)

    def run(self, items: list[dict]) -> None:
        self.total = _count_items(items)
        # One import of a plan at a time: its tree paths are computed here.
        list(PlanPage.objects.select_for_update().filter(pk=self.plan.pk).values_list("pk", flat=True))
        with _deferred_search_index(), disable_reference_index_auto_update(), changes_grouped():
            self._sync(self.plan, (), items)
            self._finish_created()
            self._unpublish_unseen()

    def _sync(self, parent: Page, parent_titles: tuple, items: list[dict]) -> None:
        for data in items:
            model = NODE_TYPES.get(data.get("type"))
            if model is None:
                raise ValidationError(_("Unknown level “%(type)s” for “%(title)s”.") % {
                    "type": data.get("type"), "title": data.get("title")})
            title = _page_title(data["title"])
            whole = " ".join(str(data["title"]).split())
            values = {"title": title, "long_title": whole if title != whole else ""}
            values.update({name: _value(name, data.get(name)) for name in NODE_FIELDS[model] if name in data})
            _check_values(model, values)
            if model is ActionPage and values.get("number"):
                if values["number"] in self.numbers:
                    raise ValidationError(_("Two actions have the number %(number)s.") % {"number": values["number"]})
                self.numbers.add(values["number"])
            titles = parent_titles + (title,)
            page = self._match(model, values.get("number", ""), titles)
            periods = self._periods(data) if model is ActionPage else None
            tags = self._tags_of(data) if model is ActionPage else None
            label = f"{self.plan.level_label(model.level)} {values.get('number', '')} « {whole} »".replace("  ", " ")
            if page is None:
                page = self._create(parent, model, values, periods, data, tags)
                self.report.created.append(label)
                self.report.count("created", model.level)
            elif self._update(page, parent, values, periods, tags):
                self.report.updated.append(label)
                self.report.count("updated", model.level)
            self.seen.add(page.pk)
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total)
            _indicators_upsert(page, data.get("indicators") or [], self.report)
            self._sync(page, titles, data.get("children") or [])

    def _match(self, model, number: str, titles: tuple):
        page = self.by_number.get((model, number)) if number else None
        page = page or self.by_path.get((model, titles))
        return None if page is None or page.pk in self.seen else page

    def _periods(self, data: dict) -> list[PlanPeriod]:
        wanted = []
        for label in data.get("periods") or []:
            if label not in self.periods:
                raise ValidationError(_("Action “%(title)s” names an unknown period “%(label)s”.") % {
                    "title": data["title"], "label": label})
            wanted.append(self.periods[label])
        return wanted

    def _tags_of(self, data: dict) -> dict | None:
        """The action's publics and domains, by name or slug; None where the
        data says nothing of them (a sheet without those columns keeps what
        the pages have)."""
        if "publics" not in data and "domains" not in data:
            return None
        if self._tags is None:
            self._tags = {}
            for tag in ActionTag.objects.all():
                for word in (tag.name, tag.slug):
                    self._tags[(tag.kind, normalise(word))] = tag
        found = {}
        for key, kind in (("publics", "public"), ("domains", "domain")):
            if key not in data:
                continue
            found[key] = []
            for word in data.get(key) or []:
                tag = self._tags.get((kind, normalise(str(word))))
                if tag is None:
                    raise ValidationError(_("“%(title)s”: “%(word)s” is not a known %(kind)s.") % {
                        "title": data["title"][:80], "word": word, "kind": _("public") if kind == "public"
                        else _("domain")})
                found[key].append(tag)
        return found

    def _create(self, parent: Page, model, values: dict, periods, data: dict, tags=None):
        """A new page, published as it is created, placed in the tree from
        what this import already knows (the plan row is locked meanwhile):
        two inserts a page instead of Wagtail's and treebeard's sixteen
        queries, so a plan of thousands of actions imports in seconds.
        Editing it later starts its revision history."""
        now = timezone.now()
        page = model(
            slug=self._free_slug(parent, _item_slug(data)), live=True, first_published_at=now,
            last_published_at=now, locale_id=parent.locale_id, depth=parent.depth + 1, **values,
        )
        if parent.pk not in self.last_child:
            last = parent.get_last_child() if parent.numchild else None
            self.last_child[parent.pk] = last.path if last else None
        previous = self.last_child[parent.pk]
        page.path = Page(path=previous)._inc_path() if previous else Page._get_path(parent.path, page.depth, 1)
        self.last_child[parent.pk] = page.path
        page._cached_parent_obj = parent
        page._is_site_root = False  # a page just made roots no site: Wagtail's save need not ask
        page.plan = self.plan
        page.bulk_import = True
        page.save()
        self.new_children[parent.pk] = self.new_children.get(parent.pk, 0) + 1
        self.parents[parent.pk] = parent
        self.created.setdefault(model, []).append(page.pk)
        self.to_index.setdefault(model, []).append(page.pk)
        if periods:
            self.new_period_links.extend(
                ActionPage.periods.through(actionpage_id=page.pk, planperiod_id=period.pk) for period in periods
            )
        for key, chosen in (tags or {}).items():
            through = getattr(ActionPage, key).through
            self.new_tag_links.extend(through(actionpage_id=page.pk, actiontag_id=tag.pk) for tag in chosen)
        return page

    def _flush_children(self, parent: Page) -> None:
        count = self.new_children.pop(parent.pk, 0)
        if count:
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
        parent.refresh_from_db(fields=["numchild"])

    def _finish_created(self) -> None:
        """What the creations deferred: parents' child counts, period links,
        one bulk write to the search index (updates too), one audit entry."""
        for parent_pk, count in self.new_children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
            self.parents[parent_pk].numchild += count  # callers may reuse the instances
        ActionPage.periods.through.objects.bulk_create(self.new_period_links, batch_size=1000)
        for key in ("publics", "domains"):
            through = getattr(ActionPage, key).through
            through.objects.bulk_create([link for link in self.new_tag_links if isinstance(link, through)],
                                        batch_size=1000)
        backend = get_search_backend()
        for model, pks in self.to_index.items():
            for start in range(0, len(pks), 500):
                backend.add_bulk(model, list(model.objects.filter(pk__in=pks[start : start + 500])))
        if self.created:
            log(instance=self.plan, action="wagtail.edit", content_changed=True)

    def _free_slug(self, parent: Page, slug: str) -> str:
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        taken = self.slugs[parent.pk]
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug[: SLUG_LENGTH - 4]}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def _update(self, page, parent: Page, values: dict, periods, tags=None) -> bool:
        changed = _apply(page, values)
        if periods is not None and {p.pk for p in page.periods.all()} != {p.pk for p in periods}:
            page.periods = periods
            changed = True
        for key, chosen in (tags or {}).items():
            if {t.pk for t in getattr(page, key).all()} != {t.pk for t in chosen}:
                setattr(page, key, chosen)
                changed = True
        if self.moved:  # a move rewrites descendants' paths in the database only
            page.refresh_from_db(fields=["path", "depth", "url_path", "numchild"])
        if page.path[: -page.steplen] != parent.path:
            self._flush_children(parent)  # treebeard reads the target's child count
            page.move(parent, pos="last-child")
            self.moved = True
            self.last_child.pop(parent.pk, None)  # the moved page is its last child now
            page.refresh_from_db()
            if changed:
                _apply(page, values)
                if periods is not None:
                    page.periods = periods
                for key, chosen in (tags or {}).items():
                    setattr(page, key, chosen)
            changed = True
        if changed or not page.live:
            page.save_revision().publish()
            self.to_index.setdefault(type(page), []).append(page.pk)
            return True
        return False

    def _unpublish_unseen(self) -> None:
        for model in NODE_TYPES.values():
            for page in model.objects.live().filter(plan=self.plan).exclude(pk__in=self.seen).order_by("-depth"):
                page.unpublish()
                label = f"{self.plan.level_label(model.level)} {page.number} « {page.display_title} »"
                label = label.replace("  ", " ")
                self.report.removed.append(label)
                self.report.count("removed", model.level)


def _check_values(model, values: dict) -> None:
    """Field-level validation (lengths, choices, ranges) without queries."""
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        try:
            model_field.clean(value, None)
        except ValidationError as error:
            raise ValidationError(
                _("“%(title)s”, %(field)s: %(error)s")
                % {"title": values.get("title", "")[:80], "field": model_field.verbose_name,
                   "error": " ".join(error.messages)}
            ) from error


@contextmanager
def _deferred_search_index():
    """Plan item saves skip the per-save search index task; the import then
    indexes what it created in bulk."""
    models = list(NODE_TYPES.values())
    for model in models:
        post_save.disconnect(search_post_save, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(search_post_save, sender=model)


def _page_title(text: str) -> str:
    """Page titles hold 255 characters: a longer one is cut at a word, with “…”."""
    text = " ".join(text.split())
    if len(text) <= 255:
        return text
    return text[:254].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _count_items(items: list[dict]) -> int:
    return sum(1 + _count_items(item.get("children") or []) for item in items)


def _indicators_upsert(page: Page, indicators: list[dict], report: LoadReport):
    for order, data in enumerate(indicators):
        indicator, created = Indicator.objects.get_or_create(
            page=page, name=data["name"], defaults={"unit": data.get("unit") or "", "target": data.get("target"),
                                                    "sort_order": order}
        )
        if created:
            report.created.append(_("Indicator %s") % data["name"])
