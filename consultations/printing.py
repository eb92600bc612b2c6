"""A consultation's printed pieces, A4 (templates/consultations/print/):
its poster, for the reception desk and the notice boards (title, questions
in short, dates, who may vote, a QR code to its page), and its paper
ballot, one page with every question and a box for each answer, to
photocopy for the paper vote."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import html_to_pdf
from core.qr import qr_data_uri

from .forms import GRADE_LABELS, YES_NO_LABELS
from .models import Consultation, Method, Question
from .selectors import consultation_questions


def poster_html(consultation: Consultation, url: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("consultations/print/poster.html", {
            "consultation": consultation, "organisation": consultation.organisation,
            "questions": consultation_questions(consultation), "url": url, "qr": qr_data_uri(url)})


def poster_pdf(consultation: Consultation, url: str) -> bytes:
    return html_to_pdf(poster_html(consultation, url))


@dataclass(frozen=True)
class BallotRow:
    """How a question is printed: `boxes` (tick), `ranks` (a rank written
    beside each option) or `grid` (one row per option, a box per grade or
    score in `columns`)."""

    question: Question
    layout: str
    labels: list
    columns: list


def ballot_rows(questions: list[Question]) -> list[BallotRow]:
    rows = []
    for question in questions:
        options = [option.label for option in question.options.all()]
        if question.method == Method.YES_NO:
            rows.append(BallotRow(question, "boxes", list(YES_NO_LABELS.values()), []))
        elif question.method in (Method.SINGLE, Method.MULTIPLE):
            rows.append(BallotRow(question, "boxes", options, []))
        elif question.method == Method.RANKING:
            rows.append(BallotRow(question, "ranks", options, []))
        elif question.method == Method.MAJORITY:
            rows.append(BallotRow(question, "grid", options, list(GRADE_LABELS)))
        else:
            rows.append(BallotRow(question, "grid", options, list(range(question.score_min, question.score_max + 1))))
    return rows


def ballot_pdf(consultation: Consultation) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("consultations/print/ballot.html", {
            "consultation": consultation, "organisation": consultation.organisation,
            "rows": ballot_rows(consultation_questions(consultation))})
    return html_to_pdf(html)
