"""A project's A4 poster, for its carriers to put up in the neighbourhood:
its title, its summary, what it needs and a call to support it, with a QR
code to its page (templates/projects/print/)."""

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
