"""A committee's meetings: scheduling and changes, attendance, documents and
minutes. A meeting of a members-only committee is a 404 for anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import errors_to_messages, form_errors_apply, protected_file

from .. import services
from ..forms import AttendanceForm, CancelForm, DocumentForm, MeetingForm, MinutesForm
from ..models import Meeting, MeetingDocument
from ..selectors import committee_access, meeting_detail, meeting_for_view, minutes_members
from .committees import committee_to_manage


def meeting_or_404(request, pk: int, manage: bool = False) -> Meeting:
    try:
        meeting = meeting_for_view(pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    if not meeting.committee.organisation.live:
        raise Http404
    if not request.user.has_perm("committees.view_committee_content", meeting.committee):
        raise Http404
    if manage and not request.user.has_perm("committees.manage_committee", meeting.committee):
        raise PermissionDenied
    return meeting


def detail(request, pk: int):
    meeting = meeting_or_404(request, pk)
    context = meeting_detail(meeting, committee_access(request.user, meeting.committee))
    context["attendance_form"] = AttendanceForm(initial={"answer": context["my_answer"] or None})
    context["document_form"] = DocumentForm()
    context["cancel_form"] = CancelForm()
    return TemplateResponse(request, "committees/meeting_detail.html", context)


@login_required
def create(request, organisation_slug: str, slug: str):
    committee = committee_to_manage(request, organisation_slug, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(by=request.user, committee=committee, **form.meeting_values())
        except ValidationError as error:
            form_errors_apply(form, _field_names(error))
        else:
            messages.success(request, _("The meeting is scheduled; the members are told."))
            return redirect(meeting)
    return TemplateResponse(request, "committees/meeting_form.html", {"committee": committee, "form": form})


def _field_names(error: ValidationError) -> ValidationError:
    """The service speaks of starts_at/ends_at, the form of day and times."""
    if hasattr(error, "error_dict"):
        renamed = {"starts_at": "day", "ends_at": "ends"}
        return ValidationError({renamed.get(name, name): errors for name, errors in error.error_dict.items()})
    return error


@login_required
def edit(request, pk: int):
    meeting = meeting_or_404(request, pk, manage=True)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(by=request.user, meeting=meeting, **form.meeting_values())
        except ValidationError as error:
            form_errors_apply(form, _field_names(error))
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    context = {"committee": meeting.committee, "meeting": meeting, "form": form, "cancel_form": CancelForm()}
    return TemplateResponse(request, "committees/meeting_form.html", context)


@require_POST
@login_required
def cancel(request, pk: int):
    meeting = meeting_or_404(request, pk, manage=True)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.meeting_cancel(by=request.user, meeting=meeting, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("The meeting is cancelled; the members are told."))
    return redirect(meeting)


@require_POST
@login_required
def attendance(request, pk: int):
    meeting = meeting_or_404(request, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
        return redirect(meeting)
    try:
        services.attendance_answer(user=request.user, meeting=meeting, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Your answer is noted: thank you."))
    return redirect(f"{meeting.get_absolute_url()}#attendance")


@login_required
def minutes(request, pk: int):
    meeting = meeting_or_404(request, pk, manage=True)
    present = list(meeting.attendances.filter(present=True).values_list("user_id", flat=True))
    form = MinutesForm(request.POST or None, members=minutes_members(meeting),
                       initial={"minutes": meeting.minutes, "present": present})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_publish(by=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"],
                                     present_ids=form.cleaned_data.get("present") or [])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The minutes are published."))
            return redirect(f"{meeting.get_absolute_url()}#minutes")
    return TemplateResponse(request, "committees/minutes_form.html",
                            {"committee": meeting.committee, "meeting": meeting, "form": form})


@require_POST
@login_required
def document_add(request, pk: int):
    meeting = meeting_or_404(request, pk, manage=True)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
        return redirect(f"{meeting.get_absolute_url()}#documents")
    try:
        document = services.document_add(by=request.user, meeting=meeting, upload=form.cleaned_data["document"])
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("“%(name)s” is added.") % {"name": document.name})
    return redirect(f"{meeting.get_absolute_url()}#documents")


@require_POST
@login_required
def document_remove(request, document_id: int):
    document = get_object_or_404(MeetingDocument, pk=document_id)
    meeting = meeting_or_404(request, document.meeting_id, manage=True)
    services.document_remove(by=request.user, document=document)
    messages.success(request, _("“%(name)s” is removed.") % {"name": document.name})
    return redirect(f"{meeting.get_absolute_url()}#documents")


def document_file(request, document_id: int):
    """Served by the application after the same check as the meeting."""
    document = get_object_or_404(MeetingDocument, pk=document_id)
    meeting_or_404(request, document.meeting_id)
    return protected_file(document.file, content_type=document.content_type, name=document.name)
