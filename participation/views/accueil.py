"""The accueil's pages, for an organisation's staff and volunteers: find
the person who is there (or add them), then record what they say or ask on
their behalf. The projects' and comités' forms on the person's page post to
their own apps (projects/views/accueil.py, committees/views/accueil.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OrganisationPage
from core.views import form_errors_apply

from ..commenting import accueil_choices
from ..forms import AccueilCommentForm, AccueilPersonForm
from ..models import RegisterMember
from ..selectors.accueil import accueil_person, accueil_search
from ..services import accueil as services


def accueil_organisation(request, pk: int) -> OrganisationPage:
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not request.user.has_perm("participation.record_at_accueil", organisation):
        raise PermissionDenied
    return organisation


def accueil_person_or_404(organisation, user_id: int):
    person = accueil_person(organisation, user_id)
    if person is None:
        raise Http404
    return person


@login_required
def desk(request, pk: int):
    organisation = accueil_organisation(request, pk)
    form = AccueilPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.accueil_person_add(by=request.user, organisation=organisation,
                                                 name=form.cleaned_data["name"])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            return redirect("participation:accueil_person", pk=organisation.pk, user_id=person.pk)
    context = {"organisation": organisation, "form": form, **accueil_search(organisation, request.GET.get("q"))}
    return TemplateResponse(request, "participation/accueil_desk.html", context,
                            status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def from_register(request, pk: int, member_id: int):
    organisation = accueil_organisation(request, pk)
    member = get_object_or_404(RegisterMember, pk=member_id, organisation=organisation)
    person = services.accueil_person_add(by=request.user, organisation=organisation, register_member=member)
    return redirect("participation:accueil_person", pk=organisation.pk, user_id=person.pk)


@login_required
def person(request, pk: int, user_id: int):
    """The person's page: a comment on the plan, a project or a journal
    entry here; a support, an offer to help, a project and a comité request
    through their apps' forms."""
    organisation = accueil_organisation(request, pk)
    someone = accueil_person_or_404(organisation, user_id)
    choices, targets = accueil_choices(organisation)
    form = AccueilCommentForm(request.POST or None, choices=choices, prefix="comment")
    if request.method == "POST" and form.is_valid():
        target = targets.get(form.cleaned_data["target"])
        try:
            if target is None:
                raise PermissionDenied
            services.accueil_comment(by=request.user, organisation=organisation, person=someone, target=target,
                                     text=form.cleaned_data["text"], consent=form.cleaned_data["consent"])
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The comment of %(name)s is published, marked “recorded at the accueil”.")
                             % {"name": someone})
            return redirect("participation:accueil_person", pk=organisation.pk, user_id=someone.pk)
    context = {"organisation": organisation, "person": someone, "comment_form": form,
               "without_account": hasattr(someone, "accueil_person")}
    return TemplateResponse(request, "participation/accueil_person.html", context,
                            status=400 if request.method == "POST" else 200)
