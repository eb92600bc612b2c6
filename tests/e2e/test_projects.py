"""Projets d'habitant·es in the browser: a resident proposes a project with
an image, a newcomer supports it and comments, the staff study it, answer
it and link a partner, the author reads the notification; the list, the
project, the form, the desk and the directory pass axe-core."""

import io
import re

import pytest
from PIL import Image

from tests.e2e.conftest import sign_up
from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

TITLE = "Une grainothèque dans le hall"


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_propose_support_answer_and_notify(new_page, login, server_log, screenshots_dir):
    author = login("habitante@demo.plan-commun.local")
    author.goto("/projets/?organisation=cerise")
    author.get_by_role("link", name="Proposer un projet").first.click()
    author.wait_for_url("**/projets/proposer/cerise/")
    author.fill("#id_title", TITLE)
    author.fill("#id_summary", "Échanger des graines entre voisins, toute l'année.")
    author.fill("#id_description", "Une boîte en bois dans l'espace d'accueil.\n\n- des graines locales\n- un carnet")
    author.fill("#id_quartier", "Marais")
    author.locator("summary", has_text="Choisir dans le plan").click()
    author.get_by_label("Mettre des locaux à disposition").check()
    author.get_by_label(re.compile("Espace d.accueil")).check()
    author.get_by_label("Environnement", exact=True).check()
    author.fill("#id_volunteers_wanted", "2")
    author.set_input_files("#id_image", {"name": "boite.jpg", "mimeType": "image/jpeg", "buffer": photo()})
    author.fill("#id_image_alt", "Une boîte à graines en bois")
    author.locator("button[name=action][value=submit]").click()
    author.wait_for_url(re.compile(r"/projets/\d+/$"))
    project_url = author.url.split("127.0.0.1", 1)[1].split("/", 1)[1]
    project_url = "/" + project_url
    assert "Déposé" in author.locator(".eyebrow").inner_text()
    image = author.locator(".project__figure img")
    assert image.get_attribute("alt") == "Une boîte à graines en bois"
    # Sent as a rendition in the best format the browser reads, decoded.
    loaded = author.evaluate("img => [img.complete, img.naturalWidth > 0, img.currentSrc]", image.element_handle())
    assert loaded[:2] == [True, True] and re.search(r"/projets/images/\d+/320\.(avif|webp)$", loaded[2]), loaded
    assert_accessible(author, project_url, screenshots_dir, "project-author-desktop")

    # A newcomer supports it and comments.
    supporter = new_page()
    sign_up(supporter, server_log, "zoe.soutient@example.org", "Zoé des Halles")
    supporter.goto(project_url)
    supporter.get_by_role("button", name="Je soutiens").click()
    assert "1 soutien" in supporter.locator(".support-count").inner_text()
    supporter.fill("#comment-text", "Je peux apporter des graines de tomates anciennes.")
    supporter.get_by_role("button", name="Publier").click()
    assert "tomates anciennes" in supporter.locator(".comment").first.inner_text()

    # The staff study it, answer it and link a partner.
    staff = login("communication@demo.plan-commun.local")
    staff.goto("/projets/examen/cerise/")
    staff.get_by_role("link", name=TITLE).click()
    staff.locator(".transition-form", has=staff.locator("input[value=etude]")).get_by_role("button").click()
    assert "À l’étude" in staff.locator(".eyebrow").inner_text() or "À l'étude" in staff.locator(".eyebrow").inner_text()
    accompany = staff.locator(".transition-form", has=staff.locator("input[value=accompagne]"))
    accompany.locator("textarea").fill("CERISE prête l'espace d'accueil et une étagère.")
    accompany.get_by_role("button").click()
    staff.locator("#id_partner").select_option(label="Atelier d'aide numérique")
    staff.get_by_role("button", name="Associer le partenaire").click()
    history = staff.locator("#historique").inner_text()
    assert "Accompagné" in history and "Atelier d'aide numérique" in history
    assert_accessible(staff, project_url, screenshots_dir, "project-staff-desktop")

    # The author reads it in the notifications.
    author.goto("/compte/notifications/")
    notifications = author.locator("main").inner_text()
    assert TITLE in notifications and "Accompagné" in notifications and "Atelier d'aide numérique" in notifications
    author.goto(project_url)
    assert "CERISE prête l'espace d'accueil" in author.locator(".answer").inner_text()


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_project_pages_are_accessible(new_page, login, screenshots_dir, width, height):
    visitor = new_page(width, height)
    for url in ("/projets/", "/projets/?organisation=cerise&besoin=salle&tri=supports", "/partenaires/",
                "/partenaires/cerise/", "/projets/proposer/"):
        assert visitor.goto(url).status == 200
        assert_accessible(visitor, url, screenshots_dir, f"projects{url.replace('/', '-')[:40]}{width}")
    visitor.goto("/projets/?organisation=cerise")
    visitor.locator(".project-card a").first.click()
    assert_accessible(visitor, visitor.url, screenshots_dir, f"project-visitor-{width}")

    resident = login("habitante@demo.plan-commun.local", width=width, height=height)
    for url in ("/projets/proposer/cerise/", "/compte/projets/"):
        assert resident.goto(url).status == 200
        assert_accessible(resident, url, screenshots_dir, f"projects{url.replace('/', '-')}{width}")
    resident.goto("/projets/proposer/cerise/")
    resident.locator("button[name=action][value=submit]").click()  # everything empty: the errors
    assert resident.locator(".form-errors").is_visible()
    assert_accessible(resident, "/projets/proposer/cerise/ (errors)", screenshots_dir, f"project-form-errors-{width}")

    staff = login("communication@demo.plan-commun.local", width=width, height=height)
    for url in ("/projets/examen/cerise/", "/partenaires/cerise/", "/partenaires/cerise/ajouter/"):
        assert staff.goto(url).status == 200
        assert_accessible(staff, url, screenshots_dir, f"projects-staff{url.replace('/', '-')}{width}")
    staff.goto("/projets/?organisation=cerise")
    staff.locator(".project-card a").first.click()
    assert_accessible(staff, staff.url, screenshots_dir, f"project-staff-{width}")
