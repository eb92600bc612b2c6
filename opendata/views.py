"""An organisation's open data: the page listing its files, the files (CSV
and JSON), and their README."""

import json

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cms.models import OPEN_DATA_LICENCE_URLS, OpenDataLicence
from core.csv import csv_response

from .datasets import BY_NAME, DATASETS
from .selectors import public_organisation


def _organisation_or_404(slug: str):
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def _context(request, organisation) -> dict:
    licence = OpenDataLicence(organisation.open_data_licence)
    return {"organisation": organisation, "datasets": DATASETS, "licence": licence.label,
            "licence_url": OPEN_DATA_LICENCE_URLS[licence], "site": request.build_absolute_uri("/").rstrip("/")}


@require_safe
def organisation_data(request, slug: str):
    organisation = _organisation_or_404(slug)
    return TemplateResponse(request, "opendata/organisation_data.html", _context(request, organisation))


@require_safe
def readme(request, slug: str):
    """The README of the files, in Markdown, for whoever downloads them."""
    organisation = _organisation_or_404(slug)
    text = render_to_string("opendata/README.md", _context(request, organisation), request=request)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="LISEZMOI-{organisation.slug}.md"'
    return response


@require_safe
def dataset(request, slug: str, name: str, file_format: str):
    organisation = _organisation_or_404(slug)
    found = BY_NAME.get(name)
    if found is None or file_format not in ("csv", "json"):
        raise Http404
    rows = found.table(organisation, request.build_absolute_uri)
    filename = f"{organisation.slug}-{found.name}.{file_format}"
    if file_format == "csv":
        return csv_response(filename, [column.name for column in found.columns], rows)
    context = _context(request, organisation)
    document = {
        "dataset": found.name, "title": str(found.title), "description": str(found.description),
        "organisation": organisation.title, "licence": context["licence"], "licence_url": context["licence_url"],
        "source": request.build_absolute_uri(request.path), "generated_at": timezone.now().isoformat(),
        "fields": [{"name": column.name, "description": str(column.description)} for column in found.columns],
        "rows": [dict(zip([column.name for column in found.columns], row, strict=True)) for row in rows],
    }
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
