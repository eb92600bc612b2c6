"""At the accueil (participation/views/accueil.py shows the person's page):
a request to join a comité, recorded on behalf of the person who is there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import errors_to_messages
from participation.views.accueil import accueil_organisation, accueil_person_or_404

from ..forms import AccueilCommitteeForm
from ..selectors import accueil_committees
from ..services import committee_request_at_accueil


@login_required
@require_POST
def request_seat(request, pk: int, user_id: int):
    organisation = accueil_organisation(request, pk)
    person = accueil_person_or_404(organisation, user_id)
    committees = {committee.pk: committee for committee in accueil_committees(organisation, person)}
    form = AccueilCommitteeForm(request.POST, committees=committees.values(), prefix="committee")
    if not form.is_valid():
        errors_to_messages(request, form.errors)
    else:
        committee = committees[form.cleaned_data["committee"]]
        committee.organisation = organisation
        try:
            seat = committee_request_at_accueil(by=request.user, user=person, committee=committee,
                                                message=form.cleaned_data["message"],
                                                consent=form.cleaned_data["consent"])
        except ValidationError as error:
            errors_to_messages(request, error)
        except PermissionDenied:
            messages.error(request, _("This cannot be recorded for this person."))
        else:
            text = (_("%(name)s is now a member of “%(committee)s”.") if seat.status == "accepted"
                    else _("The request of %(name)s to join “%(committee)s” is sent to its animators."))
            messages.success(request, text % {"name": person, "committee": committee.name})
    return redirect("participation:accueil_person", pk=organisation.pk, user_id=person.pk)
