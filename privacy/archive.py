"""What the platform holds about a person, as the tables of their archive
(Télécharger mes données). Each table reads its rows with an iterator, so
that a large account is written with flat memory: the zip is written entry
by entry, row by row (`archive_write`)."""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from committees.models import CommitteeMember, MeetingAttendance
from consultations.models import Answer, VoterRecord
from core.csv import cell
from journal.models import ActionPilot
from participation.models import (
    Comment,
    CommentReport,
    EmailPreference,
    Follow,
    Membership,
    Notification,
    RegisterMember,
)
from projects.models import HelpOffer, ProjectAuthor, Support

CHUNK = 500


@dataclass(frozen=True)
class Table:
    name: str  # the file's name in the archive (French, like its columns)
    about: str  # what it holds, for the LISEZMOI
    columns: tuple[str, ...]
    rows: Callable  # (person) -> iterable of tuples, in the columns' order


def _date(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _url(target) -> str:
    if target is None:
        return ""
    url = target.url if hasattr(target, "url") and not callable(target.url) else None
    return url or (target.get_absolute_url() if hasattr(target, "get_absolute_url") else "")


def _account(person):
    photo = f"photo{PurePosixPath(person.avatar.name).suffix}" if person.avatar else ""
    yield (person.pk, person.email, person.display_name, person.first_name, person.last_name, person.bio,
           person.quartier, _date(person.date_joined), _date(person.last_login), photo)


def _emails(person):
    for address in EmailAddress.objects.filter(user=person).order_by("pk").iterator(CHUNK):
        yield address.email, address.verified, address.primary


def _roles(person):
    for m in Membership.objects.filter(user=person).select_related("organisation").order_by("pk").iterator(CHUNK):
        yield (m.organisation.title, m.get_role_display(), m.get_status_display(), m.message, m.answer,
               _date(m.requested_at), _date(m.decided_at))


def _register(person):
    entries = (RegisterMember.objects.filter(user=person).select_related("organisation")
               .prefetch_related("subscriptions").order_by("pk"))
    for entry in entries.iterator(CHUNK):
        periods = " ; ".join(f"{s.starts_on.isoformat()} → {s.ends_on.isoformat()} ({s.get_category_display()}, "
                             f"{s.get_vote_display()})" for s in entry.subscriptions.all())
        yield (entry.organisation.title, entry.name, entry.number, entry.email, entry.phone, entry.note,
               _date(entry.claimed_at), periods)


def _comments(person):
    comments = Comment.objects.filter(user=person).prefetch_related("content_object").order_by("submit_date", "pk")
    for c in comments.iterator(CHUNK):
        yield (c.pk, str(c.content_object or ""), _url(c.content_object), c.comment, c.get_stance_display(),
               _date(c.submit_date), _date(c.edited_at), _date(c.deleted_at), _date(c.hidden_at), c.hidden_reason)


def _likes(person):
    flags = CommentFlag.objects.filter(user=person, flag=LIKEDIT_FLAG).select_related("comment").order_by("pk")
    for flag in flags.iterator(CHUNK):
        yield flag.comment_id, _date(flag.flag_date)


def _reports(person):
    for r in CommentReport.objects.filter(reporter=person).order_by("pk").iterator(CHUNK):
        yield r.comment_id, r.get_reason_display(), r.details, _date(r.created_at), _date(r.resolved_at)


def _follows(person):
    for follow in Follow.objects.filter(user=person).prefetch_related("target").order_by("pk").iterator(CHUNK):
        yield str(follow.target or ""), _url(follow.target), _date(follow.created_at)


def _notifications(person):
    for n in Notification.objects.filter(recipient=person).order_by("created_at", "pk").iterator(CHUNK):
        yield str(n.kind_label), n.title, n.detail, n.url, _date(n.created_at), _date(n.read_at)


def _preferences(person):
    yield "frequence", person.email_frequency, ""  # when the notification e-mails leave (instant, daily…)
    for p in EmailPreference.objects.filter(user=person).order_by("key").iterator(CHUNK):
        yield p.key, p.enabled, _date(p.changed_at)


def _projects(person):
    seats = ProjectAuthor.objects.filter(user=person).select_related("project").order_by("pk")
    for seat in seats.iterator(CHUNK):
        project = seat.project
        yield (project.title, project.get_absolute_url(), project.get_status_display(),
               project.created_by_id == person.pk, seat.accepted, _date(seat.invited_at), project.summary,
               project.description)


def _supports(person):
    for s in Support.objects.filter(user=person).select_related("project").order_by("pk").iterator(CHUNK):
        yield s.project.title, s.project.get_absolute_url(), _date(s.created_at)


def _help_offers(person):
    for h in HelpOffer.objects.filter(user=person).select_related("project").order_by("pk").iterator(CHUNK):
        yield h.project.title, h.project.get_absolute_url(), h.message, _date(h.created_at)


def _committees(person):
    seats = CommitteeMember.objects.filter(user=person).select_related("committee__organisation").order_by("pk")
    for s in seats.iterator(CHUNK):
        yield (s.committee.name, s.committee.organisation.title, s.get_role_display(), s.get_status_display(),
               s.listed, s.message, s.answer, _date(s.decided_at))


def _meetings(person):
    answers = MeetingAttendance.objects.filter(user=person).select_related("meeting__committee").order_by("pk")
    for a in answers.iterator(CHUNK):
        yield (a.meeting.title, a.meeting.committee.name, _date(a.meeting.starts_at), a.get_answer_display(),
               "" if a.present is None else a.present)


def _consultations(person):
    records = VoterRecord.objects.filter(user=person).select_related("consultation").order_by("pk")
    for r in records.iterator(CHUNK):
        secrecy = _("secret") if r.consultation.secret else _("public")
        yield r.consultation.title, str(secrecy), r.get_channel_display(), _date(r.created_at)


def _public_votes(person):
    """Only public ballots name their voter: a secret one is tied to nobody."""
    answers = (Answer.objects.filter(ballot__voter=person, ballot__consultation__secret=False)
               .select_related("ballot__consultation", "question", "option").order_by("ballot__consultation", "pk"))
    for a in answers.iterator(CHUNK):
        yield (a.ballot.consultation.title, a.question.text, a.option.label if a.option else "",
               "" if a.value is None else a.value, "" if a.rank is None else a.rank)


def _pilots(person):
    for p in ActionPilot.objects.filter(user=person).select_related("action").order_by("pk").iterator(CHUNK):
        yield p.action.title, _date(p.appointed_at)


TABLES = (
    Table("compte", _("Your account and profile. The picture, if any, is in the archive as “photo”."),
          ("identifiant", "adresse_email", "nom_affiche", "prenom", "nom", "presentation", "quartier", "inscription",
           "derniere_connexion", "photo"), _account),
    Table("adresses_email", _("Your e-mail addresses, whether confirmed, which one is used."),
          ("adresse", "confirmee", "principale"), _emails),
    Table("roles", _("Your roles in the organisations, asked for or declared, and their answers."),
          ("structure", "role", "statut", "message", "reponse", "demande_le", "repondu_le"), _roles),
    Table("registre_adherents", _("Your entries in the member registers linked to your account, with their "
                                  "membership periods."),
          ("structure", "nom", "numero", "adresse_email", "telephone", "note", "liee_au_compte_le", "periodes"),
          _register),
    Table("commentaires", _("Your comments, with the page they are on; deleted or hidden ones too."),
          ("numero", "page", "adresse_page", "texte", "position", "ecrit_le", "modifie_le", "supprime_le", "masque_le",
           "motif_masquage"), _comments),
    Table("mentions_j_aime", _("The comments you liked, by their number."),
          ("commentaire", "date"), _likes),
    Table("signalements", _("The comments you reported to the moderators."),
          ("commentaire", "motif", "precisions", "signale_le", "traite_le"), _reports),
    Table("abonnements", _("What you follow (pages, projects, comités)."), ("objet", "adresse", "depuis"), _follows),
    Table("notifications", _("Your notifications on the site."),
          ("type", "sujet", "detail", "lien", "date", "lue_le"), _notifications),
    Table("preferences_email", _("Your choices of e-mails, with their date."), ("email", "envoye", "choisi_le"),
          _preferences),
    Table("projets", _("The projects you carry or were invited to carry."),
          ("projet", "adresse", "statut", "propose_par_vous", "accepte", "invite_le", "resume", "description"),
          _projects),
    Table("soutiens", _("The projects you support."), ("projet", "adresse", "date"), _supports),
    Table("aides_proposees", _("Your offers to help projects."), ("projet", "adresse", "message", "date"),
          _help_offers),
    Table("comites", _("Your seats in comités, and your requests."),
          ("comite", "structure", "role", "statut", "nom_affiche_dans_la_liste", "message", "reponse",
           "repondu_le"), _committees),
    Table("reunions", _("Your answers to meetings, and whether you were noted present."),
          ("reunion", "comite", "debut", "reponse", "present"), _meetings),
    Table("consultations", _("The consultations you voted in: that you voted, how, when (the list of voters)."),
          ("consultation", "scrutin", "canal", "date"), _consultations),
    Table("votes_publics", _("What you answered in public consultations, where each ballot names its voter."),
          ("consultation", "question", "choix", "valeur", "rang"), _public_votes),
    Table("pilotage_actions", _("The actions whose journal you write."), ("action", "depuis"), _pilots),
)


def _csv_line(values: Iterable) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow([cell(v) for v in values])
    return out.getvalue()


def archive_write(person, target) -> None:
    """The archive of `person`, written into `target` (a file opened for
    writing): LISEZMOI.txt, then each table as CSV (as core/csv.py writes
    them) and as JSON, and the profile picture."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = render_to_string("privacy/archive_readme.txt", {
            "person": person, "tables": TABLES, "made_at": timezone.localtime()})
        archive.writestr("LISEZMOI.txt", readme)
        for table in TABLES:
            with archive.open(f"csv/{table.name}.csv", "w") as entry:
                entry.write(("\ufeff" + _csv_line(table.columns)).encode())
                for row in table.rows(person):
                    entry.write(_csv_line(row).encode())
            with archive.open(f"json/{table.name}.json", "w") as entry:
                entry.write(b"[")
                for number, row in enumerate(table.rows(person)):
                    prefix = b",\n" if number else b"\n"
                    entry.write(prefix + json.dumps(dict(zip(table.columns, row, strict=True)),
                                                    ensure_ascii=False, default=str).encode())
                entry.write(b"\n]\n")
        if person.avatar:
            with person.avatar.open("rb") as picture, archive.open(
                    f"photo{PurePosixPath(person.avatar.name).suffix}", "w") as entry:
                for chunk in iter(lambda: picture.read(65536), b""):
                    entry.write(chunk)

