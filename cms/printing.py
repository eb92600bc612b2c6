"""The plan on paper: every level, unfolded, as an A4 PDF
(templates/cms/print/plan.html), for the reception desk, the conseil de
maison, and those who read on paper. The same tree as the outline page,
so that it shows only what that page shows to all."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

from core.pdf import html_to_pdf

from .selectors import plan_subtree


def plan_pdf_response(plan) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("cms/print/plan.html", {
            "plan": plan, "organisation": plan.get_parent(), "tree": plan_subtree(plan)})
    return HttpResponse(html_to_pdf(html), content_type="application/pdf", headers={
        "Content-Disposition": content_disposition_header(False, f"plan-{plan.slug}.pdf")})
