"""The staff's pages: the statutes, preparing an assembly (agenda,
documents, volunteers), convening the members, paper proxies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import errors_to_messages, form_errors_apply
from participation.audit import data_exported
from participation.selectors.memberships import people_named

from .. import printing
from ..forms import AssemblyForm, DocumentForm, HelpersForm, ItemForm, PaperProxyForm, StatutesForm
from ..models import AgendaItem, AssemblyDocument, ConvocationChannel, Proxy, Statutes
from ..selectors import active_proxies, agenda, electorate, organisation_statutes, statutes_in_use
from ..services import convocation, preparation, proxies
from .common import PDF, assembly_or_404, file_response, organisation_or_404

MANAGE = "assemblies.manage_assembly"


@login_required
def statutes_list(request, pk: int):
    organisation = organisation_or_404(request, pk, "assemblies.manage_statutes")
    return TemplateResponse(request, "assemblies/statutes_list.html",
                            {"organisation": organisation, "statutes": organisation_statutes(organisation)})


@login_required
def statutes_edit(request, pk: int, statutes_id: int | None = None):
    organisation = organisation_or_404(request, pk, "assemblies.manage_statutes")
    statutes = get_object_or_404(Statutes, pk=statutes_id, organisation=organisation) if statutes_id else None
    if request.method == "POST" and request.POST.get("copy") and statutes is not None:
        copy = preparation.statutes_copy(statutes=statutes, user=request.user)
        messages.success(request, _("A new version of the statutes is made: change it below."))
        return redirect("assemblies:statutes_edit", pk=pk, statutes_id=copy.pk)
    form = StatutesForm(request.POST or None, instance=statutes or Statutes(organisation=organisation))
    locked = statutes is not None and statutes_in_use(statutes)
    if request.method == "POST" and form.is_valid():
        try:
            saved = preparation.statutes_save(organisation=organisation, user=request.user, statutes=statutes,
                                              **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The statutes' rules are saved."))
            return redirect("assemblies:statutes_edit", pk=pk, statutes_id=saved.pk)
    return TemplateResponse(request, "assemblies/statutes_form.html",
                            {"organisation": organisation, "form": form, "statutes": statutes, "locked": locked},
                            status=400 if form.errors else 200)


@login_required
def assembly_create(request, pk: int):
    organisation = organisation_or_404(request, pk, "assemblies.add_assembly")
    if not Statutes.objects.filter(organisation=organisation).exists():
        messages.info(request, _("Enter the statutes' rules first: every assembly is held under them."))
        return redirect("assemblies:statutes_new", pk=pk)
    form = AssemblyForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = preparation.assembly_create(organisation=organisation, user=request.user, **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The assembly is created: now its agenda."))
            return redirect("assemblies:agenda", pk=assembly.pk)
    return TemplateResponse(request, "assemblies/assembly_form.html", {"organisation": organisation, "form": form},
                            status=400 if form.errors else 200)


@login_required
def assembly_edit(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    form = AssemblyForm(request.POST or None, organisation=assembly.organisation,
                        initial=AssemblyForm.initial_from(assembly))
    if request.method == "POST" and form.is_valid():
        try:
            preparation.assembly_update(assembly=assembly, user=request.user, **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The assembly is saved."))
            return redirect("assemblies:detail", pk=assembly.pk)
    return TemplateResponse(request, "assemblies/assembly_form.html",
                            {"organisation": assembly.organisation, "assembly": assembly, "form": form},
                            status=400 if form.errors else 200)


@login_required
def agenda_edit(request, pk: int, item_id: int | None = None):
    assembly = assembly_or_404(request, pk, MANAGE)
    item = get_object_or_404(AgendaItem, pk=item_id, assembly=assembly) if item_id else None
    form = ItemForm(request.POST or None, initial=ItemForm.initial_from(item) if item else None)
    if request.method == "POST" and form.is_valid():
        try:
            preparation.item_save(assembly=assembly, user=request.user, item=item, **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect("assemblies:agenda", pk=assembly.pk)
    return TemplateResponse(request, "assemblies/agenda.html",
                            {"assembly": assembly, "items": agenda(assembly), "form": form, "item": item,
                             "documents": list(assembly.documents.all()),
                             "document_form": DocumentForm(prefix="document"),
                             "helpers": list(assembly.helpers.all()),
                             "helpers_form": HelpersForm(prefix="helpers")},
                            status=400 if form.errors else 200)


@login_required
@require_POST
def item_action(request, pk: int, item_id: int, action: str):
    assembly = assembly_or_404(request, pk, MANAGE)
    item = get_object_or_404(AgendaItem, pk=item_id, assembly=assembly)
    item.assembly = assembly
    try:
        if action == "supprimer":
            preparation.item_delete(item=item, user=request.user)
        else:
            preparation.item_move(item=item, user=request.user, up=action == "monter")
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect("assemblies:agenda", pk=assembly.pk)


@login_required
@require_POST
def documents(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    if request.POST.get("delete"):
        document = get_object_or_404(AssemblyDocument, pk=request.POST["delete"], assembly=assembly)
        document.assembly = assembly
        preparation.document_delete(document=document, user=request.user)
        messages.success(request, _("The document is removed."))
        return redirect("assemblies:agenda", pk=assembly.pk)
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            preparation.document_add(assembly=assembly, user=request.user, title=form.cleaned_data["title"],
                                     upload=form.cleaned_data["file"])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("The document is added, for the members."))
    else:
        errors_to_messages(request, form.errors)
    return redirect("assemblies:agenda", pk=assembly.pk)


@login_required
@require_POST
def helpers(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    form = HelpersForm(request.POST, prefix="helpers")
    if form.is_valid():
        people, unknown = [], []
        for line in form.cleaned_data["people"].splitlines():
            if line.strip():
                found = list(people_named(line)[:2])
                (people.append(found[0]) if len(found) == 1 else unknown.append(line.strip()))
        if unknown:
            messages.error(request, _("No single account has this name or address: %(names)s.")
                           % {"names": ", ".join(unknown)})
        else:
            preparation.helpers_set(assembly=assembly, user=request.user, people=people)
            messages.success(request, _("The volunteers at the door are saved."))
    return redirect("assemblies:agenda", pk=assembly.pk)


@login_required
def convene(request, pk: int):
    assembly = assembly_or_404(request, pk, MANAGE)
    problem = None
    try:
        convocation.convocation_check(assembly)
    except ValidationError as error:
        problem = error.messages[0]
    if request.method == "POST":
        try:
            report = convocation.assembly_convene(assembly=assembly, user=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect("assemblies:convene", pk=assembly.pk)
        messages.success(request, _("The members are convened: %(emailed)s by e-mail; %(letters)s letters to print.")
                         % {"emailed": report.emailed, "letters": report.letters})
        return redirect("assemblies:convene", pk=assembly.pk)
    from ..selectors import up_to_date_members

    members = list(up_to_date_members(assembly).select_related("user"))
    without = [member for member in members if not member.email and not (member.user_id and member.user.email)]
    return TemplateResponse(request, "assemblies/convene.html", {
        "assembly": assembly, "problem": problem, "members": len(members), "without_email": len(without),
        "letters": assembly.convocations.filter(channel=ConvocationChannel.LETTER).count(),
        "convened": assembly.convocations.count(), "items": agenda(assembly), "today": timezone.localdate()})


@login_required
def letters(request, pk: int):
    """The letters to print: to the members convened by letter (all of them
    with ?tous=1; a blank one to photocopy with ?vierge=1)."""
    assembly = assembly_or_404(request, pk, MANAGE)
    from participation.models import RegisterMember

    if request.GET.get("vierge"):
        members = []
    else:
        convened = assembly.convocations.all()
        if not request.GET.get("tous"):
            convened = convened.filter(channel=ConvocationChannel.LETTER)
        members = list(RegisterMember.objects.filter(pk__in=convened.values("member_id")).order_by("name"))
    name = f"convocations-{assembly.day:%Y-%m-%d}.pdf"
    if members:
        data_exported(organisation=assembly.organisation_id, user=request.user, what=name, rows=len(members))
    return file_response(printing.letters_pdf(assembly, members), PDF, name)


@login_required
def proxies_desk(request, pk: int):
    """Paper proxies handed in, entered by the staff; every proxy, revocable
    until the opening."""
    assembly = assembly_or_404(request, pk, "assemblies.record_proxy")
    members = electorate(assembly).order_by("name")
    form = PaperProxyForm(request.POST or None, members=members, blank_allowed=assembly.statutes.blank_proxies)
    if request.method == "POST" and request.POST.get("revoke"):
        proxy = get_object_or_404(Proxy, pk=request.POST["revoke"], assembly=assembly)
        proxy.assembly = assembly
        try:
            proxies.proxy_revoke(proxy=proxy, user=request.user)
            messages.success(request, _("The proxy of %(name)s is revoked.") % {"name": proxy.giver.name})
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect("assemblies:proxies", pk=assembly.pk)
    if request.method == "POST" and form.is_valid():
        try:
            proxy = proxies.proxy_record(assembly=assembly, user=request.user, giver=form.cleaned_data["giver"],
                                         holder=form.cleaned_data["holder"],
                                         to_president=form.cleaned_data.get("to_president", False))
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The proxy of %(name)s is recorded.") % {"name": proxy.giver.name})
            return redirect("assemblies:proxies", pk=assembly.pk)
    return TemplateResponse(request, "assemblies/proxies.html",
                            {"assembly": assembly, "form": form, "proxies": list(active_proxies(assembly))},
                            status=400 if form.errors else 200)
