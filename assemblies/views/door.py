"""The door (émargement) on a phone or tablet: search as you type (a plain
GET form without JavaScript; with it, the list follows the typing), one
button per member, the keyboard alone enough."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import errors_to_messages
from participation.audit import data_exported
from participation.models import RegisterMember

from .. import printing
from ..forms import NewMemberForm
from ..selectors import assembly_quorum, door_list
from ..services import door
from .common import PDF, assembly_or_404, file_response

DOOR = "assemblies.keep_door"


@login_required
@never_cache
def door_page(request, pk: int):
    assembly = assembly_or_404(request, pk, DOOR)
    search = request.GET.get("q", "").strip()[:100]
    context = {"assembly": assembly, "search": search, "members": door_list(assembly, search),
               "quorum": assembly_quorum(assembly), "new_form": NewMemberForm(initial={"name": search})}
    template = "assemblies/_door_results.html" if request.headers.get("X-Door-Search") else "assemblies/door.html"
    return TemplateResponse(request, template, context)


@login_required
@require_POST
def door_action(request, pk: int):
    assembly = assembly_or_404(request, pk, DOOR)
    action = request.POST.get("action")
    search = request.POST.get("q", "")
    try:
        if action == "new":
            form = NewMemberForm(request.POST)
            if not form.is_valid():
                raise ValidationError([error for errors in form.errors.values() for error in errors])
            member = door.door_member_add(assembly=assembly, user=request.user, **form.cleaned_data)
            messages.success(request, _("%(name)s joins the association and is ticked in.") % {"name": member.name})
            search = member.name
        else:
            member = get_object_or_404(RegisterMember, pk=request.POST.get("member") or 0,
                                       organisation=assembly.organisation)
            if action == "arrive":
                revoked = door.attendance_arrive(assembly=assembly, user=request.user, member=member)
                messages.success(request, _("%(name)s is ticked in.") % {"name": member.name})
                if revoked is not None:
                    messages.info(request, _("The proxy %(name)s had given to %(holder)s is cancelled: they vote in "
                                             "person.") % {"name": member.name, "holder": revoked.holder.name
                                                           if revoked.holder else _("the president")})
            elif action == "renew":
                door.door_renew(assembly=assembly, user=request.user, member=member)
                messages.success(request, _("%(name)s has renewed and is ticked in.") % {"name": member.name})
            elif action == "leave":
                door.attendance_leave(assembly=assembly, user=request.user, member=member)
                messages.success(request, _("%(name)s has left.") % {"name": member.name})
    except ValidationError as error:
        errors_to_messages(request, error)
    url = redirect("assemblies:door", pk=assembly.pk).url
    return redirect(f"{url}?{urlencode({'q': search})}" if search else url)


@login_required
def sheet(request, pk: int):
    assembly = assembly_or_404(request, pk, DOOR)
    name = f"emargement-{assembly.day:%Y-%m-%d}.pdf"
    data_exported(organisation=assembly.organisation_id, user=request.user, what=name)
    return file_response(printing.sheet_pdf(assembly), PDF, name)
