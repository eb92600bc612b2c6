"""Posters, A4, with a QR code (templates/projects/print/): a project's,
for its carriers to put up in the neighbourhood (its title, its summary,
what it needs and a call to support it), and an organisation's call for
projects, for its staff (how to propose one, from how many supports the
team studies it)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import html_to_pdf
from core.qr import qr_data_uri

from .models import Project


def poster_html(project: Project, url: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("projects/print/poster.html", {
            "project": project, "organisation": project.organisation, "url": url, "qr": qr_data_uri(url)})


def poster_pdf(project: Project, url: str) -> bytes:
    return html_to_pdf(poster_html(project, url))


def call_poster_html(organisation, threshold: int, url: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("projects/print/call.html", {
            "organisation": organisation, "threshold": threshold, "url": url, "qr": qr_data_uri(url)})


def call_poster_pdf(organisation, threshold: int, url: str) -> bytes:
    return html_to_pdf(call_poster_html(organisation, threshold, url))
