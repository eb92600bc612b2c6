"""A committee's A4 poster, for the notice boards: its name, what it does,
its next meetings and how to join, with a QR code to its page
(templates/committees/print/). A poster hangs in public: a members-only
committee's meetings stay off it, only what its page shows to all."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import html_to_pdf
from core.qr import qr_data_uri

from .models import Committee, Meeting

POSTER_MEETINGS = 4


def poster_html(committee: Committee, url: str) -> str:
    meetings = []
    if committee.is_public:
        meetings = list(Meeting.objects.filter(committee=committee).upcoming(timezone.now())[:POSTER_MEETINGS])
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("committees/print/poster.html", {
            "committee": committee, "organisation": committee.organisation, "meetings": meetings,
            "url": url, "qr": qr_data_uri(url)})


def poster_pdf(committee: Committee, url: str) -> bytes:
    return html_to_pdf(poster_html(committee, url))
