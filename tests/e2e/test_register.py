"""The member register in the browser: CERISE's communication officer
records a member at the accueil (keyboard, phone width), finds who is up to
date, invites the member, checks then imports the centre's spreadsheet; the
invited person links the membership to their account and sees it on their
page. Every register page passes axe-core at desktop and phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

DEMO = "@demo.plan-commun.local"
STAFF = f"communication{DEMO}"
NEWCOMER = f"partenaire{DEMO}"  # CERISE's partner: not in the register yet


def _to_register(page):
    page.goto("/compte/organisations/")
    page.get_by_role("link", name="Registre des adhérents de CERISE").click()
    page.wait_for_url(re.compile(r"/organisations/\d+/registre/$"))


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_register_pages_are_accessible(login, screenshots_dir, width, height):
    staff = login(STAFF, width=width, height=height)
    _to_register(staff)
    expect(staff.locator("h1")).to_have_text("Registre des adhérents de CERISE")
    expect(staff.locator("main table")).to_contain_text("Habitante du quartier")
    assert_accessible(staff, "register list", screenshots_dir, f"register-list-{width}")
    staff.get_by_role("button", name="Ajouter au registre").click()  # empty: the errors
    expect(staff.locator(".form-errors")).to_be_visible()
    assert_accessible(staff, "register list errors", screenshots_dir, f"register-list-errors-{width}")
    staff.goto(staff.url.split("?")[0])
    staff.get_by_role("link", name="Habitante du quartier").click()
    expect(staff.locator("h1")).to_have_text("Habitante du quartier")
    assert_accessible(staff, "register member", screenshots_dir, f"register-member-{width}")
    staff.get_by_role("link", name="Importer un tableur").first.click()
    assert_accessible(staff, "register import", screenshots_dir, f"register-import-{width}")


def test_record_invite_import_and_claim(login, server_log, screenshots_dir, tmp_path):
    # 1. At the accueil, with the keyboard: a name, the category, Enter.
    staff = login(STAFF, width=PHONE[0], height=PHONE[1])
    _to_register(staff)
    staff.locator("#id_name").fill("Nouvelle Adhérente")
    staff.get_by_text("Plus : e-mail, téléphone, numéro, voix, note").click()
    staff.get_by_label("Adresse e-mail (facultative)").fill(NEWCOMER)
    staff.get_by_label("N° d’adhérent (facultatif)").fill("E-100")
    staff.locator("#id_note").press("Enter")
    expect(staff.locator(".messages")).to_contain_text("Nouvelle Adhérente est au registre.")
    staff.get_by_label("Nom, e-mail, téléphone ou numéro").fill("E-100")
    staff.get_by_label("Afficher").select_option(label="À jour")
    staff.get_by_role("button", name="Filtrer").click()
    rows = staff.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Nouvelle Adhérente")
    staff.screenshot(path=str(screenshots_dir / "register-journey-1-recorded-390.png"), full_page=True)

    # 2. The invitation, sent to the address given.
    rows.get_by_role("link", name="Nouvelle Adhérente").click()
    staff.get_by_role("button", name=re.compile("^Inviter ")).click()
    expect(staff.locator(".messages")).to_contain_text("Une invitation est envoyée")
    links = re.findall(r"https?://\S+/compte/adhesion/\S+/", server_log())
    assert links, "The invitation email was not printed"

    # 3. The centre's spreadsheet: checked first, then imported.
    sheet = tmp_path / "adherents.csv"
    sheet.write_text("Nom;N° adhérent;Catégorie;Année\nLéa Martin;E-101;adhérente;2026\n;E-102;adhérente;2026\n",
                     encoding="utf-8")
    staff.get_by_role("link", name="Importer un tableur").first.click()
    staff.get_by_label("Le tableur du registre (XLSX, ODS ou CSV)").set_input_files(str(sheet))
    staff.get_by_role("button", name="Envoyer le fichier").click()
    expect(staff.locator("[role=alert]")).to_contain_text("Ligne 3 : le nom est vide.")
    sheet.write_text("Nom;N° adhérent;Catégorie;Année\nLéa Martin;E-101;adhérente;2026\n", encoding="utf-8")
    staff.get_by_label("Le tableur du registre (XLSX, ODS ou CSV)").set_input_files(str(sheet))
    staff.get_by_role("button", name="Envoyer le fichier").click()
    expect(staff.locator("[role=status]").first).to_contain_text("Le fichier est prêt")
    staff.get_by_label("Le tableur du registre (XLSX, ODS ou CSV)").set_input_files(str(sheet))
    staff.get_by_label("Seulement vérifier le fichier : ne rien enregistrer").uncheck()
    staff.get_by_role("button", name="Envoyer le fichier").click()
    expect(staff.locator(".messages")).to_contain_text("Le registre est importé : 1 adhérent·es ajouté·es")

    # 4. The invited person links the membership and sees it.
    newcomer = login(NEWCOMER)
    newcomer.goto("/" + links[-1].split("/", 3)[3])  # the link names BASE_URL, not the tests' server
    expect(newcomer.locator("main")).to_contain_text("Nouvelle Adhérente")
    assert_accessible(newcomer, "register claim", screenshots_dir, "register-journey-2-claim")
    newcomer.get_by_role("button", name="La relier à mon compte").click()
    newcomer.wait_for_url("**/compte/organisations/")
    expect(newcomer.locator("main")).to_contain_text("à jour jusqu’au")
    newcomer.screenshot(path=str(screenshots_dir / "register-journey-3-mine.png"), full_page=True)
