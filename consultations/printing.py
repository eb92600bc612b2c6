"""A consultation's poster, A4, for the reception desk and the notice
boards: its title, its questions in short, its dates, who may vote, and a
QR code to its page (templates/consultations/print/)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import html_to_pdf
from core.qr import qr_data_uri

from .models import Consultation
from .selectors import consultation_questions


def poster_html(consultation: Consultation, url: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("consultations/print/poster.html", {
            "consultation": consultation, "organisation": consultation.organisation,
            "questions": consultation_questions(consultation), "url": url, "qr": qr_data_uri(url)})


def poster_pdf(consultation: Consultation, url: str) -> bytes:
    return html_to_pdf(poster_html(consultation, url))
