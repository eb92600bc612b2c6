"""The demo consultations, from the `consultations` section of
cms/demo_data/*.yaml: created, opened, voted and closed through the
services, dated from the day of loading. Idempotent by title."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import ActionPage
from committees.models import Committee

from . import services
from .counting import ABSTAIN, NO, YES
from .models import Consultation, Method

YES_NO = {"pour": YES, "contre": NO, "abstention": ABSTAIN}


def _at(days: int, clock: str) -> datetime:
    """A Paris time, `days` from the day the demo is loaded."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def _person(email: str):
    return get_user_model().objects.get(email=email)


def _answers(questions, values: list) -> dict:
    answers = {}
    for question, value in zip(questions, values):
        options = [option.pk for option in question.options.all()]
        if question.method == Method.YES_NO:
            answers[question.pk] = YES_NO[value]
        elif question.method == Method.SINGLE:
            answers[question.pk] = options[value]
        elif question.method == Method.MULTIPLE:
            answers[question.pk] = {options[index] for index in value}
        else:
            answers[question.pk] = dict(zip(options, value))
    return answers


def consultation_load(organisation, entry: dict) -> bool:
    if Consultation.objects.filter(organisation=organisation, title=entry["title"]).exists():
        return False
    opens_at = _at(entry["opens_in_days"], "09:00")
    closes_at = _at(entry["closes_in_days"], "18:00")
    during = opens_at + timedelta(hours=1)
    author = _person(entry["by"])
    consultation = services.consultation_create(
        user=author, organisation=organisation, title=entry["title"], context=entry.get("context", ""),
        committee=Committee.objects.get(organisation=organisation, name=entry["committee"])
        if entry.get("committee") else None,
        actions=[ActionPage.objects.get(plan__path__startswith=organisation.path, title=title)
                 for title in entry.get("actions", [])],
        opens_at=opens_at, closes_at=closes_at, eligibility=entry["eligibility"], secret=entry["secret"],
        results_visibility=entry["results"], live_step=entry.get("live_step", 5), quorum=entry.get("quorum", 0),
    )
    for question in entry["questions"]:
        services.question_save(consultation=consultation, user=author, text=question["text"],
                               method=question["method"], labels=question.get("options", []))
    consultation = services.consultation_open(consultation=consultation, user=author, immediately=False,
                                              now=opens_at)
    questions = list(consultation.questions.prefetch_related("options"))
    for ballot in entry.get("ballots", []):
        services.ballot_cast(consultation=consultation, user=_person(ballot["voter"]),
                             answers=_answers(questions, ballot["answers"]), now=during)
    staff = author
    for batch_entry in entry.get("paper_batches", []):
        batch = services.paper_batch_create(consultation=consultation, user=staff,
                                            signers=[_person(email) for email in batch_entry.get("signers", [])],
                                            unnamed_signatures=batch_entry.get("unnamed_signatures", 0),
                                            note=batch_entry.get("note", ""), now=during)
        for values in batch_entry["ballots"]:
            services.paper_batch_ballot_add(batch=batch, user=staff, answers=_answers(questions, values),
                                            now=during)
    # A secret vote already closed is counted now, as its first reader would.
    services.box_count_if_due(consultation)
    return True


def demo_data_load(*, organisation, data: dict) -> list[str]:
    created = sum(consultation_load(organisation, entry) for entry in data.get("consultations") or [])
    return [f"{created} consultations"] if created else []
