"""One way to print HTML to PDF (core/pdf.py): nothing outside the site's
static files is fetched, and Pillow's checks stay as they were."""

import socket

import pytest
from PIL import ImageFile

from core import pdf


def test_a_pdf_is_printed_and_pillows_checks_stay_strict():
    assert pdf.html_to_pdf("<h1>Convocation</h1>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize("address", ["http://127.0.0.1:6379/x.png", "https://169.254.169.254/latest/meta-data/",
                                     "file:///etc/passwd", "//evil.example/logo.png", "../../../etc/hostname"])
def test_an_address_in_the_html_makes_the_server_connect_nowhere(address, monkeypatch):
    """SSRF: a link or image typed by someone reaches no server, no file."""
    attempts = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a) or (_ for _ in ()).throw(
        OSError("no network")))
    with pytest.raises(pdf.RefusedResource):
        pdf.url_fetcher(address)
    html = f'<link rel="stylesheet" href="{address}"><img src="{address}" alt="x"><p>Texte</p>'
    assert pdf.html_to_pdf(html).startswith(b"%PDF")
    assert attempts == []


def test_the_sites_static_files_and_data_uris_are_read():
    assert b"body" in pdf.url_fetcher("/static/css/site.css").read()
    assert pdf.url_fetcher("data:text/plain,bonjour").read() == b"bonjour"
