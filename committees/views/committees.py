"""The committee pages: the public page, joining and leaving, and what its
animators and secretary (or the staff) do to run it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cms.models import OrganisationPage
from core.views import errors_to_messages, form_errors_apply, sign_in_first

from .. import printing, services
from ..forms import AnswerForm, AppointForm, CommitteeSettingsForm, JoinForm, ListingForm, RoleForm
from ..models import (
    CommitteeKind,
    CommitteeMember,
    CommitteeMemberStatus,
    CommitteeRole,
    MembershipPolicy,
    PlanItemRelation,
)
from ..selectors import (
    committee_access,
    committee_by_slugs,
    committee_detail,
    committee_index,
    committee_members_for_management,
    my_committees,
)


def committee_or_404(organisation_slug: str, slug: str):
    committee = committee_by_slugs(organisation_slug, slug)
    if committee is None or not committee.organisation.live:
        raise Http404
    return committee


def committee_to_manage(request, organisation_slug: str, slug: str):
    committee = committee_or_404(organisation_slug, slug)
    if not request.user.has_perm("committees.manage_committee", committee):
        raise PermissionDenied
    return committee


def poster(request, organisation_slug: str, slug: str):
    """The A4 poster, for those who run the committee (a 404 for the others:
    printing is for the desk, and costs the server a render)."""
    committee = committee_or_404(organisation_slug, slug)
    if not request.user.has_perm("committees.manage_committee", committee):
        raise Http404
    pdf = printing.poster_pdf(committee, request.build_absolute_uri(committee.get_absolute_url()))
    return HttpResponse(pdf, content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"affiche-{committee.slug}.pdf")})


def index(request):
    kind = request.GET.get("type", "")
    kind = kind if kind in CommitteeKind.values else ""
    organisation_slug = request.GET.get("organisation", "")
    context = {
        "groups": committee_index(kind=kind, organisation_slug=organisation_slug),
        "kinds": CommitteeKind.choices,
        "kind": kind,
        "organisations": OrganisationPage.objects.live().filter(committees__isnull=False).distinct()
        .order_by("path").only("title", "slug", "path", "depth"),
        "organisation_slug": organisation_slug,
    }
    return TemplateResponse(request, "committees/committee_index.html", context)


def detail(request, organisation_slug: str, slug: str):
    committee = committee_or_404(organisation_slug, slug)
    access = committee_access(request.user, committee)
    context = committee_detail(committee, access)
    context["join_form"] = JoinForm()
    if access.seat is not None:
        context["listing_form"] = ListingForm(initial={"listed": access.seat.listed})
    return TemplateResponse(request, "committees/committee_detail.html", context)


@require_POST
def join(request, organisation_slug: str, slug: str):
    """Join an open committee, or ask to join one on request."""
    committee = committee_or_404(organisation_slug, slug)
    if not request.user.is_authenticated:
        return sign_in_first(request, committee.get_absolute_url())
    form = JoinForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
        return redirect(committee)
    try:
        if committee.membership_policy == MembershipPolicy.OPEN:
            services.committee_join(user=request.user, committee=committee, listed=form.cleaned_data["listed"])
            messages.success(request, _("Welcome to %(name)s: you are now a member.") % {"name": committee})
        else:
            services.committee_request(user=request.user, committee=committee, listed=form.cleaned_data["listed"],
                                       message=form.cleaned_data["message"])
            messages.success(request, _("Your request is sent: the animators of %(name)s will answer it.")
                             % {"name": committee})
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect(committee)


@require_POST
@login_required
def leave(request, organisation_slug: str, slug: str):
    committee = committee_or_404(organisation_slug, slug)
    seat = CommitteeMember.objects.filter(committee=committee, user=request.user).first()
    try:
        services.committee_leave(user=request.user, committee=committee)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Your request is withdrawn.") if seat.status == CommitteeMemberStatus.PENDING
                         else _("You have left %(name)s.") % {"name": committee})
    return redirect(committee)


@require_POST
@login_required
def listing(request, organisation_slug: str, slug: str):
    committee = committee_or_404(organisation_slug, slug)
    form = ListingForm(request.POST)
    form.is_valid()
    listed = form.cleaned_data.get("listed", False)
    try:
        services.committee_listing_set(user=request.user, committee=committee, listed=listed)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Your name is shown in the list of members.") if listed
                         else _("Your name is no longer shown in the list of members."))
    return redirect(f"{committee.get_absolute_url()}#members")


@login_required
def members(request, organisation_slug: str, slug: str):
    """Requests to answer, members and their roles, appointments."""
    committee = committee_to_manage(request, organisation_slug, slug)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.committee_member_appoint(by=request.user, committee=committee,
                                                     who=form.cleaned_data["person"], role=form.cleaned_data["role"])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("%(name)s is now %(role)s of the committee.")
                             % {"name": seat.user, "role": seat.get_role_display().lower()})
            return redirect("committees:committee_members", organisation_slug, slug)
    context = {"committee": committee, "form": form, "roles": CommitteeRole.choices,
               **committee_members_for_management(committee)}
    return TemplateResponse(request, "committees/committee_members.html", context)


def _seat(committee, seat_id: int) -> CommitteeMember:
    return get_object_or_404(CommitteeMember.objects.select_related("user", "committee__organisation"),
                             pk=seat_id, committee=committee)


@require_POST
@login_required
def member_answer(request, organisation_slug: str, slug: str, seat_id: int):
    committee = committee_to_manage(request, organisation_slug, slug)
    seat = _seat(committee, seat_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.committee_member_answer(by=request.user, seat=seat, accept=accept,
                                             answer=form.cleaned_data["answer"])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, (_("%(name)s is now a member.") if accept
                                       else _("The request of %(name)s is declined.")) % {"name": seat.user})
    return redirect("committees:committee_members", organisation_slug, slug)


@require_POST
@login_required
def member_role(request, organisation_slug: str, slug: str, seat_id: int):
    committee = committee_to_manage(request, organisation_slug, slug)
    seat = _seat(committee, seat_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            seat = services.committee_member_role_set(by=request.user, seat=seat, role=form.cleaned_data["role"])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("%(name)s is now %(role)s of the committee.")
                             % {"name": seat.user, "role": seat.get_role_display().lower()})
    return redirect("committees:committee_members", organisation_slug, slug)


@require_POST
@login_required
def member_remove(request, organisation_slug: str, slug: str, seat_id: int):
    committee = committee_to_manage(request, organisation_slug, slug)
    seat = _seat(committee, seat_id)
    try:
        services.committee_member_remove(by=request.user, seat=seat)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": seat.user})
    return redirect("committees:committee_members", organisation_slug, slug)


@login_required
def edit(request, organisation_slug: str, slug: str):
    committee = committee_to_manage(request, organisation_slug, slug)
    links = dict(committee.plan_links.values_list("page_id", "relation"))
    initial = {
        "description": committee.description, "membership_policy": committee.membership_policy,
        "visibility": committee.visibility,
        "piloted": [pk for pk, relation in links.items() if relation == PlanItemRelation.PILOTS],
        "followed": [pk for pk, relation in links.items() if relation == PlanItemRelation.FOLLOWS],
    }
    form = CommitteeSettingsForm(request.POST or None, initial=initial, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pages = Page.objects.in_bulk(list(data.get("piloted") or []) + list(data.get("followed") or []))
        try:
            services.committee_update(
                by=request.user, committee=committee, description=data["description"],
                membership_policy=data["membership_policy"], visibility=data["visibility"],
                piloted=[pages[pk] for pk in data.get("piloted") or [] if pk in pages],
                followed=[pages[pk] for pk in data.get("followed") or [] if pk in pages],
            )
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The committee is saved."))
            return redirect(committee)
    return TemplateResponse(request, "committees/committee_form.html", {"committee": committee, "form": form})


@login_required
def mine(request):
    return TemplateResponse(request, "committees/my_committees.html", my_committees(request.user))
