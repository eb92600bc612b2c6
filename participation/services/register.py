"""The member register: recording members at the accueil, their periods and
renewals, linking an account (by the staff, or by the person from an
e-mailed invitation), and the spreadsheet the centre already keeps, read
and written (docs/register.md). Every write checks the staff's right here,
whatever the view, and is written whole or not at all."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.importing.readers import SpreadsheetError, column_letter, read_spreadsheet

from .. import roles
from ..audit import audit_record
from ..emails import email_subject
from ..models import (
    DEFAULT_VOTE,
    AuditAction,
    MemberCategory,
    RegisterMember,
    RegisterSettings,
    Subscription,
    User,
    VoteRight,
)

CLAIM_SALT = "participation.register.claim"
CLAIM_DAYS = 30
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# "2026", "2026-2027", "2026/27", or 2026.0 as a spreadsheet stores a number.
MEMBERSHIP_YEAR = re.compile(r"\A\s*(\d{4})(?:\s*[-/]\s*\d{2,4})?(?:\.0)?\s*\Z")


def _require(user, organisation) -> None:
    if not user.has_perm("participation.manage_register", organisation):
        raise PermissionDenied


# Periods


def year_start_month(organisation) -> int:
    return RegisterSettings.objects.filter(organisation=organisation).values_list(
        "year_starts_month", flat=True).first() or 1


def membership_year(organisation, day: datetime.date | None = None, *,
                    month: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The membership year holding the day, as the organisation counts it
    (the calendar year, or from September…; `month` when already read)."""
    day = day or timezone.localdate()
    month = month or year_start_month(organisation)
    start_year = day.year if day.month >= month else day.year - 1
    start = datetime.date(start_year, month, 1)
    end = datetime.date(start_year + (1 if month > 1 else 0), month - 1 if month > 1 else 12, 1)
    return start, _month_end(end)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _period_check(starts_on, ends_on) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period must end after it starts.")})


def subscription_add(*, member: RegisterMember, user, category: str, starts_on, ends_on,
                     vote: str | None = None) -> Subscription:
    _require(user, member.organisation)
    return subscription_record(member=member, recorded_by=user, category=category, starts_on=starts_on,
                               ends_on=ends_on, vote=vote)


def subscription_record(*, member: RegisterMember, recorded_by, category: str, starts_on, ends_on,
                        vote: str | None = None) -> Subscription:
    """The write of a membership period, without the staff's check: for a
    caller that checked its own right first (subscription_add here; the
    volunteers at an assembly's door, assemblies/services/door.py)."""
    _period_check(starts_on, ends_on)
    subscription = Subscription(member=member, category=category, starts_on=starts_on, ends_on=ends_on,
                                vote=vote or DEFAULT_VOTE[category], recorded_by=recorded_by)
    subscription.full_clean(exclude=["member", "recorded_by"], validate_constraints=False)
    if member.subscriptions.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError(_("%(name)s already has a membership over these dates.") % {"name": member.name})
    try:
        with transaction.atomic():
            subscription.save()
            audit_record(organisation=member.organisation_id, actor=recorded_by, action=AuditAction.REGISTER_PERIOD,
                         obj=member, label=member.name, after=_period_values(subscription))
    except IntegrityError:
        raise ValidationError(_("%(name)s already has a membership over these dates.") % {"name": member.name})
    return subscription


def _period_values(subscription: Subscription) -> dict:
    return {"category": subscription.category, "starts_on": subscription.starts_on,
            "ends_on": subscription.ends_on, "vote": subscription.vote}


def renewal_of(member: RegisterMember) -> dict:
    """The period a renewal adds: the membership year after their last one
    (or the current one), in the same category and with the same vote."""
    last = member.subscriptions.order_by("-ends_on").first()
    if last is None:
        starts_on, ends_on = membership_year(member.organisation)
        return {"category": MemberCategory.MEMBER, "starts_on": starts_on, "ends_on": ends_on, "vote": None}
    current_start, current_end = membership_year(member.organisation)
    starts_on, ends_on = (membership_year(member.organisation, last.ends_on + datetime.timedelta(days=1))
                          if last.ends_on >= current_start else (current_start, current_end))
    return {"category": last.category, "starts_on": starts_on, "ends_on": ends_on, "vote": last.vote}


def subscription_renew(*, member: RegisterMember, user) -> Subscription:
    """The membership year after their last one (or the current one), in
    the same category and with the same vote."""
    return subscription_add(member=member, user=user, **renewal_of(member))


# Members


def register_member_add(*, organisation, user, **fields) -> RegisterMember:
    """A person in the register, with their membership of the current year
    unless other dates are given (one form at the accueil)."""
    _require(user, organisation)
    return register_member_record(organisation=organisation, recorded_by=user, **fields)


@transaction.atomic
def register_member_record(*, organisation, recorded_by, name: str, email: str = "", phone: str = "",
                           number: str = "", note: str = "", account: User | None = None,
                           category: str = MemberCategory.MEMBER, starts_on=None, ends_on=None,
                           vote: str | None = None) -> RegisterMember:
    """The write, without the staff's check (see subscription_record)."""
    member = RegisterMember(organisation=organisation, name=" ".join(name.split()), email=email.strip().lower(),
                            phone=phone.strip(), number=number.strip(), note=note.strip(), user=account,
                            created_by=recorded_by)
    member.full_clean(exclude=["organisation", "user", "created_by"], validate_constraints=False)
    _unique_check(member)
    member.save()
    audit_record(organisation=organisation, actor=recorded_by, action=AuditAction.REGISTER_ADDED, obj=member,
                 label=member.name, after=_member_values(member))
    if starts_on is None or ends_on is None:
        starts_on, ends_on = membership_year(organisation)
    subscription_record(member=member, recorded_by=recorded_by, category=category, starts_on=starts_on,
                        ends_on=ends_on, vote=vote)
    return member


MEMBER_FIELDS = ("name", "email", "phone", "number", "note")


def _member_values(member: RegisterMember) -> dict:
    return {name: getattr(member, name) for name in MEMBER_FIELDS}


def _unique_check(member: RegisterMember) -> None:
    others = RegisterMember.objects.filter(organisation_id=member.organisation_id).exclude(pk=member.pk)
    if member.number and others.filter(number=member.number).exists():
        raise ValidationError({"number": _("Another member has the number %(number)s.") % {"number": member.number}})
    if member.user_id and others.filter(user_id=member.user_id).exists():
        raise ValidationError({"account": _("This account is already linked to another member of the register.")})


@transaction.atomic
def register_member_update(*, member: RegisterMember, user, **fields) -> RegisterMember:
    _require(user, member.organisation)
    before = _member_values(member)
    for name in MEMBER_FIELDS:
        if name in fields:
            value = fields[name].strip()
            setattr(member, name, " ".join(value.split()) if name == "name" else value.lower() if name == "email"
                    else value)
    member.full_clean(exclude=["organisation", "user", "created_by"], validate_constraints=False)
    _unique_check(member)
    member.save()
    after = _member_values(member)
    changed = [name for name in MEMBER_FIELDS if before[name] != after[name]]
    if changed:
        audit_record(organisation=member.organisation, actor=user, action=AuditAction.REGISTER_CHANGED, obj=member,
                     label=member.name, before={name: before[name] for name in changed},
                     after={name: after[name] for name in changed})
    return member


@transaction.atomic
def register_member_link(*, member: RegisterMember, user, account: User | None) -> RegisterMember:
    """The staff link (or unlink) the member's account."""
    _require(user, member.organisation)
    before = member.user_id
    member.user = account
    _unique_check(member)
    member.claimed_at = timezone.now() if account else None
    member.save(update_fields=["user", "claimed_at"])
    audit_record(organisation=member.organisation, actor=user, action=AuditAction.REGISTER_LINKED, obj=member,
                 label=member.name, before={"account": before}, after={"account": member.user_id})
    return member


@transaction.atomic
def register_member_delete(*, member: RegisterMember, user) -> None:
    _require(user, member.organisation)
    audit_record(organisation=member.organisation, actor=user, action=AuditAction.REGISTER_DELETED, obj=member,
                 label=member.name, before={**_member_values(member), "account": member.user_id})
    member.delete()


# Claims


def claim_token(member: RegisterMember) -> str:
    return signing.dumps({"member": member.pk, "invited": member.invited_at.isoformat()}, salt=CLAIM_SALT)


def register_invite(*, member: RegisterMember, user) -> None:
    """E-mail the member a link to tie their membership to their account.
    Only the latest invitation works; it expires after 30 days."""
    _require(user, member.organisation)
    if member.user_id:
        raise ValidationError(_("This member's account is already linked."))
    if not member.email:
        raise ValidationError({"email": _("Give the member's email address first.")})
    member.invited_at = timezone.now()
    member.save(update_fields=["invited_at"])
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("participation:register_claim",
                                                                args=[claim_token(member)])
    context = {"member": member, "organisation": member.organisation, "link": link, "days": CLAIM_DAYS}
    with translation.override(settings.LANGUAGE_CODE):
        subject = email_subject("participation/email/register_invitation_subject.txt", context)
        body = render_to_string("participation/email/register_invitation_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None,
                                            [member.email]))


def claim_read(token: str) -> RegisterMember:
    """The member an invitation stands for; ValidationError when it is
    forged, expired, replaced by a newer one, or already used."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=datetime.timedelta(days=CLAIM_DAYS))
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired: ask the reception desk for a new one."))
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid."))
    member = RegisterMember.objects.select_related("organisation").filter(pk=data.get("member")).first()
    if member is None or member.invited_at is None or member.invited_at.isoformat() != data.get("invited"):
        raise ValidationError(_("This invitation link is no longer valid: a newer one was sent."))
    if member.invited_at < timezone.now() - datetime.timedelta(days=CLAIM_DAYS):
        raise ValidationError(_("This invitation has expired: ask the reception desk for a new one."))
    if member.user_id:
        raise ValidationError(_("This membership is already linked to an account."))
    return member


@transaction.atomic
def register_claim(*, token: str, user: User) -> RegisterMember:
    """The signed-in person ties the membership they were invited to."""
    member = claim_read(token)
    member = RegisterMember.objects.select_for_update().get(pk=member.pk)
    if member.user_id:
        raise ValidationError(_("This membership is already linked to an account."))
    if RegisterMember.objects.filter(organisation_id=member.organisation_id, user=user).exists():
        raise ValidationError(_("Your account is already linked to a member of this organisation's register."))
    member.user = user
    member.claimed_at = timezone.now()
    member.save(update_fields=["user", "claimed_at"])
    return member


# The spreadsheet


def _looks_like_email(text: str) -> bool:
    """name@domain.tld, without spaces: with string operations, since a
    pattern with a run on each side of the dot backtracks quadratically on
    a long cell."""
    local, at, domain = text.partition("@")
    return bool(local and at and "@" not in domain and "." in domain[1:-1]
                and not any(char.isspace() for char in text))


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return NOT_ALPHANUMERIC.sub(" ", text).strip()


# Column of the file -> the words its header may use (compared without
# accents, case or punctuation). The export writes the first of each.
COLUMNS = {
    "name": ["Nom", "nom et prenom", "prenom nom", "nom prenom", "adherent", "membre", "name"],
    "number": ["N° adhérent", "n adherent", "numero", "numero adherent", "no adherent", "n", "number"],
    "email": ["E-mail", "email", "courriel", "mail", "adresse e mail", "adresse mail"],
    "phone": ["Téléphone", "telephone", "tel", "portable", "phone"],
    "category": ["Catégorie", "categorie", "type", "type d adhesion", "category"],
    "year": ["Année", "annee", "annee d adhesion", "exercice", "year"],
    "starts_on": ["Début", "debut", "du", "date d adhesion", "starts"],
    "ends_on": ["Fin", "fin", "au", "valable jusqu au", "ends"],
    "vote": ["Voix", "voix", "vote", "droit de vote"],
    "note": ["Note", "note", "remarque", "commentaire"],
}
CATEGORY_WORDS = {
    MemberCategory.MEMBER: ["adherent", "adherente", "adherent e", "membre", "membre actif", "actif"],
    MemberCategory.HONORARY: ["membre d honneur", "honneur", "honoraire", "d honneur"],
    MemberCategory.BENEFACTOR: ["bienfaiteur", "bienfaitrice", "membre bienfaiteur", "donateur"],
    MemberCategory.EX_OFFICIO: ["de droit", "membre de droit"],
    MemberCategory.USER: ["usager", "usagere", "usager e", "utilisateur"],
}
VOTE_WORDS = {VoteRight.DELIBERATIVE: ["deliberative", "oui", "o", "x", "vote", "avec"],
              VoteRight.CONSULTATIVE: ["consultative", "non", "n", "sans", "aucune"]}


@dataclass
class RegisterRow:
    row: int
    values: dict


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    periods: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _header(cells) -> dict[str, int]:
    found = {}
    words = {_plain(word): key for key, synonyms in COLUMNS.items() for word in synonyms}
    for index, cell in enumerate(cells):
        key = words.get(_plain(cell.value))
        if key and key not in found:
            found[key] = index
    return found


def _date(text: str, row: int, label: str, errors: list):
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text.split(" ")[0], pattern).date()
        except ValueError:
            continue
    errors.append(_("Row %(row)s, %(column)s: “%(value)s” is not a date (write it 31/12/2026).")
                  % {"row": row, "column": label, "value": text})
    return None


def _choice(text: str, words: dict, row: int, label: str, errors: list, default):
    if not text.strip():
        return default
    plain = _plain(text)
    for value, synonyms in words.items():
        if plain in synonyms or plain == _plain(str(value.label)):
            return value
    errors.append(_("Row %(row)s, %(column)s: “%(value)s” is not one of: %(choices)s.")
                  % {"row": row, "column": label, "value": text,
                     "choices": ", ".join(str(value.label) for value in words)})
    return None


def register_rows(content: bytes, filename: str, organisation) -> tuple[list[RegisterRow], list[str]]:
    """The rows of a register file, checked; the errors name the row and
    the column (nothing is written here)."""
    try:
        sheets = read_spreadsheet(content, filename)
    except SpreadsheetError as error:
        where = _("Row %(row)s: ") % {"row": error.row} if error.row else ""
        return [], [where + error.message]
    sheet = next((sheet for sheet in sheets if any(cell.value for row in sheet.rows for cell in row)), None)
    if sheet is None:
        return [], [_("The file holds no member.")]
    header_row, columns = next(((index, found) for index, row in enumerate(sheet.rows[:10])
                                if "name" in (found := _header(row))), (None, {}))
    if header_row is None:
        return [], [_("No column “Nom” in the first rows: the register needs at least the members' names.")]
    labels = {key: sheet.rows[header_row][index].value for key, index in columns.items()}
    rows, errors = [], []
    year_month = None  # the month the organisation's membership year starts, read once
    for offset, cells in enumerate(sheet.rows[header_row + 1:], start=header_row + 2):
        def value(key, cells=cells):
            index = columns.get(key)
            return cells[index].value if index is not None and index < len(cells) else ""

        if not any(cell.value for cell in cells):
            continue
        for index, cell in enumerate(cells):
            if cell.kind == "formula":
                errors.append(_("Row %(row)s, column %(column)s: a formula; paste the values instead.")
                              % {"row": offset, "column": column_letter(index)})
        found_errors = len(errors)
        name = " ".join(value("name").split())
        if not name:
            errors.append(_("Row %(row)s: the name is empty.") % {"row": offset})
        email = value("email").strip().lower()
        if email and not _looks_like_email(email):
            errors.append(_("Row %(row)s, %(column)s: “%(value)s” is not an email address.")
                          % {"row": offset, "column": labels["email"], "value": email})
        category = _choice(value("category"), CATEGORY_WORDS, offset, labels.get("category", ""), errors,
                           MemberCategory.MEMBER)
        vote = _choice(value("vote"), VOTE_WORDS, offset, labels.get("vote", ""), errors, None)
        starts_on = ends_on = None
        if value("starts_on") or value("ends_on"):
            starts_on = _date(value("starts_on"), offset, labels.get("starts_on", _("start")), errors)
            ends_on = _date(value("ends_on"), offset, labels.get("ends_on", _("end")), errors)
            if starts_on and ends_on and ends_on < starts_on:
                errors.append(_("Row %(row)s: the membership ends before it starts.") % {"row": offset})
        elif value("year"):
            match = MEMBERSHIP_YEAR.match(value("year"))
            if match is None:
                errors.append(_("Row %(row)s, %(column)s: “%(value)s” is not a year (write 2026, or 2026-2027).")
                              % {"row": offset, "column": labels["year"], "value": value("year")})
            else:
                year_month = year_month or year_start_month(organisation)
                starts_on, ends_on = membership_year(organisation, datetime.date(int(match.group(1)), year_month, 1),
                                                     month=year_month)
        if len(errors) == found_errors:
            rows.append(RegisterRow(offset, {
                "name": name, "number": value("number").strip().removesuffix(".0"), "email": email,
                "phone": value("phone").strip(), "note": value("note").strip(), "category": category,
                "vote": vote, "starts_on": starts_on, "ends_on": ends_on}))
    return rows, errors


def _match(organisation, values: dict) -> RegisterMember | None:
    members = RegisterMember.objects.filter(organisation=organisation)
    if values["number"]:
        return members.filter(number=values["number"]).first()
    if values["email"]:
        found = members.filter(email=values["email"]).first()
        if found:
            return found
    return members.filter(name__iexact=values["name"], number="").first()


def register_import(*, organisation, user, content: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Members found again by number, else e-mail, else name; their details
    updated; each row's period added when they have none over these dates.
    Any error and nothing is written (the report lists them all)."""
    _require(user, organisation)
    report = ImportReport()
    rows, report.errors = register_rows(content, filename, organisation)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _import_rows(organisation, user, rows, report)
            audit_record(organisation=organisation, actor=user, action=AuditAction.REGISTER_IMPORTED,
                         label=filename, after={"created": len(report.created), "updated": len(report.updated),
                                                "periods": report.periods, "unchanged": report.unchanged})
            if report.errors or dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        report.errors.append(_("The file could not be written: %(error)s") % {"error": error})
    roles.changed()
    return report


def _import_rows(organisation, user, rows: list[RegisterRow], report: ImportReport) -> None:
    default_start, default_end = membership_year(organisation)
    numbers = {}
    for row in rows:
        values = row.values
        if values["number"]:
            if values["number"] in numbers:
                report.errors.append(_("Row %(row)s: the number %(number)s is already on row %(other)s.")
                                     % {"row": row.row, "number": values["number"], "other": numbers[values["number"]]})
                continue
            numbers[values["number"]] = row.row
        member = _match(organisation, values)
        starts_on, ends_on = values["starts_on"] or default_start, values["ends_on"] or default_end
        try:
            if member is None:
                member = register_member_add(organisation=organisation, user=user, name=values["name"],
                                             email=values["email"], phone=values["phone"], number=values["number"],
                                             note=values["note"], category=values["category"], starts_on=starts_on,
                                             ends_on=ends_on, vote=values["vote"])
                report.created.append(member.name)
                report.periods += 1
                continue
            changes = {name: values[name] for name in ("name", "email", "phone", "number", "note")
                       if values[name] and values[name] != getattr(member, name)}
            if changes:
                register_member_update(member=member, user=user, **changes)
                report.updated.append(member.name)
            if not member.subscriptions.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
                subscription_add(member=member, user=user, category=values["category"], starts_on=starts_on,
                                 ends_on=ends_on, vote=values["vote"])
                report.periods += 1
            elif not changes:
                report.unchanged += 1
        except ValidationError as error:
            report.errors.extend(_("Row %(row)s: %(error)s") % {"row": row.row, "error": message}
                                 for message in error.messages)


@transaction.atomic
def register_export(*, organisation, user, file_format: str) -> tuple[list[str], list[list]]:
    """The register as a download for its staff, recorded in the audit log
    (people's details leave the site)."""
    _require(user, organisation)
    header, rows = register_table(organisation)
    audit_record(organisation=organisation, actor=user, action=AuditAction.REGISTER_EXPORTED,
                 label=file_format.upper(), after={"format": file_format, "rows": len(rows)})
    return header, rows


def register_table(organisation, on: datetime.date | None = None) -> tuple[list[str], list[list]]:
    """The register as the import reads it back: one row per member, with
    their latest period."""
    day = on or timezone.localdate()
    header = [str(COLUMNS[key][0]) for key in ("name", "number", "email", "phone", "category", "starts_on",
                                               "ends_on", "vote", "note")]
    header.append(_("Up to date on %(date)s") % {"date": day.strftime("%d/%m/%Y")})
    rows = []
    members = RegisterMember.objects.filter(organisation=organisation).prefetch_related("subscriptions")
    for member in members:
        periods = list(member.subscriptions.all())
        latest = max(periods, key=lambda period: period.ends_on, default=None)
        rows.append([
            member.name, member.number, member.email, member.phone,
            latest.get_category_display() if latest else "",
            latest.starts_on.strftime("%d/%m/%Y") if latest else "", latest.ends_on.strftime("%d/%m/%Y") if latest
            else "", latest.get_vote_display() if latest else "", member.note,
            _("yes") if any(period.covers(day) for period in periods) else _("no"),
        ])
    return header, rows
