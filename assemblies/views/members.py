"""What members (and anyone, for a convened assembly's announcement) see:
an organisation's assemblies, an assembly's page, its documents, giving a
proxy, voting in the room, the room's screen, the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.views import errors_to_messages, form_errors_apply, id_param, protected_file, sign_in_first

from .. import printing
from ..forms import ProxyForm
from ..models import AgendaItem, AssemblyDocument, ItemStatus, Proxy, VoiceRecord, VoteMethod
from ..record import minutes_record
from ..selectors import (
    agenda,
    assembly_quorum,
    assembly_voices,
    electorate,
    member_of,
    organisation_assemblies,
    room_context,
)
from ..services import proxies, session
from .common import ODT, PDF, assembly_or_404, file_response, organisation_or_404


def organisation_index(request, pk: int):
    organisation = organisation_or_404(request, pk)
    assemblies = organisation_assemblies(organisation, request.user)
    return TemplateResponse(request, "assemblies/organisation_assemblies.html", {
        "organisation": organisation, "assemblies": assemblies,
        "can_add": request.user.has_perm("assemblies.add_assembly", organisation),
        "can_statutes": request.user.has_perm("assemblies.manage_statutes", organisation)})


def _mine(request, assembly) -> dict:
    """This person's part: their register entry, vote, proxy given, proxies
    carried."""
    member = member_of(request.user, assembly.organisation_id)
    if member is None:
        return {"member": None}
    given = Proxy.objects.filter(assembly=assembly, giver=member, revoked_at__isnull=True).select_related(
        "holder").first()
    carried = list(Proxy.objects.filter(assembly=assembly, holder=member, revoked_at__isnull=True)
                   .select_related("giver").order_by("giver__name"))
    blank = (list(Proxy.objects.filter(assembly=assembly, to_president=True, revoked_at__isnull=True)
                  .select_related("giver").order_by("giver__name"))
             if assembly.president_id == member.pk else [])
    return {"member": member, "given": given, "carried": carried, "blank_carried": blank,
            "has_vote": electorate(assembly).filter(pk=member.pk).exists()}


def detail(request, pk: int):
    assembly = assembly_or_404(request, pk)
    user = request.user
    perms = {name: user.has_perm(f"assemblies.{name}", assembly) for name in (
        "manage_assembly", "view_documents", "give_proxy", "keep_door", "watch_room", "vote_in_room",
        "view_minutes", "record_proxy")}
    context = {"assembly": assembly, "items": agenda(assembly), "perms_": perms, **_mine(request, assembly)}
    if perms["view_documents"]:
        context["documents"] = list(assembly.documents.all())
    if perms["watch_room"] and not assembly.is_draft:
        context["quorum"] = assembly_quorum(assembly)
    return TemplateResponse(request, "assemblies/assembly_detail.html", context)


def document(request, pk: int, document_id: int):
    """Members only: anyone else gets a 404, as if it did not exist."""
    assembly = assembly_or_404(request, pk)
    if not request.user.has_perm("assemblies.view_documents", assembly):
        raise Http404
    found = get_object_or_404(AssemblyDocument, pk=document_id, assembly=assembly)
    return protected_file(found.file, content_type=found.content_type, name=found.title)


@login_required
def my_letter(request, pk: int):
    """The member's own convocation, with its proxy form, to print."""
    assembly = assembly_or_404(request, pk, "assemblies.view_documents")
    member = member_of(request.user, assembly.organisation_id)
    return file_response(printing.letters_pdf(assembly, [member] if member else []), PDF,
                         f"convocation-{assembly.day:%Y-%m-%d}.pdf")


def proxy(request, pk: int):
    assembly = assembly_or_404(request, pk)
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    mine = _mine(request, assembly)
    member = mine["member"]
    allowed = request.user.has_perm("assemblies.give_proxy", assembly)
    others = electorate(assembly).exclude(pk=getattr(member, "pk", None)).order_by("name")
    form = ProxyForm(request.POST or None, members=others, blank_allowed=assembly.statutes.blank_proxies)
    if request.method == "POST":
        if request.POST.get("revoke") and mine.get("given"):
            try:
                proxies.proxy_revoke(proxy=mine["given"], user=request.user)
            except ValidationError as error:
                errors_to_messages(request, error)
            else:
                messages.success(request, _("Your proxy is revoked: you vote in person, or give it again."))
            return redirect("assemblies:proxy", pk=assembly.pk)
        if not allowed:
            if member is not None and not assembly.before_opening:
                messages.error(request, _("The assembly is open: proxies can no longer be given or revoked."))
                return redirect("assemblies:proxy", pk=assembly.pk)
            raise PermissionDenied
        if form.is_valid():
            try:
                given = proxies.proxy_give(assembly=assembly, user=request.user, holder=form.cleaned_data["holder"],
                                           to_president=form.cleaned_data.get("to_president", False))
            except ValidationError as error:
                form_errors_apply(form, error)
            else:
                messages.success(request, _("Your proxy is given to %(name)s.") % {
                    "name": given.holder.name if given.holder else _("the president of the session")})
                return redirect("assemblies:proxy", pk=assembly.pk)
    return TemplateResponse(request, "assemblies/proxy.html",
                            {"assembly": assembly, "form": form, "allowed": allowed, **mine},
                            status=400 if form.errors else 200)


def _open_item(assembly):
    return assembly.items.filter(status=ItemStatus.OPEN).prefetch_related("candidates").first()


@never_cache
def vote(request, pk: int):
    """The phone in the room: one ballot per voice the member carries, each
    cast once."""
    assembly = assembly_or_404(request, pk)
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    item = _open_item(assembly)
    member = member_of(request.user, assembly.organisation_id)
    if request.method == "POST":
        posted = get_object_or_404(AgendaItem, pk=id_param(request.POST.get("item")) or 0, assembly=assembly)
        posted.assembly = assembly
        voice = id_param(request.POST.get("voice"))
        try:
            session.room_vote_cast(item=posted, user=request.user, voice_id=voice or 0,
                                   choice=request.POST.get("choice", ""),
                                   chosen=[value for value in map(id_param, request.POST.getlist("candidate"))
                                           if value])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("The vote is recorded."))
        return redirect("assemblies:vote", pk=assembly.pk)
    voices, ballots = [], []
    if member is not None and assembly.is_open:
        room = assembly_voices(assembly)
        voices = room.carried_by(member.pk)
        names = dict(electorate(assembly).filter(pk__in=voices).values_list("pk", "name"))
        done = set(VoiceRecord.objects.filter(item=item, member__in=voices).values_list("member_id", flat=True)
                   ) if item and item.method == VoteMethod.ELECTRONIC else set()
        ballots = [{"voice": voice, "name": names.get(voice, ""), "own": voice == member.pk, "done": voice in done}
                   for voice in voices]
    return TemplateResponse(request, "assemblies/vote.html", {
        "assembly": assembly, "item": item, "member": member, "ballots": ballots,
        "may_vote": request.user.has_perm("assemblies.vote_in_room", assembly)})


@never_cache
def screen(request, pk: int):
    """The room's screen, in large type; live over a websocket, and
    refreshed every 15 seconds without JavaScript."""
    assembly = assembly_or_404(request, pk, "assemblies.watch_room")
    return TemplateResponse(request, "assemblies/screen.html", room_context(assembly))


@never_cache
def screen_fragment(request, pk: int):
    assembly = assembly_or_404(request, pk, "assemblies.watch_room")
    return TemplateResponse(request, "assemblies/_room.html", room_context(assembly))


def minutes(request, pk: int):
    assembly = assembly_or_404(request, pk)
    if not request.user.has_perm("assemblies.view_minutes", assembly):
        raise Http404
    return TemplateResponse(request, "assemblies/minutes.html", {
        "assembly": assembly, "record": minutes_record(assembly),
        "can_manage": request.user.has_perm("assemblies.manage_assembly", assembly),
        "can_sign": request.user.has_perm("assemblies.sign_minutes", assembly)})


def minutes_export(request, pk: int, file_format: str):
    assembly = assembly_or_404(request, pk)
    if not request.user.has_perm("assemblies.view_minutes", assembly):
        raise Http404
    name = f"pv-{assembly.organisation.slug}-{assembly.day:%Y-%m-%d}"
    if file_format == "pdf":
        if assembly.minutes_file:
            return protected_file(assembly.minutes_file, content_type=PDF, name=f"{name}.pdf")
        return file_response(printing.minutes_pdf(assembly), PDF, f"{name}.pdf")
    if file_format == "odt":
        return file_response(printing.minutes_odt(assembly), ODT, f"{name}.odt")
    raise Http404
