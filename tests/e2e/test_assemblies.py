"""The assemblée générale in the browser, from the convocation to the signed
procès-verbal: CERISE's administrator prepares and convenes it, a member
gives her proxy with the keyboard, the door ticks arrivals on a phone (search
as you type, and without JavaScript), the room's screen follows live, the
votes are taken by show of hands and on a phone carrying a proxy, the
minutes are drawn up, signed and downloaded. Every new page passes axe-core
at desktop and phone widths."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts import assert_accessible
from tests.e2e.test_public_pages import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

DEMO = "@demo.plan-commun.local"
STAFF = f"administration{DEMO}"  # CERISE's administrator, D-003 in its register
MEMBER = f"habitante{DEMO}"  # D-001
GIVER = f"benevole{DEMO}"  # D-002


def sign_in(new_page, email, width=1280, height=900, **options):
    page = new_page(width, height, **options)
    page.goto("/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "demo-plan-commun")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/compte/profil/")
    return page


def _to_assemblies(page):
    page.goto("/compte/organisations/")
    page.get_by_role("link", name=re.compile(r"^Assemblées générales( de| ·) CERISE$")).first.click()
    page.wait_for_url(re.compile(r"/assemblees/organisations/\d+/$"))


@pytest.mark.parametrize("width,height", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_assembly_pages_are_accessible(new_page, screenshots_dir, width, height):
    staff = sign_in(new_page, STAFF, width, height)
    _to_assemblies(staff)
    assert_accessible(staff, "assemblies", screenshots_dir, f"assemblies-list-{width}")
    held = staff.get_by_role("link", name=re.compile(r"^Assemblée générale ordinaire du")).last
    held.click()
    held_url = staff.url
    for link, name in (("Séance et votes", "console"), ("Procès-verbal", "minutes"), ("Pouvoirs", "proxies"),
                       ("Accueil (émargement)", "door"), ("Convocation", "convene")):
        staff.goto(held_url)
        staff.locator("nav.committee__tools").get_by_role("link", name=link).click()
        assert_accessible(staff, link, screenshots_dir, f"assemblies-held-{name}-{width}")
    staff.goto(held_url + "ecran/")
    expect(staff.locator(".room__quorum")).to_be_visible()
    assert_accessible(staff, "screen", screenshots_dir, f"assemblies-screen-{width}")
    _to_assemblies(staff)
    staff.get_by_role("link", name="Les règles des statuts").click()
    staff.locator("main ul a").first.click()
    assert_accessible(staff, "statutes", screenshots_dir, f"assemblies-statutes-{width}")
    _to_assemblies(staff)
    staff.get_by_role("link", name=re.compile(r"^Assemblée générale ordinaire du")).first.click()
    staff.locator("nav.committee__tools").get_by_role("link", name="Ordre du jour et documents").click()
    assert_accessible(staff, "agenda", screenshots_dir, f"assemblies-agenda-{width}")
    member = sign_in(new_page, MEMBER, width, height)
    _to_assemblies(member)
    member.get_by_role("link", name=re.compile(r"^Assemblée générale ordinaire du")).first.click()
    assert_accessible(member, "assembly (member)", screenshots_dir, f"assemblies-member-{width}")
    member.get_by_role("link", name="Je ne peux pas venir : donner mon pouvoir").click()
    assert_accessible(member, "proxy", screenshots_dir, f"assemblies-proxy-{width}")
    member.goto(held_url + "proces-verbal/")
    expect(member.locator("h1")).to_contain_text("Procès-verbal")
    assert_accessible(member, "minutes (member)", screenshots_dir, f"assemblies-minutes-member-{width}")


def test_from_the_convocation_to_the_signed_minutes(new_page, screenshots_dir):
    # 1. The administrator prepares the assembly and convenes the members.
    staff = sign_in(new_page, STAFF)
    _to_assemblies(staff)
    staff.get_by_role("link", name="Préparer une assemblée").click()
    staff.get_by_label("Titre").fill("AG de la journée e2e")
    staff.get_by_label("Date").fill((date.today() + timedelta(days=20)).isoformat())
    staff.get_by_label("Lieu").fill("Café Reflets")
    staff.get_by_role("button", name="Créer l’assemblée").click()
    expect(staff.locator(".messages")).to_contain_text("L’assemblée est créée")
    staff.locator("#id_title").fill("Rapport moral")
    staff.locator("#id_kind").select_option(label="Rapport moral")
    staff.get_by_role("button", name="Ajouter à l’ordre du jour").click()
    staff.locator("#id_kind").select_option(label="Budget")
    staff.locator("#id_title").fill("Budget prévisionnel")
    staff.get_by_label("Vote électronique sur les téléphones dans la salle").check()
    staff.get_by_role("button", name="Ajouter à l’ordre du jour").click()
    expect(staff.locator("ol.agenda > li")).to_have_count(3)  # and questions diverses, last
    expect(staff.locator("ol.agenda > li").last).to_contain_text("Questions diverses")
    staff.locator("nav.committee__tools").get_by_role("link", name="Convocation").click()
    staff.get_by_role("button", name="Convoquer les adhérent·es maintenant").click()
    expect(staff.locator(".messages")).to_contain_text("Les adhérent·es sont convoqué·es")
    letters = staff.request.get(staff.url.replace("convocation/", "convocations.pdf?tous=1"))
    assert letters.ok and letters.body().startswith(b"%PDF")
    assembly_url = staff.url.replace("convocation/", "")

    # 2. A member gives her proxy, with the keyboard only, on a phone.
    giver = sign_in(new_page, GIVER, *PHONE)
    giver.goto(assembly_url + "pouvoir/")
    giver.get_by_label("L’adhérent·e qui votera pour vous").focus()
    giver.get_by_label("L’adhérent·e qui votera pour vous").select_option(label="Habitante du quartier")
    giver.get_by_role("button", name="Donner mon pouvoir").focus()
    giver.keyboard.press("Enter")
    expect(giver.locator(".messages")).to_contain_text("Votre pouvoir est donné à Habitante du quartier")
    member = sign_in(new_page, MEMBER, *PHONE)
    member.goto(assembly_url)
    expect(member.locator("main")).to_contain_text("Vous portez les pouvoirs de")
    expect(member.locator("main")).to_contain_text("Bénévole de CERISE")

    # 3. The room's screen, then the door on a phone: search as you type, Tab, Enter.
    screen = sign_in(new_page, STAFF)
    screen.goto(assembly_url + "ecran/")
    expect(screen.locator("[data-room]")).to_contain_text("Quorum non atteint")
    door = sign_in(new_page, STAFF, *PHONE)
    door.goto(assembly_url + "emargement/")
    search = door.get_by_label("Nom, numéro ou e-mail")
    search.press_sequentially("habit", delay=60)
    expect(door.locator("[data-door-results] li")).to_have_count(1)
    door.keyboard.press("Tab")  # the search button
    door.keyboard.press("Tab")
    expect(door.locator(":focus")).to_have_text(re.compile("Arrive"))
    door.keyboard.press("Enter")
    expect(door.locator(".messages")).to_contain_text("Habitante du quartier est pointé·e")
    door.screenshot(path=str(screenshots_dir / "assemblies-journey-door-390.png"), full_page=True)
    # The screen followed without being reloaded: one present, one represented.
    expect(screen.locator(".room__figures")).to_contain_text("2")
    # Without JavaScript, the door still finds and ticks.
    plain = sign_in(new_page, STAFF, *PHONE, java_script_enabled=False)
    plain.goto(assembly_url + "emargement/")
    plain.get_by_label("Nom, numéro ou e-mail").fill("Administratrice")
    plain.get_by_label("Nom, numéro ou e-mail").press("Enter")
    plain.get_by_role("button", name="Arrive : Administratrice de CERISE").click()
    expect(plain.locator(".messages")).to_contain_text("Administratrice de CERISE est pointé·e")
    plain.get_by_label("Nom, numéro ou e-mail").fill("Awa")
    plain.get_by_label("Nom, numéro ou e-mail").press("Enter")
    plain.get_by_role("button", name="Arrive : Awa Diallo (démo)").click()
    expect(screen.locator(".room__quorum")).to_contain_text("Quorum atteint")
    screen.screenshot(path=str(screenshots_dir / "assemblies-journey-screen.png"), full_page=True)

    # 4. The session: opened, a show of hands, then a vote on the phones.
    staff.goto(assembly_url + "seance/")
    staff.get_by_label("Président·e de séance").select_option(label="Administratrice de CERISE")
    staff.get_by_label("Secrétaire de séance").fill("Awa Diallo")
    staff.get_by_role("button", name="Ouvrir la séance").click()
    expect(staff.locator(".messages")).to_contain_text("La séance est ouverte")
    staff.get_by_role("button", name="Vérifier le quorum et mettre aux voix : Rapport moral").click()
    moral = staff.locator("li.panel", has_text="Rapport moral")
    moral.get_by_label("Pour").fill("4")
    moral.get_by_label("Contre").fill("0")
    moral.get_by_label("Abstentions").fill("0")
    moral.get_by_role("button", name="Saisir le décompte").click()
    expect(staff.locator(".messages")).to_contain_text("adoptée à l’unanimité")
    staff.get_by_role("button", name="Vérifier le quorum et mettre aux voix : Budget prévisionnel").click()
    expect(screen.locator("[data-room]")).to_contain_text("Vote en cours : Budget prévisionnel")
    member.goto(assembly_url + "voter/")
    expect(member.locator("main h3")).to_have_count(2)
    expect(member.locator("main")).to_contain_text("Procuration de Bénévole de CERISE")
    assert_accessible(member, "vote", screenshots_dir, "assemblies-journey-vote-390")
    member.locator("section.panel").first.get_by_role("button", name="Pour").click()
    expect(member.locator(".messages")).to_contain_text("Le vote est enregistré")
    member.locator("section.panel", has_text="Procuration").get_by_role("button", name="Contre").click()
    expect(member.locator("main")).not_to_contain_text("Contre")
    expect(screen.locator("[data-room]")).to_contain_text("2 voix sur 4 ont voté")
    staff.reload()
    staff.get_by_role("button", name="Clore le vote et dépouiller").click()
    expect(staff.locator(".messages")).to_contain_text("Budget prévisionnel")
    staff.screenshot(path=str(screenshots_dir / "assemblies-journey-console.png"), full_page=True)
    staff.get_by_role("button", name="Lever la séance").click()

    # 5. The minutes: the debates typed, drawn up, signed, downloaded.
    expect(staff.locator("h1")).to_have_text("Rédiger le procès-verbal")
    staff.get_by_label("1. Rapport moral").fill("La présidente présente l’année écoulée.")
    staff.get_by_label("Résumé des débats").fill("Échanges sur le café Reflets.")
    staff.get_by_role("button", name="Enregistrer le procès-verbal").click()
    staff.get_by_role("button", name="Arrêter le procès-verbal").click()
    expect(staff.locator("main")).to_contain_text("La présidente présente l’année écoulée.")
    staff.get_by_role("button", name=re.compile("^Signer comme présidence")).click()
    staff.get_by_role("button", name=re.compile("^Enregistrer la signature")).click()
    expect(staff.locator(".signatures")).not_to_contain_text("pas encore signé")
    assert_accessible(staff, "minutes", screenshots_dir, "assemblies-journey-minutes")
    pdf = staff.request.get(assembly_url + "proces-verbal.pdf")
    odt = staff.request.get(assembly_url + "proces-verbal.odt")
    assert pdf.ok and pdf.body().startswith(b"%PDF") and odt.ok and odt.body().startswith(b"PK")
    # The member reads them too; someone outside the register does not.
    member.goto(assembly_url + "proces-verbal/")
    expect(member.locator("main")).to_contain_text("Échanges sur le café Reflets.")
    outsider = sign_in(new_page, f"partenaire{DEMO}")
    assert outsider.goto(assembly_url + "proces-verbal/").status == 404
