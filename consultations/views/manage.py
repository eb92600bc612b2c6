"""Running a consultation from the site: settings, questions, opening and
closing, deletion, paper ballots, the log. Every service checks the
permission again; these views only choose what to show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OrganisationPage
from committees import roles as committee_roles
from committees.models import Committee
from core.views import errors_to_messages, form_errors_apply, id_param
from participation import roles
from participation.selectors.memberships import people_named

from .. import printing, services
from ..forms import BallotForm, ConsultationForm, PaperBatchForm, PaperVoterForm, QuestionForm, SignersForm
from ..models import PaperBatch, Question
from ..selectors import audit_entries, consultation_questions, consultation_turnout
from ..services import consultation_has_ballots
from .consultations import consultation_or_404


def _managed(request, pk: int):
    consultation = consultation_or_404(request, pk)
    if not request.user.has_perm("consultations.manage_consultation", consultation):
        raise PermissionDenied
    return consultation


def poster(request, pk: int):
    """The A4 poster, for those who run the consultation (a 404 for the
    others: printing is for the desk, and costs the server a render)."""
    consultation = consultation_or_404(request, pk)
    if not request.user.has_perm("consultations.manage_consultation", consultation):
        raise Http404
    pdf = printing.poster_pdf(consultation, request.build_absolute_uri(consultation.get_absolute_url()))
    return HttpResponse(pdf, content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"affiche-consultation-{consultation.pk}.pdf")})


def ballot(request, pk: int):
    """The paper ballot to photocopy, for those who run the consultation."""
    consultation = consultation_or_404(request, pk)
    if not request.user.has_perm("consultations.manage_consultation", consultation):
        raise Http404
    return HttpResponse(printing.ballot_pdf(consultation), content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"bulletin-consultation-{consultation.pk}.pdf")})


def creation_choices(user):
    """The organisations where the person may create a consultation, and the
    comités they may give it to (rules.may_give_it_to_its_committee): all of
    an organisation's for its staff, else those they run and the conseils
    de maison they sit on."""
    staff_ids = roles.staff_organisation_ids(user)
    councils = committee_roles.house_council_ids(user)
    run_ids = committee_roles.run_committee_ids(user)
    organisations = OrganisationPage.objects.live()
    if not user.is_superuser:
        organisations = organisations.filter(Q(pk__in=staff_ids) | Q(committees__pk__in=run_ids | councils))
    organisations = list(organisations.distinct().order_by("title"))
    whole = {org.pk for org in organisations} if user.is_superuser else staff_ids
    committees = Committee.objects.filter(Q(organisation_id__in=whole) | Q(pk__in=run_ids | councils)).select_related(
        "organisation").order_by("organisation__title", "sort_order", "name")
    return organisations, list(committees)


def _form(request, *, data=None, initial=None):
    organisations, committees = creation_choices(request.user)
    if not organisations:
        raise PermissionDenied
    return ConsultationForm(data, initial=initial, organisations=organisations, committees=committees)


@login_required
def create(request):
    initial = ConsultationForm.initial_new()
    if id_param(request.GET.get("comite")) is not None:
        initial["committee"] = id_param(request.GET["comite"])
    form = _form(request, data=request.POST or None, initial=initial)
    if initial.get("committee") in form.committees:
        form.initial["organisation"] = form.committees[initial["committee"]].organisation_id
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                user=request.user, organisation=form.organisations[form.cleaned_data["organisation"]], **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The consultation is created as a draft. Add its questions, then open it."))
            return redirect("consultations:questions", pk=consultation.pk)
    return TemplateResponse(request, "consultations/consultation_form.html", {"form": form, "consultation": None})


@login_required
def edit(request, pk: int):
    consultation = _managed(request, pk)
    form = _form(request, data=request.POST or None, initial=ConsultationForm.initial_from(consultation))
    form.fields["organisation"].disabled = True
    voted = consultation_has_ballots(consultation)
    if voted:
        for name in ("committee", "opens_day", "opens_time", "eligibility", "secret", "quorum", "changes_allowed",
                     "live_step", "results_visibility"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(consultation=consultation, user=request.user, **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect(consultation)
    return TemplateResponse(request, "consultations/consultation_form.html",
                            {"form": form, "consultation": consultation, "voted": voted})


@login_required
def questions(request, pk: int):
    consultation = _managed(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(consultation=consultation, user=request.user, **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("consultations:questions", pk=consultation.pk)
    context = {"consultation": consultation, "questions": consultation_questions(consultation), "form": form,
               "locked": consultation_has_ballots(consultation), "status": consultation.status()}
    return TemplateResponse(request, "consultations/consultation_questions.html", context)


@login_required
def question_edit(request, pk: int, question_id: int):
    consultation = _managed(request, pk)
    question = get_object_or_404(Question, pk=question_id, consultation=consultation)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_from(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(consultation=consultation, user=request.user, question=question,
                                   **form.values())
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("consultations:questions", pk=consultation.pk)
    return TemplateResponse(request, "consultations/question_form.html",
                            {"consultation": consultation, "question": question, "form": form})


@login_required
@require_POST
def question_delete(request, pk: int, question_id: int):
    consultation = _managed(request, pk)
    question = get_object_or_404(Question, pk=question_id, consultation=consultation)
    try:
        services.question_delete(question=question, user=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("consultations:questions", pk=consultation.pk)


@login_required
@require_POST
def open_(request, pk: int):
    consultation = _managed(request, pk)
    immediately = request.POST.get("when") != "scheduled"
    try:
        consultation = services.consultation_open(consultation=consultation, user=request.user,
                                                  immediately=immediately)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("consultations:questions", pk=consultation.pk)
    if consultation.is_open():
        messages.success(request, _("The vote is open."))
    else:
        messages.success(request, _("The consultation is published; the vote opens on the scheduled date."))
    return redirect(consultation)


@login_required
def close(request, pk: int):
    """Closing cannot be undone: a page asks first (the form on it posts)."""
    consultation = _managed(request, pk)
    if request.method != "POST":
        return TemplateResponse(request, "consultations/consultation_close.html", {
            "consultation": consultation, "turnout": consultation_turnout(consultation)})
    try:
        services.consultation_close(consultation=consultation, user=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect(consultation)
    messages.success(request, _("The vote is closed; the results are final."))
    return redirect("consultations:results", pk=consultation.pk)


@login_required
def delete(request, pk: int):
    consultation = _managed(request, pk)
    if request.method == "POST":
        try:
            services.consultation_delete(consultation=consultation, user=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(consultation)
        messages.success(request, _("The consultation is deleted."))
        return redirect("consultations:index")
    return TemplateResponse(request, "consultations/consultation_delete.html", {"consultation": consultation})


def _paper_allowed(request, pk: int):
    consultation = consultation_or_404(request, pk)
    if not request.user.has_perm("consultations.enter_paper_ballots", consultation):
        raise PermissionDenied
    return consultation


def _person(text: str, field: str = "person", line: int | None = None):
    """The voter the desk names, by email address or display name."""
    found = list(people_named(text)[:2])
    where = _("Line %(line)s: ") % {"line": line} if line else ""
    if not found:
        raise ValidationError({field: where + _("No account uses the name or address “%(text)s”.") % {"text": text}})
    if len(found) > 1:
        raise ValidationError({field: where + _("Several people use the name “%(who)s”: give their email address "
                                                "instead.") % {"who": text}})
    return found[0]


def _signers(form) -> list:
    """The accounts named on the register, one per line, every unknown or
    ambiguous line reported at once."""
    people, errors = [], []
    for line, name in form.names():
        try:
            people.append(_person(name, "signers", line))
        except ValidationError as error:
            errors.extend(error.message_dict["signers"])
    if errors:
        raise ValidationError({"signers": errors})
    return people


@login_required
def paper(request, pk: int):
    consultation = _paper_allowed(request, pk)
    questions = consultation_questions(consultation)
    step = request.POST.get("step") if request.method == "POST" else None
    voter_form = PaperVoterForm(request.POST if step == "named" else None, prefix="named")
    ballot_form = BallotForm(request.POST if step == "named" else None, questions=questions, prefix="named")
    batch_form = PaperBatchForm(request.POST if step == "batch" else None, prefix="batch")
    if step == "named" and voter_form.is_valid() and ballot_form.is_valid():
        try:
            voter = _person(voter_form.cleaned_data["person"])
            services.paper_ballot_enter(consultation=consultation, user=request.user, voter=voter,
                                        answers=ballot_form.answers())
        except ValidationError as error:
            form_errors_apply(voter_form, error)
        else:
            messages.success(request, _("The paper ballot of %(person)s is counted.")
                             % {"person": voter.display_name})
            return redirect("consultations:paper", pk=consultation.pk)
    if step == "batch" and batch_form.is_valid():
        try:
            batch = services.paper_batch_create(
                consultation=consultation, user=request.user, signers=_signers(batch_form),
                unnamed_signatures=batch_form.cleaned_data["unnamed_signatures"],
                note=batch_form.cleaned_data["note"])
        except ValidationError as error:
            form_errors_apply(batch_form, error)
        else:
            messages.success(request, _("The batch is created: enter its ballots one by one."))
            return redirect("consultations:batch", pk=consultation.pk, batch_id=batch.pk)
    batches = consultation.paper_batches.annotate(named=Count("signers"))
    context = {"consultation": consultation, "voter_form": voter_form, "ballot_form": ballot_form,
               "batch_form": batch_form, "batches": batches, "status": consultation.status()}
    return TemplateResponse(request, "consultations/paper.html", context)


@login_required
def batch(request, pk: int, batch_id: int):
    consultation = _paper_allowed(request, pk)
    paper_batch = get_object_or_404(PaperBatch, pk=batch_id, consultation=consultation)
    step = request.POST.get("step", "ballot") if request.method == "POST" else None
    form = BallotForm(request.POST if step == "ballot" else None, questions=consultation_questions(consultation),
                      entry=True)
    signers_form = SignersForm(request.POST if step == "signers" else None, prefix="signers")
    if step == "ballot" and form.is_valid():
        try:
            services.paper_batch_ballot_add(batch=paper_batch, user=request.user, answers=form.answers(),
                                            entry=form.cleaned_data.get("entry", ""))
        except ValidationError as error:
            form_errors_apply(form, error)
        else:
            messages.success(request, _("Ballot counted."))
            return redirect("consultations:batch", pk=consultation.pk, batch_id=paper_batch.pk)
    if step == "signers" and signers_form.is_valid():
        try:
            services.paper_batch_sign(batch=paper_batch, user=request.user, signers=_signers(signers_form),
                                      unnamed_signatures=signers_form.cleaned_data["unnamed_signatures"])
        except ValidationError as error:
            form_errors_apply(signers_form, error)
        else:
            messages.success(request, _("The signatures are added to the register."))
            return redirect("consultations:batch", pk=consultation.pk, batch_id=paper_batch.pk)
    paper_batch.refresh_from_db()
    signers = list(paper_batch.signers.select_related("user").order_by("user__display_name"))
    context = {"consultation": consultation, "batch": paper_batch, "form": form, "signers_form": signers_form,
               "signers": signers, "signatures": len(signers) + paper_batch.unnamed_signatures,
               "entered": paper_batch.ballots_entered, "status": consultation.status()}
    return TemplateResponse(request, "consultations/batch.html", context)


@login_required
def log(request):
    """The consultations log of the organisations the person is staff of."""
    staff_of = list(OrganisationPage.objects.filter(roles.staff_q(request.user, "pk")).values_list("pk", flat=True))
    if not staff_of:
        raise PermissionDenied
    entries = audit_entries(staff_of)
    consultation_id = request.GET.get("consultation", "")
    if id_param(consultation_id) is not None:
        entries = entries.filter(consultation_id=id_param(consultation_id))
    return TemplateResponse(request, "consultations/log.html", {"entries": entries[:300],
                                                                  "back": reverse("consultations:index")})
