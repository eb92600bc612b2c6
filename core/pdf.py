"""HTML to PDF, for every printed piece (an assembly's letters and minutes,
the bilan, posters): WeasyPrint, set up once here.

- WeasyPrint fetches what the HTML points to (images, style sheets, fonts).
  Only the site's own static files and `data:` URIs are read: an address
  typed by someone (a link, an image) never makes the server connect
  anywhere (SSRF, docs/security.md).
- Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the
  whole process, which would let truncated images through the uploads'
  checks (core/uploads.py) once a PDF has been printed: the flag is put
  back as it was.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


class RefusedResource(ValueError):
    pass


def _weasyprint():
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def _static_file(url: str) -> Path | None:
    """The file behind a /static/… address or a file:// address inside the
    project's static folders, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme in ("", "http", "https", "file") and path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL):])
        return Path(found) if found else None
    if parts.scheme == "file":
        candidate = Path(path).resolve()
        roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT).resolve()]
        if any(candidate.is_relative_to(root) for root in roots) and candidate.is_file():
            return candidate
    return None


def _fetcher():
    """WeasyPrint's fetcher, kept to data: URIs and the site's static files."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = _static_file(url)
            if found is None:
                raise RefusedResource(f"not fetched for a PDF: {url[:200]}")
            return URLFetcherResponse(found.as_uri(), found.read_bytes(),
                                      {"Content-Type": _content_type(found.name)})

    del weasyprint
    return SiteFilesOnly(allowed_protocols=("data", "file", "http", "https"), allow_redirects=False)


def _content_type(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def url_fetcher(url: str):
    """What a PDF may read at `url`, or RefusedResource."""
    return _fetcher().fetch(url)


def html_document(html: str):
    """A rendered WeasyPrint document (to count its pages, or write it)."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=f"file://{settings.BASE_DIR}/", url_fetcher=_fetcher()).render()


def html_to_pdf(html: str) -> bytes:
    return html_document(html).write_pdf()
