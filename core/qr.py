"""QR codes for printed pieces (posters): an SVG data: URI, which
core/pdf.py lets WeasyPrint read without fetching anything."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data: URI, black on white, with the
    quiet zone scanners need around it."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
