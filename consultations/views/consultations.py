"""A consultation's public pages: the list, the page with its ballot, the
vote itself, the results (and their CSV), the receipt check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.visibility import visible
from core.csv import csv_response
from core.views import errors_to_messages, sign_in_first
from participation import roles

from .. import services
from ..forms import BallotForm, ReceiptForm
from ..models import Consultation, ConsultationStatus
from ..results import ballot_check_block, results_rows
from ..sealing import receipt_well_formed
from ..selectors import (
    consultation_index,
    consultation_questions,
    consultation_results,
    consultation_turnout,
    managed_drafts,
    may_create_somewhere,
    public_ballots,
    voter_state,
)
from ..services.voting import ineligible_message


def consultation_or_404(request, pk: int) -> Consultation:
    """The consultation, if this person may see it; a secret vote just
    closed is counted first (its sealed ballots opened, see services/box.py)."""
    consultation = get_object_or_404(
        Consultation.objects.select_related("organisation", "committee", "committee__organisation"), pk=pk
    )
    if not consultation.organisation.live or not request.user.has_perm("consultations.view_consultation",
                                                                       consultation):
        raise Http404
    services.box_count_if_due(consultation)
    return consultation


def index(request):
    now = timezone.now()
    context = {
        "groups": consultation_index(request.user, now),
        "drafts": managed_drafts(request.user),
        "statuses": ConsultationStatus,
        "perms_add": may_create_somewhere(request.user),
        "can_log": roles.is_staff_anywhere(request.user),
    }
    return TemplateResponse(request, "consultations/consultation_list.html", context)


def counting_rules(request):
    return TemplateResponse(request, "consultations/counting.html", {})


def _page_context(request, consultation: Consultation, form=None) -> dict:
    now = timezone.now()
    status = consultation.status(now)
    questions = consultation_questions(consultation)
    state = voter_state(consultation, request.user)
    can_vote = request.user.has_perm("consultations.vote", consultation)
    can_manage = request.user.has_perm("consultations.manage_consultation", consultation)
    may_change = state.has_voted and not state.on_paper and consultation.changes_allowed
    show_form = status == ConsultationStatus.OPEN and can_vote and (not state.has_voted or may_change)
    if show_form and form is None:
        form = BallotForm(questions=questions, ask_receipt=state.has_voted and consultation.secret,
                          new_receipt=consultation.secret and not state.has_voted)
    results_visible = consultation.results_visible(now)
    results = consultation_results(consultation) if results_visible else None
    return {
        "consultation": consultation, "status": status, "statuses": ConsultationStatus, "questions": questions,
        "actions": list(visible(consultation.actions.all()).order_by("path")), "state": state, "can_vote": can_vote,
        "form": form if show_form else None, "may_change": may_change,
        "can_manage": can_manage,
        "can_paper": can_manage and request.user.has_perm("consultations.enter_paper_ballots", consultation),
        "can_log": can_manage and request.user.has_perm("consultations.view_log", consultation.organisation),
        "ineligible_message": "" if can_vote else ineligible_message(consultation, request.user),
        "results_visible": results_visible, "results": results,
        "rows": results_rows(results) if results else None,
        "turnout": results.participation.voters if results else consultation_turnout(consultation),
        "receipt_form": ReceiptForm(),
        "live": status == ConsultationStatus.OPEN,
    }


def detail(request, pk: int):
    consultation = consultation_or_404(request, pk)
    context = _page_context(request, consultation)
    response = TemplateResponse(request, "consultations/consultation_detail.html", context)
    if context["form"] is not None and "new_receipt" in context["form"].fields:
        add_never_cache_headers(response)  # the page holds the receipt code the vote will show
    return response


@require_POST
@never_cache
def vote(request, pk: int):
    consultation = consultation_or_404(request, pk)
    if not request.user.is_authenticated:
        return sign_in_first(request, consultation.get_absolute_url())
    state = voter_state(consultation, request.user)
    sent_code = request.POST.get("new_receipt", "")
    if state.has_voted and _same_ballot_again(consultation, request.user, sent_code):
        return _receipt_page(request, consultation, sent_code)
    questions = consultation_questions(consultation)
    form = BallotForm(request.POST, questions=questions, ask_receipt=state.has_voted and consultation.secret,
                      new_receipt=consultation.secret and not state.has_voted)
    if form.is_valid():
        new_receipt = form.cleaned_data.get("new_receipt", "")
        try:
            outcome = services.ballot_cast(consultation=consultation, user=request.user, answers=form.answers(),
                                           receipt=form.cleaned_data.get("receipt", ""), new_receipt=new_receipt,
                                           questions=questions)
        except ValidationError as error:
            if _same_ballot_again(consultation, request.user, sent_code):
                return _receipt_page(request, consultation, sent_code)
            errors_to_messages(request, error)
            return redirect(f"{consultation.get_absolute_url()}#vote")
        if outcome.receipt:
            return _receipt_page(request, consultation, outcome.receipt)
        messages.success(request, _("Your vote is changed.") if outcome.changed else _("Your vote is counted."))
        return redirect(f"{consultation.get_absolute_url()}#my-vote")
    context = _page_context(request, consultation, form=form)
    return TemplateResponse(request, "consultations/consultation_detail.html", context, status=400)


def _receipt_page(request, consultation, code: str):
    """The code is shown here and kept in no session, message or log. A
    ballot sent twice (a double click, a reload of this page) finds the
    first one counted: the request carries its code, shown again."""
    return TemplateResponse(request, "consultations/vote_receipt.html",
                            {"consultation": consultation, "receipt": receipt_well_formed(code) or code})


def _same_ballot_again(consultation, user, code: str) -> bool:
    return bool(receipt_well_formed(code)) and services.ballot_lines(
        consultation=consultation, user=user, code=code) is not None


def results(request, pk: int):
    consultation = consultation_or_404(request, pk)
    context = _page_context(request, consultation)
    context["ballots"] = public_ballots(consultation) if context["results_visible"] else []
    # A POST, so that the code stays out of addresses, histories and logs.
    receipt_form = ReceiptForm(request.POST if request.method == "POST" else None)
    if receipt_form.is_bound and receipt_form.is_valid():
        lines = services.ballot_lines(consultation=consultation, user=request.user,
                                      code=receipt_form.cleaned_data["code"])
        context["receipt_check"] = ballot_check_block(context["questions"], lines,
                                                      counted=consultation.counted_at is not None)
    context["receipt_form"] = receipt_form
    response = TemplateResponse(request, "consultations/consultation_results.html", context)
    if receipt_form.is_bound:
        add_never_cache_headers(response)
        # Its size is the same for every ballot: no proxy may compress it.
        patch_cache_control(response, no_transform=True)
    return response


def results_csv(request, pk: int):
    consultation = consultation_or_404(request, pk)
    if not consultation.results_visible():
        raise Http404
    results = consultation_results(consultation)
    lines = [[question.text, *line] for question in results_rows(results) for line in question.csv_lines()]
    if results.partial is not None:
        lines.append([ngettext("Provisional results, over the first ballot cast.",
                               "Provisional results, over the first %(counter)s ballots cast.",
                               results.partial) % {"counter": results.partial}])
    return csv_response(f"consultation-{consultation.pk}-resultats.csv",
                        [_("Question"), _("Option"), _("Online"), _("On paper"), _("Total"), _("Share"), _("Detail")],
                        lines)
