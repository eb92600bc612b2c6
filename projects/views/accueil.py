"""At the accueil (participation/views/accueil.py shows the person's page):
a support or an offer to help, recorded on behalf of the person who is
there. A refusal comes back as a message on their page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import errors_to_messages, form_errors_apply
from participation.views.accueil import accueil_organisation, accueil_person_or_404

from ..forms import AccueilProjectForm, AccueilProposalForm
from ..selectors import accueil_projects
from ..services import help_offer_set, project_propose_at_accueil, project_support


def _record(request, pk: int, user_id: int, prefix: str, write) -> object:
    organisation = accueil_organisation(request, pk)
    person = accueil_person_or_404(organisation, user_id)
    projects = {project.pk: project for project in accueil_projects(organisation, person)}
    form = AccueilProjectForm(request.POST, projects=projects.values(), prefix=prefix)
    if not form.is_valid():
        errors_to_messages(request, form.errors)
    else:
        project = projects[form.cleaned_data["project"]]
        project.organisation = organisation
        try:
            write(person=person, project=project, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_messages(request, error)
        except PermissionDenied:
            messages.error(request, _("This cannot be recorded for this person."))
        else:
            messages.success(request, _("Recorded for %(name)s: “%(project)s”.") % {"name": person,
                                                                                     "project": project.title})
    return redirect("participation:accueil_person", pk=organisation.pk, user_id=person.pk)


@login_required
@require_POST
def support(request, pk: int, user_id: int):
    def write(*, person, project, data):
        project_support(user=person, project=project, recorded_by=request.user, consent=data["consent"])

    return _record(request, pk, user_id, "support", write)


@login_required
@require_POST
def help_offer(request, pk: int, user_id: int):
    def write(*, person, project, data):
        help_offer_set(user=person, project=project, message=data["message"], recorded_by=request.user,
                       consent=data["consent"])

    return _record(request, pk, user_id, "help", write)


@login_required
def propose(request, pk: int, user_id: int):
    """A project the person tells at the accueil, on a page of its own (its
    text is kept on an error)."""
    organisation = accueil_organisation(request, pk)
    person = accueil_person_or_404(organisation, user_id)
    form = AccueilProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent = data.pop("consent")
        try:
            project = project_propose_at_accueil(by=request.user, author=person, organisation=organisation,
                                                 fields=data, consent=consent)
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The project “%(project)s” of %(name)s is submitted.")
                             % {"project": project.title, "name": person})
            return redirect("participation:accueil_person", pk=organisation.pk, user_id=person.pk)
    return TemplateResponse(request, "projects/accueil_propose.html",
                            {"organisation": organisation, "person": person, "form": form},
                            status=400 if request.method == "POST" else 200)
