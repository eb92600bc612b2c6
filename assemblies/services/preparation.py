"""Preparing an assembly: the statutes' rules, the assembly, its agenda,
candidates, documents and the volunteers at the door."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.uploads import attachment_clean

from ..models import (
    AgendaItem,
    Assembly,
    AssemblyDocument,
    AssemblyStatus,
    ItemStatus,
    ResolutionKind,
    Statutes,
    VoteMethod,
)
from ..selectors import statutes_in_use
from .common import refuse, require
from .live import room_changed_on_commit

STATUTE_FIELDS = (
    "title", "voting_categories", "notice_days", "ordinary_quorum", "ordinary_quorum_number", "ordinary_quorum_share",
    "extraordinary_quorum", "extraordinary_quorum_number", "extraordinary_quorum_share", "quorum_counts_proxies",
    "second_call_lifts_quorum", "proxies_allowed", "proxy_cap", "blank_proxies", "secret_elections", "majorities",
)


@transaction.atomic
def statutes_save(*, organisation, user, statutes: Statutes | None = None, **fields) -> Statutes:
    """New statutes, or a change to statutes no assembly has been held under
    (those are history: a new version is made from them instead)."""
    require(user, "assemblies.manage_statutes", organisation)
    if statutes is None:
        statutes = Statutes(organisation=organisation, created_by=user)
    elif statutes_in_use(statutes):
        refuse(_("An assembly was held under these statutes: make a new version of them instead."))
    for name in STATUTE_FIELDS:
        if name in fields:
            setattr(statutes, name, fields[name])
    statutes.full_clean(exclude=["organisation", "created_by"])
    statutes.save()
    return statutes


def statutes_copy(*, statutes: Statutes, user) -> Statutes:
    """A new version, to change the rules after an assembly held under them."""
    values = {name: getattr(statutes, name) for name in STATUTE_FIELDS}
    values["title"] = _("%(title)s (new version)") % {"title": statutes.title}
    return statutes_save(organisation=statutes.organisation, user=user, **values)


ASSEMBLY_FIELDS = ("statutes", "kind", "title", "starts_at", "place", "online", "online_link", "second_call",
                   "president")
# What the convocation told the members: fixed once it is sent.
CONVENED_FIELDS = {"statutes", "kind", "starts_at", "place", "second_call"}


@transaction.atomic
def assembly_create(*, organisation, user, **fields) -> Assembly:
    require(user, "assemblies.add_assembly", organisation)
    assembly = Assembly(organisation=organisation, created_by=user)
    _assembly_fields(assembly, fields)
    assembly.save()
    # Every agenda ends with questions diverses.
    AgendaItem.objects.create(assembly=assembly, position=1000, kind=ResolutionKind.MISC,
                              title=_("Any other business"))
    return assembly


def _assembly_fields(assembly: Assembly, fields: dict) -> None:
    for name in ASSEMBLY_FIELDS:
        if name in fields:
            setattr(assembly, name, fields[name])
    if assembly.statutes.organisation_id != assembly.organisation_id:
        raise ValidationError({"statutes": _("These statutes are another organisation's.")})
    president = assembly.president
    if president is not None and president.organisation_id != assembly.organisation_id:
        raise ValidationError({"president": _("The president must be in the organisation's register.")})
    if not assembly.online:
        assembly.online_link = ""
    if president is not None and not assembly.president_name:
        assembly.president_name = president.name
    assembly.full_clean(exclude=["organisation", "created_by", "helpers"])


@transaction.atomic
def assembly_update(*, assembly: Assembly, user, **fields) -> Assembly:
    require(user, "assemblies.manage_assembly", assembly)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if locked.status == AssemblyStatus.CLOSED:
        refuse(_("The assembly is closed."))
    if locked.status != AssemblyStatus.DRAFT:
        changed = {name for name in CONVENED_FIELDS & set(fields) if fields[name] != getattr(locked, name)}
        if changed:
            refuse(_("The members were convened for this date, place and kind of assembly: they can no longer "
                     "change. Convene a new assembly instead."))
    if locked.status == AssemblyStatus.OPEN and "president" in fields and fields["president"] != locked.president:
        refuse(_("The session is open: its president no longer changes."))
    if "president" in fields and fields["president"] != assembly.president:
        assembly.president_name = ""
    _assembly_fields(assembly, fields)
    assembly.status = locked.status
    assembly.save()
    room_changed_on_commit(assembly.pk)
    return assembly


def _editable_agenda(assembly: Assembly) -> None:
    if assembly.status not in (AssemblyStatus.DRAFT, AssemblyStatus.CONVENED, AssemblyStatus.OPEN):
        refuse(_("The assembly is closed: its agenda no longer changes."))


@transaction.atomic
def item_save(*, assembly: Assembly, user, item: AgendaItem | None = None, kind: str, title: str, text: str = "",
              method: str = VoteMethod.HANDS, seats: int = 1, candidates: list[str] | None = None) -> AgendaItem:
    """An agenda item, before questions diverses. Once convened, items can
    still be added (an item moved up the agenda at the opening, say) but the
    convened ones keep their title; a voted item no longer changes."""
    require(user, "assemblies.manage_assembly", assembly)
    _editable_agenda(assembly)
    if item is None:
        last = assembly.items.exclude(kind=ResolutionKind.MISC).aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(assembly=assembly, position=last + 1)
    elif item.status != ItemStatus.PENDING:
        refuse(_("This item has been voted: it no longer changes."))
    if kind == ResolutionKind.MISC:
        refuse(_("Questions diverses are already on the agenda, at its end."))
    item.kind, item.title, item.text = kind, " ".join(title.split()), text.strip()
    item.method, item.seats = method, seats
    if not item.is_vote:
        item.method = VoteMethod.HANDS
    if item.is_election:
        names = [" ".join(name.split()) for name in candidates or [] if name.strip()]
        if len(set(names)) != len(names):
            raise ValidationError({"candidates": _("A candidate is named twice.")})
        if not names:
            raise ValidationError({"candidates": _("Give the candidates, one per line.")})
    item.full_clean(exclude=["assembly"])
    item.save()
    if item.is_election:
        item.candidates.all().delete()
        item.candidates.bulk_create([item.candidates.model(item=item, name=name, position=index)
                                     for index, name in enumerate(names)])
    else:
        item.candidates.all().delete()
    room_changed_on_commit(assembly.pk)
    return item


@transaction.atomic
def item_delete(*, item: AgendaItem, user) -> None:
    require(user, "assemblies.manage_assembly", item.assembly)
    if item.kind == ResolutionKind.MISC:
        refuse(_("Questions diverses stay on the agenda."))
    if item.status != ItemStatus.PENDING:
        refuse(_("This item has been voted: it stays on the agenda."))
    item.delete()


@transaction.atomic
def item_move(*, item: AgendaItem, user, up: bool) -> None:
    """One place up or down, questions diverses staying last."""
    require(user, "assemblies.manage_assembly", item.assembly)
    if item.kind == ResolutionKind.MISC:
        return
    items = list(item.assembly.items.exclude(kind=ResolutionKind.MISC).select_for_update())
    index = [other.pk for other in items].index(item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, row in enumerate(items, start=1):
            row.position = position
        AgendaItem.objects.bulk_update(items, ["position"])


def document_add(*, assembly: Assembly, user, title: str, upload) -> AssemblyDocument:
    """A document for the members (checked by its content, core/uploads.py)."""
    require(user, "assemblies.manage_assembly", assembly)
    clean = attachment_clean(upload)
    document = AssemblyDocument(assembly=assembly, title=" ".join(title.split()) or clean.original_name,
                                content_type=clean.content_type, uploaded_by=user)
    document.file.save(clean.content.name, clean.content, save=False)
    document.full_clean(exclude=["assembly", "uploaded_by", "file"])
    document.save()
    return document


def document_delete(*, document: AssemblyDocument, user) -> None:
    require(user, "assemblies.manage_assembly", document.assembly)
    document.file.delete(save=False)
    document.delete()


def helpers_set(*, assembly: Assembly, user, people: list) -> None:
    require(user, "assemblies.manage_assembly", assembly)
    assembly.helpers.set(people)
