"""The secretary's console: opening the session, putting each resolution to
the vote, entering its count, closing; then the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import errors_to_messages, form_errors_apply
from participation.models import RegisterMember

from ..forms import CountForm, MinutesForm, OpenForm
from ..models import AgendaItem, Attendance, ItemStatus, VoiceRecord, VoteMethod
from ..outcomes import item_statement
from ..selectors import agenda, assembly_quorum, assembly_voices
from ..services import minutes as minutes_services
from ..services import session
from .common import assembly_or_404

MANAGE = "assemblies.manage_assembly"


@login_required
@never_cache
def console(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    present = RegisterMember.objects.filter(
        pk__in=Attendance.objects.filter(assembly=assembly, left_at__isnull=True).values("member_id")).order_by("name")
    open_form = OpenForm(request.POST or None, members=present,
                         initial={"president": assembly.president_id if assembly.president_id else None,
                                  "secretary_name": assembly.secretary_name})
    if request.method == "POST":
        try:
            if request.POST.get("step") == "open":
                if not open_form.is_valid():
                    raise ValidationError([e for errors in open_form.errors.values() for e in errors])
                session.assembly_open(assembly=assembly, user=request.user, **open_form.cleaned_data)
                messages.success(request, _("The session is open."))
            elif request.POST.get("step") == "close":
                session.assembly_close(assembly=assembly, user=request.user)
                messages.success(request, _("The session is closed: now the minutes."))
                return redirect("assemblies:minutes_edit", pk=assembly.pk)
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect("assemblies:console", pk=assembly.pk)
    items = agenda(assembly)
    voices = assembly_voices(assembly)
    for item in items:
        item.statement = item_statement(item)
        if item.status == ItemStatus.OPEN and item.method == VoteMethod.ELECTRONIC:
            item.cast = VoiceRecord.objects.filter(item=item).count()
        if item.status in (ItemStatus.OPEN, ItemStatus.CLOSED) and item.method != VoteMethod.ELECTRONIC:
            item.count_form = CountForm(item=item, initial=_count_initial(item))
    return TemplateResponse(request, "assemblies/console.html", {
        "assembly": assembly, "items": items, "room": voices.room, "quorum": assembly_quorum(assembly, voices),
        "open_form": open_form})


def _count_initial(item: AgendaItem) -> dict:
    initial = {"votes_for": item.votes_for, "against": item.votes_against, "abstentions": item.abstentions,
               "ballots": item.ballots, "blank": item.blank_ballots, "spoilt": item.spoilt_ballots}
    if item.is_election and item.method == VoteMethod.HANDS:
        initial["abstentions"] = item.blank_ballots
    for candidate in item.candidates.all():
        initial[f"candidate_{candidate.pk}"] = candidate.votes
    return initial


@login_required
@require_POST
def item_vote(request, pk: int, item_id: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    item = get_object_or_404(AgendaItem.objects.prefetch_related("candidates"), pk=item_id, assembly=assembly)
    item.assembly = assembly
    step = request.POST.get("step")
    try:
        if step == "open":
            quorum = session.vote_open(item=item, user=request.user)
            if quorum.met:
                messages.success(request, _("“%(title)s” is put to the vote.") % {"title": item.title})
            else:
                messages.error(request, _("The quorum is not reached (%(counted)s of %(required)s): “%(title)s” is "
                                          "not voted.") % {"counted": quorum.counted, "required": quorum.required,
                                                           "title": item.title})
        elif step == "close":
            session.vote_close(item=item, user=request.user)
            messages.success(request, _("“%(title)s”: %(result)s.") % {"title": item.title,
                                                                       "result": item_statement(item)})
        elif step == "count":
            form = CountForm(request.POST, item=item)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[name].label} : {error}" for name, errors in form.errors.items()
                                       for error in errors])
            kwargs = form.values()
            if item.is_election and item.method == VoteMethod.HANDS:
                kwargs["abstentions"] = kwargs.pop("abstentions", None)
            session.vote_enter(item=item, user=request.user, **kwargs)
            messages.success(request, _("“%(title)s”: %(result)s.") % {"title": item.title,
                                                                       "result": item_statement(item)})
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect(f"{redirect('assemblies:console', pk=assembly.pk).url}#point-{item.pk}")


@login_required
def minutes_edit(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    items = agenda(assembly)
    form = MinutesForm(request.POST or None, items=items, initial={
        "president_name": assembly.president_name, "secretary_name": assembly.secretary_name,
        "summary": assembly.summary})
    if request.method == "POST":
        try:
            if request.POST.get("step") == "finalise":
                minutes_services.minutes_finalise(assembly=assembly, user=request.user)
                messages.success(request, _("The minutes are drawn up: they are ready to be signed."))
                return redirect("assemblies:minutes", pk=assembly.pk)
            if form.is_valid():
                minutes_services.minutes_save(assembly=assembly, user=request.user, debates=form.debates(),
                                              **{k: form.cleaned_data[k] for k in ("summary", "president_name",
                                                                                   "secretary_name")})
                messages.success(request, _("The minutes are saved."))
                return redirect("assemblies:minutes_edit", pk=assembly.pk)
        except ValidationError as error:
            if request.POST.get("step") == "finalise":
                errors_to_messages(request, error)
                return redirect("assemblies:minutes_edit", pk=assembly.pk)
            form_errors_apply(form, error)
    return TemplateResponse(request, "assemblies/minutes_form.html", {"assembly": assembly, "form": form},
                            status=400 if form.errors else 200)


@login_required
@require_POST
def minutes_sign(request, pk: int):
    assembly = assembly_or_404(request, pk, "assemblies.sign_minutes")
    try:
        minutes_services.minutes_sign(assembly=assembly, user=request.user, role=request.POST.get("role", ""))
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("The signature is recorded."))
    return redirect("assemblies:minutes", pk=assembly.pk)
