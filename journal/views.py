"""Writing and reading an action's journal on the site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.models import ActionPage, Indicator
from core.uploads import attachment_clean, image_clean
from core.views import form_errors_apply, protected_file, rendition_file
from participation.predicates import can_view_target

from . import services
from .forms import EntryForm, PilotForm
from .models import ActionPilot, JournalEntry
from .predicates import action_organisation_id
from .selectors import action_pilots, entry_for_view, person_find


def _action_or_404(pk: int) -> ActionPage:
    action = ActionPage.objects.live().select_related("plan").filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def _entry_or_404(request, pk: int) -> JournalEntry:
    try:
        entry = entry_for_view(pk)
    except JournalEntry.DoesNotExist as error:
        raise Http404 from error
    if not can_view_target(request.user, entry):  # a published action its reader may read (Wagtail's privacy)
        raise Http404
    return entry


def _files(form, errors: dict):
    """The photo re-encoded and the document checked, before anything is
    written; what is refused is said on its field."""
    photo = document = None
    if form.cleaned_data.get("photo"):
        try:
            photo = image_clean(form.cleaned_data["photo"])
        except ValidationError as error:
            errors["photo"] = error.messages
    if form.cleaned_data.get("document"):
        try:
            document = attachment_clean(form.cleaned_data["document"])
        except ValidationError as error:
            errors["document"] = error.messages
    return photo, document


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request, action_id: int):
    action = _action_or_404(action_id)
    if not request.user.has_perm("journal.add_entry", action):
        raise PermissionDenied
    indicators = list(Indicator.objects.filter(page=action))
    form = EntryForm(request.POST or None, request.FILES or None, indicators=indicators,
                     initial={"date": timezone.localdate(), "progress": action.progress})
    if request.method == "POST" and form.is_valid():
        errors: dict = {}
        photo, document = _files(form, errors)
        if errors:
            for field, texts in errors.items():
                form.add_error(field, texts)
        else:
            data = form.cleaned_data
            progress = data.get("progress")
            try:
                entry = services.entry_create(
                    user=request.user, action=action, date=data["date"], text=data["text"],
                    status=data.get("status") or "", progress=None if progress == action.progress else progress,
                    photo=photo, photo_alt=data.get("photo_alt", ""), document=document,
                    indicator_values=form.indicator_values())
            except ValidationError as error:
                form_errors_apply(form, error)
            else:
                messages.success(request, _("The update is published in the action's journal."))
                return redirect(f"{action.url}#entry-{entry.pk}")
    return TemplateResponse(request, "journal/entry_form.html", {"action": action, "form": form},
                            status=400 if form.errors else 200)


def entry_detail(request, pk: int):
    entry = _entry_or_404(request, pk)
    return TemplateResponse(request, "journal/entry_detail.html", {
        "entry": entry, "action": entry.action, "plan": entry.action.plan,
        "can_change": request.user.has_perm("journal.change_entry", entry)})


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    entry = _entry_or_404(request, pk)
    if not request.user.has_perm("journal.change_entry", entry):
        raise PermissionDenied
    form = EntryForm(request.POST or None, request.FILES or None, editing=True,
                     initial={"date": entry.date, "text": entry.text, "photo_alt": entry.photo_alt})
    if request.method == "POST" and form.is_valid():
        errors: dict = {}
        photo, document = _files(form, errors)
        for field, texts in errors.items():
            form.add_error(field, texts)
        if not errors:
            data = form.cleaned_data
            try:
                services.entry_update(user=request.user, entry=entry, date=data["date"], text=data["text"],
                                      photo=photo, photo_alt=data.get("photo_alt"), document=document,
                                      remove_photo=data.get("remove_photo", False),
                                      remove_document=data.get("remove_document", False))
            except ValidationError as error:
                form_errors_apply(form, error)
            else:
                messages.success(request, _("The update is saved."))
                return redirect(entry)
    return TemplateResponse(request, "journal/entry_form.html", {"action": entry.action, "form": form,
                                                                  "entry": entry},
                            status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int):
    entry = _entry_or_404(request, pk)
    if not request.user.has_perm("journal.delete_entry", entry):
        raise PermissionDenied
    if request.method == "POST":
        action = entry.action
        services.entry_delete(user=request.user, entry=entry)
        messages.success(request, _("The update is deleted."))
        return redirect(f"{action.url}#journal")
    return TemplateResponse(request, "journal/entry_delete.html", {"entry": entry, "action": entry.action})


def entry_photo(request, pk: int):
    entry = _entry_or_404(request, pk)
    if not entry.photo:
        raise Http404
    return protected_file(entry.photo, content_type="image/" + entry.photo.name.rsplit(".", 1)[-1].replace(
        "jpg", "jpeg"), name=f"photo-{entry.pk}", as_attachment=False)


def entry_photo_rendition(request, pk: int, width: int, fmt: str):
    entry = _entry_or_404(request, pk)
    return rendition_file(entry.photo, original_width=entry.photo_width, width=width, fmt=fmt, name=f"photo-{entry.pk}")


def entry_document(request, pk: int):
    entry = _entry_or_404(request, pk)
    if not entry.document:
        raise Http404
    return protected_file(entry.document, content_type=entry.document_type, name=entry.document_name)


@login_required
@require_http_methods(["GET", "POST"])
def pilots(request, action_id: int):
    action = _action_or_404(action_id)
    if not request.user.has_perm("journal.manage_pilots", action):
        raise PermissionDenied
    form = PilotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = person_find(action_organisation_id(action), form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("Nobody with a role in the organisation has this name or address."))
        else:
            services.pilot_appoint(user=request.user, action=action, person=person)
            messages.success(request, _("%(name)s can now write this action's journal.") % {"name": person})
            return redirect("journal:pilots", action_id=action.pk)
    return TemplateResponse(request, "journal/pilots.html", {"action": action, "form": form,
                                                             "pilots": action_pilots(action)},
                            status=400 if form.errors else 200)


@login_required
@require_POST
def pilot_remove(request, action_id: int, seat_id: int):
    action = _action_or_404(action_id)
    seat = get_object_or_404(ActionPilot, pk=seat_id, action=action)
    services.pilot_remove(user=request.user, seat=seat)
    messages.success(request, _("%(name)s no longer writes this action's journal.") % {"name": seat.user})
    return redirect("journal:pilots", action_id=action.pk)
