"""One's data in the browser (issue 19). A newcomer asks for the archive of
their data and downloads it from the e-mailed link, which another account
cannot open. A newcomer comments, then
deletes their account, asked again for their password; their comment stays,
signed “Compte supprimé”, and the old address no longer signs in. A staff
member deletes the account of a person who asks at the accueil, with a
reason, and finds it in the record. The pages pass axe-core."""

import io
import re
import zipfile

import pytest

from tests.e2e.conftest import sign_up
from tests.e2e.test_accounts import _organisation_pk, assert_accessible
from tests.e2e.test_comments import ACTION
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

PASSWORD = "un-mot-de-passe-solide"


def test_a_person_deletes_their_account(new_page, server_log, screenshots_dir):
    page = new_page()
    sign_up(page, server_log, "ophelie.depart@example.org", "Ophélie Départ")
    page.goto(ACTION)
    page.fill("#comment-text", "Je pars du quartier, merci pour tout.")
    page.get_by_role("button", name="Publier").click()
    assert "Votre commentaire est publié." in page.locator(".messages").inner_text()

    page.goto("/compte/profil/")
    page.get_by_role("link", name="Supprimer mon compte").click()
    for width, height in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, page.url, screenshots_dir, f"privacy-erase-{width}")
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    # Asked again: without the box ticked, nothing happens.
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert "Cochez cette case pour confirmer." in page.content()
    page.get_by_label("Les garder, signées « Compte supprimé »").check()
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Je comprends que c'est définitif.").check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert "Votre compte est supprimé." in page.locator(".messages").inner_text()

    page.goto(ACTION)
    comment = page.locator(".comment", has_text="Je pars du quartier, merci pour tout.")
    assert "Compte supprimé" in comment.inner_text()
    assert "Ophélie Départ" not in page.content()
    page.screenshot(path=str(screenshots_dir / "privacy-after-erasure.png"), full_page=True)

    page.goto("/compte/login/")
    page.fill("#id_login", "ophelie.depart@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert "/compte/login/" in page.url


def test_staff_delete_an_account_at_the_accueil(new_page, login, server_log, screenshots_dir):
    person = new_page()
    sign_up(person, server_log, "marius.accueil@example.org", "Marius de l'Accueil")
    person.get_by_role("link", name="Mes organisations").click()
    person.select_option("#id_organisation", label="CERISE")
    person.select_option("#id_role", label="Habitant·e")
    person.get_by_role("button", name="Envoyer").click()

    staff = login("communication@demo.plan-commun.local")
    organisation = _organisation_pk(staff, "CERISE")
    staff.goto(f"/organisations/{organisation}/demandes/")
    staff.locator(".membership-list li", has_text="Marius de l'Accueil").get_by_role(
        "link", name="Supprimer le compte").click()
    assert_accessible(staff, staff.url, screenshots_dir, "privacy-accueil-erase")
    staff.get_by_label("Motif").fill("Demande faite à l'accueil le lundi matin, pièce d'identité vue.")
    staff.get_by_label("La personne l'a demandé ; je comprends que c'est définitif.").check()
    staff.get_by_role("button", name="Supprimer ce compte").click()
    assert "Le compte est supprimé." in staff.locator(".messages").inner_text()
    record = staff.locator("main").inner_text()
    assert "pièce d'identité vue" in record and "Marius" not in record
    assert_accessible(staff, staff.url, screenshots_dir, "privacy-accueil-record")
    staff.goto(f"/organisations/{organisation}/demandes/")
    assert "Marius de l'Accueil" not in staff.content()


def test_a_person_downloads_their_data(new_page, server_log, screenshots_dir):
    page = new_page()
    sign_up(page, server_log, "noor.archive@example.org", "Noor des Archives")
    page.get_by_role("link", name="Télécharger mes données").click()
    for width, height in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, page.url, screenshots_dir, f"privacy-data-{width}")
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    page.get_by_role("button", name="Demander mon archive").click()
    assert "Votre archive est en préparation" in page.locator(".messages").inner_text()

    link = re.findall(r"https?://\S+(/compte/donnees/[^/\s]+/)", server_log())[-1]
    response = page.request.get(link)
    assert response.status == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    assert "LISEZMOI.txt" in archive.namelist()
    assert "Noor des Archives" in archive.read("csv/compte.csv").decode("utf-8-sig")

    someone_else = new_page()
    sign_up(someone_else, server_log, "autre.personne@example.org", "Une Autre Personne")
    assert someone_else.request.get(link).status == 403


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_legal_pages_are_accessible(new_page, screenshots_dir, width, height):
    page = new_page(width, height)
    page.goto("/")
    for name in ("Mentions légales", "Politique de confidentialité", "Conditions d'utilisation",
                 "Déclaration d'accessibilité"):
        page.locator("footer").get_by_role("link", name=name).click()
        assert page.locator("h1").inner_text() == name
        assert_accessible(page, page.url, screenshots_dir, f"privacy-legal-{page.url.split('/')[-2]}-{width}")
