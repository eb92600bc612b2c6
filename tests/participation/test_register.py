"""The member register: recorded by the staff, renewed, linked to an account
by the staff or by the member's own invitation, read from and written to
the centre's spreadsheet with every error by row and nothing half-written;
and what it means for a vote of the members."""

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from participation import roles
from participation.models import MemberCategory, Membership, RegisterMember, RegisterSettings, Subscription, VoteRight
from participation.services import register as services
from tests.queries import page_queries

from .conftest import make_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def in_english():
    from django.utils import translation

    with translation.override("en"):
        yield


def add(organisation, staff, name="Nadia Benali", **fields):
    return services.register_member_add(organisation=organisation, user=staff, name=name, **fields)


def test_a_member_is_recorded_for_the_current_year_in_a_few_keystrokes(organisation, staff):
    member = add(organisation, staff, name="  Nadia   Benali ")
    period = member.subscriptions.get()
    assert member.name == "Nadia Benali" and member.created_by == staff
    assert (period.starts_on, period.ends_on) == (date(TODAY.year, 1, 1), date(TODAY.year, 12, 31))
    assert (period.category, period.vote) == (MemberCategory.MEMBER, VoteRight.DELIBERATIVE)
    honorary = add(organisation, staff, name="Paul", category=MemberCategory.HONORARY)
    assert honorary.subscriptions.get().vote == VoteRight.CONSULTATIVE  # as the category usually carries


def test_a_membership_year_from_september(organisation, staff):
    RegisterSettings.objects.create(organisation=organisation, year_starts_month=9)
    start, end = services.membership_year(organisation, date(2027, 3, 10))
    assert (start, end) == (date(2026, 9, 1), date(2027, 8, 31))
    assert services.membership_year(organisation, date(2027, 9, 1)) == (date(2027, 9, 1), date(2028, 8, 31))


def test_renewing_adds_the_next_year_and_overlaps_are_refused(organisation, staff):
    member = add(organisation, staff)
    renewed = services.subscription_renew(member=member, user=staff)
    assert (renewed.starts_on, renewed.ends_on) == (date(TODAY.year + 1, 1, 1), date(TODAY.year + 1, 12, 31))
    with pytest.raises(ValidationError, match="already has a membership"):
        services.subscription_add(member=member, user=staff, category=MemberCategory.MEMBER,
                                  starts_on=date(TODAY.year, 6, 1), ends_on=date(TODAY.year, 6, 30))
    with pytest.raises(ValidationError, match="end after it starts"):
        services.subscription_add(member=member, user=staff, category=MemberCategory.MEMBER,
                                  starts_on=date(2030, 6, 1), ends_on=date(2030, 5, 1))


def test_only_the_organisations_staff_keep_its_register(organisation, staff, resident):
    from tests.cms.factories import OrganisationFactory

    elsewhere = make_staff(OrganisationFactory(title="Ailleurs"))
    Membership.objects.create(user=resident, organisation=organisation, role="habitant", status="accepted")
    for person in (resident, elsewhere):
        with pytest.raises(PermissionDenied):
            add(organisation, person)
    member = add(organisation, staff)
    with pytest.raises(PermissionDenied):
        services.subscription_renew(member=member, user=elsewhere)
    assert RegisterMember.objects.count() == 1


def test_a_declaration_is_not_a_membership(organisation, staff, resident):
    """Declaring oneself a resident is one click; only the register makes a
    member up to date, and only a deliberative period gives a vote."""
    Membership.objects.create(user=resident, organisation=organisation, role="habitant", status="accepted")
    assert roles.is_declared(resident, organisation) and not roles.has_vote(resident, organisation)
    member = add(organisation, staff, account=resident, category=MemberCategory.HONORARY)
    assert roles.is_member_up_to_date(resident, organisation) and not roles.has_vote(resident, organisation)
    Subscription.objects.filter(member=member).update(vote=VoteRight.DELIBERATIVE)
    roles.changed()
    assert roles.has_vote(resident, organisation)
    Subscription.objects.filter(member=member).update(ends_on=TODAY - timedelta(days=1),
                                                      starts_on=TODAY - timedelta(days=30))
    roles.changed()
    assert not roles.is_member_up_to_date(resident, organisation) and not roles.has_vote(resident, organisation)


def test_an_invitation_links_the_membership_once(client, organisation, staff, resident, neighbour,
                                                 django_capture_on_commit_callbacks):
    member = add(organisation, staff, email="nadia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.register_invite(member=member, user=staff)
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"] and organisation.title in message.subject
    path = re.search(r"(/compte/adhesion/\S+/)", message.body).group(1)
    assert client.get(path).status_code == 302  # signed in first
    client.force_login(resident)
    assert member.name in client.get(path).content.decode()
    client.post(path)
    member.refresh_from_db()
    assert member.user == resident and member.claimed_at is not None
    client.force_login(neighbour)
    assert client.post(path).status_code == 410  # used once
    member.refresh_from_db()
    assert member.user == resident


def test_only_the_latest_invitation_works_and_it_expires(organisation, staff, resident):
    member = add(organisation, staff, email="nadia@example.org")
    services.register_invite(member=member, user=staff)
    first = services.claim_token(member)
    services.register_invite(member=member, user=staff)
    with pytest.raises(ValidationError, match="newer one"):
        services.register_claim(token=first, user=resident)
    RegisterMember.objects.filter(pk=member.pk).update(invited_at=timezone.now() - timedelta(days=40))
    member.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        services.register_claim(token=services.claim_token(member), user=resident)
    with pytest.raises(ValidationError, match="not valid"):
        services.register_claim(token="forged", user=resident)


def test_an_account_belongs_to_one_member_of_a_register(organisation, staff, resident):
    add(organisation, staff, name="Nadia", account=resident)
    other = add(organisation, staff, name="Nadia B.")
    with pytest.raises(ValidationError, match="already linked"):
        services.register_member_link(member=other, user=staff, account=resident)
    with pytest.raises(ValidationError, match="number"):
        add(organisation, staff, name="A", number="12")
        add(organisation, staff, name="B", number="12")


# The spreadsheet


CSV_TEXT = """Nom;N° adhérent;E-mail;Téléphone;Catégorie;Année;Voix
Nadia Benali;12;nadia@example.org;06 00 00 00 00;Adhérent·e;{year};délibérative
Paul Martin;13;;;Membre d'honneur;{year};
Awa Diallo;14;awa@example.org;;usager;{year};consultative
"""


def test_the_centres_csv_is_read_with_its_french_headers(organisation, staff):
    report = services.register_import(organisation=organisation, user=staff,
                                      content=CSV_TEXT.format(year=TODAY.year).encode(), filename="adherents.csv")
    assert report.errors == [] and report.created == ["Nadia Benali", "Paul Martin", "Awa Diallo"]
    nadia = RegisterMember.objects.get(number="12")
    assert (nadia.email, nadia.phone) == ("nadia@example.org", "06 00 00 00 00")
    votes = dict(Subscription.objects.values_list("member__name", "vote"))
    assert votes == {"Nadia Benali": "deliberative", "Paul Martin": "consultative", "Awa Diallo": "consultative"}


def test_a_bad_file_reports_every_row_and_writes_nothing(organisation, staff):
    content = ("Nom;N° adhérent;Catégorie;Début;Fin\n"
               "Nadia;12;Adhérent·e;01/01/2026;31/12/2026\n"
               ";13;Adhérent·e;01/01/2026;31/12/2026\n"
               "Paul;14;Astronaute;01/01/2026;31/12/2026\n"
               "Awa;15;Adhérent·e;le premier janvier;31/12/2026\n"
               "Léa;12;Adhérent·e;01/01/2026;31/12/2026\n").encode()
    report = services.register_import(organisation=organisation, user=staff, content=content, filename="r.csv")
    text = " | ".join(report.errors)
    assert "Row 3: the name is empty" in text and "Row 4" in text and "Astronaute" in text
    assert "Row 5" in text and "is not a date" in text
    assert not RegisterMember.objects.exists() and not Subscription.objects.exists()
    content = ("Nom;N° adhérent;Année\nNadia;12;2026\nLéa;12;2026\n").encode()
    report = services.register_import(organisation=organisation, user=staff, content=content, filename="r.csv")
    assert any("Row 3" in error and "12" in error for error in report.errors)
    assert not RegisterMember.objects.exists()


def test_checking_a_file_writes_nothing(organisation, staff):
    report = services.register_import(organisation=organisation, user=staff, dry_run=True,
                                      content=CSV_TEXT.format(year=TODAY.year).encode(), filename="a.csv")
    assert len(report.created) == 3 and not RegisterMember.objects.exists()


def test_the_export_reads_back_unchanged_and_next_years_list_renews(organisation, staff):
    services.register_import(organisation=organisation, user=staff,
                             content=CSV_TEXT.format(year=TODAY.year).encode(), filename="a.csv")
    header, rows = services.register_table(organisation)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    again = services.register_import(organisation=organisation, user=staff, content=buffer.getvalue(),
                                     filename="registre.xlsx")
    assert again.errors == [] and again.created == [] and again.updated == [] and again.unchanged == 3
    renewal = services.register_import(organisation=organisation, user=staff,
                                       content=CSV_TEXT.format(year=TODAY.year + 1).encode(), filename="b.csv")
    assert renewal.created == [] and renewal.periods == 3
    assert Subscription.objects.count() == 6


# The pages


def test_the_register_pages_are_for_the_staff(client, organisation, staff, resident):
    urls = [reverse("participation:register", args=[organisation.pk]),
            reverse("participation:register_import", args=[organisation.pk]),
            reverse("participation:register_export", args=[organisation.pk, "csv"])]
    client.force_login(resident)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_recording_at_the_accueil_and_finding_who_is_up_to_date(client, organisation, staff):
    client.force_login(staff)
    url = reverse("participation:register", args=[organisation.pk])
    response = client.post(url, {"name": "Nadia Benali", "category": "adherent",
                                 "starts_on": f"{TODAY.year}-01-01", "ends_on": f"{TODAY.year}-12-31"})
    assert response.status_code == 302
    lapsed = add(organisation, staff, name="Paul Ancien", starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31))
    page = client.get(url, {"etat": "a-jour"}).content.decode()
    assert "Nadia Benali" in page and lapsed.name not in page
    assert lapsed.name in client.get(url, {"etat": "a-renouveler"}).content.decode()
    assert "Nadia" not in client.get(url, {"q": "Paul"}).content.decode().split("list-heading")[1]
    bad = client.post(url, {"name": "", "category": "adherent", "starts_on": "2026-01-01", "ends_on": "2025-01-01"})
    assert bad.status_code == 400


@pytest.mark.parametrize("members", [2, 12])
def test_the_register_list_reads_the_same_queries_whatever_its_size(client, organisation, staff, members):
    for number in range(members):
        add(organisation, staff, name=f"Membre {number}")
    client.force_login(staff)
    assert page_queries(client, reverse("participation:register", args=[organisation.pk])) <= 14


def test_the_csv_export_holds_the_register(client, organisation, staff):
    add(organisation, staff, name="=HYPERLINK(\"x\")", email="a@example.org")
    client.force_login(staff)
    response = client.get(reverse("participation:register_export", args=[organisation.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "N° adhérent", "E-mail"] and rows[1][0] == "'=HYPERLINK(\"x\")"
    for file_format in ("xlsx", "ods"):
        content = client.get(reverse("participation:register_export", args=[organisation.pk, file_format])).content
        report = services.register_import(organisation=organisation, user=staff, content=content,
                                          filename=f"registre.{file_format}", dry_run=True)
        assert report.errors == [] and report.unchanged == 1, file_format  # the formula-looking name read as text


def test_a_member_sees_their_membership_on_their_account(client, organisation, staff, resident):
    add(organisation, staff, account=resident)
    client.force_login(resident)
    page = client.get(reverse("participation:memberships")).content.decode()
    assert organisation.title in page and str(TODAY.year) in page


def test_someone_else_cannot_open_a_member_of_another_register(client, organisation, staff):
    from tests.cms.factories import OrganisationFactory

    other = OrganisationFactory(title="Ailleurs")
    theirs = add(other, make_staff(other), name="Secret")
    client.force_login(staff)
    assert client.get(reverse("participation:register_member", args=[organisation.pk, theirs.pk])).status_code == 404
    assert client.get(reverse("participation:register_member", args=[other.pk, theirs.pk])).status_code == 403
