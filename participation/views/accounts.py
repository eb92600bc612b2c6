from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OrganisationPage
from core.views import rendition_file

from ..emails import UNSUBSCRIBE_LINK_DAYS
from ..forms import MembershipAnswerForm, MembershipRequestForm, ProfileForm
from ..models import STAFF_ROLES, Membership, MembershipStatus, Role
from ..selectors import memberships_with_people
from ..selectors.register import register_entries_of
from ..services import membership_answer, membership_request, membership_withdraw


def avatar_rendition(request, stem: str, width: int, fmt: str):
    """An avatar at the size it is shown (core/renditions.py), found by its
    stored name, as unguessable as the /media/ address of the original."""
    if not (len(stem) == 32 and all(char in "0123456789abcdef" for char in stem)):
        raise Http404
    person = (get_user_model().objects.filter(avatar__in=[f"avatars/{stem}.jpg", f"avatars/{stem}.png"])
              .only("avatar").first())
    if person is None:
        raise Http404
    return rendition_file(person.avatar, original_width=0, width=width, fmt=fmt, name="avatar", preset="avatar")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("participation:profile")
    return TemplateResponse(request, "participation/profile.html", {"form": form, "link_days": UNSUBSCRIBE_LINK_DAYS})


@login_required
def memberships(request):
    """My organisations and roles, and asking for a new one."""
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("participation.request_membership"):
            raise PermissionDenied
        if form.is_valid():
            try:
                membership = membership_request(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if membership.status == MembershipStatus.ACCEPTED:
                    messages.success(request, _("You are now %(role)s of %(organisation)s.") % {
                        "role": membership.get_role_display().lower(), "organisation": membership.organisation.title})
                else:
                    messages.success(request, _("Your request has been sent to %(organisation)s.") % {
                        "organisation": membership.organisation.title})
                return redirect("participation:memberships")
    mine = list(memberships_with_people().filter(user=request.user))
    staff_of = [m.organisation for m in mine if m.is_accepted and m.role in STAFF_ROLES]
    pending = dict(
        memberships_with_people().filter(organisation__in=staff_of, status=MembershipStatus.PENDING)
        .order_by().values_list("organisation").annotate(count=Count("pk"))
    )
    today = timezone.localdate()
    entries = list(register_entries_of(request.user))
    for entry in entries:
        entry.current = next((period for period in entry.subscriptions.all() if period.covers(today)), None)
    context = {
        "form": form, "memberships": mine, "register_entries": entries,
        "staff_of": [(organisation, pending.get(organisation.pk, 0)) for organisation in staff_of],
        # roles.keeps_accueil: staff and volunteers record at the accueil.
        "accueil_of": [m.organisation for m in mine if m.is_accepted and m.role in STAFF_ROLES | {Role.VOLUNTEER}],
    }
    return TemplateResponse(request, "participation/memberships.html", context)


@login_required
def organisation_requests(request, pk):
    """The organisation's staff answer the role requests."""
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not request.user.has_perm("participation.view_membership_requests", organisation):
        raise PermissionDenied
    if request.method == "POST":
        membership = get_object_or_404(memberships_with_people(), pk=request.POST.get("membership"),
                                       organisation=organisation)
        if not request.user.has_perm("participation.answer_membership", membership):
            raise PermissionDenied
        form = MembershipAnswerForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            membership_answer(membership=membership, by=request.user, accept=accept,
                              answer=form.cleaned_data["answer"])
            messages.success(request, (_("%(person)s accepted as %(role)s.") if accept else
                                       _("Request of %(person)s declined.")) % {
                "person": membership.user, "role": membership.get_role_display().lower()})
            return redirect("participation:organisation_requests", pk=organisation.pk)
    pending = memberships_with_people().filter(organisation=organisation, status=MembershipStatus.PENDING)
    members = memberships_with_people().filter(organisation=organisation, status=MembershipStatus.ACCEPTED)
    context = {"organisation": organisation, "pending": pending, "members": members,
               "answer_form": MembershipAnswerForm()}
    return TemplateResponse(request, "participation/organisation_requests.html", context)


@require_POST
@login_required
def membership_leave(request, pk):
    """Withdraw a request, or leave a role."""
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk, user=request.user)
    was_pending = membership.status == MembershipStatus.PENDING
    membership_withdraw(membership=membership, user=request.user)
    messages.success(request, (_("Your request to %(organisation)s is withdrawn.") if was_pending else
                               _("You no longer have this role at %(organisation)s.")) % {
        "organisation": membership.organisation.title})
    return redirect("participation:memberships")
