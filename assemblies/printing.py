"""The printed pieces of an assembly, A4: the convocation letters with
their proxy form, the attendance sheet for signature, and the minutes, as
PDF (WeasyPrint, from templates/assemblies/print/) and the minutes as ODT
(odfpy) for the secretary to keep working on in LibreOffice."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.pdf import html_to_pdf

from .models import Assembly
from .record import minutes_record
from .selectors import agenda, attendance_sheet


def _pdf(template: str, context: dict) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return html_to_pdf(html)


def letters_pdf(assembly: Assembly, members: list) -> bytes:
    """One letter per member, each followed by its proxy form (a blank one
    when `members` is empty: to photocopy)."""
    return _pdf("assemblies/print/letters.html", {
        "assembly": assembly, "organisation": assembly.organisation, "items": agenda(assembly),
        "members": members or [None], "statutes": assembly.statutes,
        "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + assembly.get_absolute_url()})


def sheet_pdf(assembly: Assembly) -> bytes:
    return _pdf("assemblies/print/sheet.html", {"assembly": assembly, "organisation": assembly.organisation,
                                                "rows": attendance_sheet(assembly)})


def minutes_pdf(assembly: Assembly) -> bytes:
    return _pdf("assemblies/print/minutes.html", {"record": minutes_record(assembly), "assembly": assembly,
                                                  "organisation": assembly.organisation})


def minutes_odt(assembly: Assembly) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    record = minutes_record(assembly)
    document = OpenDocumentText()
    title = Style(name="Title", family="paragraph")
    title.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    title.addElement(ParagraphProperties(textalign="center", marginbottom="0.4cm"))
    heading = Style(name="Heading", family="paragraph")
    heading.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    document.styles.addElement(title)
    document.styles.addElement(heading)

    def paragraph(text: str, style=None):
        document.text.addElement(P(stylename=style, text=text) if style else P(text=text))

    with translation.override(settings.LANGUAGE_CODE):
        for line in _minutes_lines(record):
            kind, text = line
            if kind == "title":
                paragraph(text, title)
            elif kind == "h":
                document.text.addElement(H(outlinelevel=2, stylename=heading, text=text))
            elif kind == "list":
                items = List()
                for entry in text:
                    list_item = ListItem()
                    list_item.addElement(P(text=entry))
                    items.addElement(list_item)
                document.text.addElement(items)
            else:
                paragraph(text)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _time(value) -> str:
    return timezone.localtime(value).strftime("%H h %M") if value else "—"


def _minutes_lines(record) -> list[tuple[str, object]]:
    """The minutes as lines (kind, text), for the ODT; the PDF and the page
    say the same from templates/assemblies/_minutes.html."""
    assembly = record.assembly
    organisation = assembly.organisation
    lines = [("title", _("Minutes of the %(kind)s of %(organisation)s")
              % {"kind": assembly.get_kind_display(), "organisation": organisation.title}),
             ("p", _("Held on %(date)s at %(place)s.")
              % {"date": formats.date_format(assembly.day), "place": assembly.place or _("a place not given")})]
    if assembly.convened_at:
        lines.append(("p", _("Convened on %(date)s: %(email)s members by e-mail, %(letter)s by letter.")
                      % {"date": formats.date_format(timezone.localdate(assembly.convened_at)),
                         "email": record.convened_by_email, "letter": record.convened_by_letter}))
    lines.append(("p", _("The session opened at %(time)s, chaired by %(president)s; %(secretary)s was secretary.")
                  % {"time": _time(assembly.opened_at), "president": assembly.president_name or "—",
                     "secretary": assembly.secretary_name or "—"}))
    vote = record.first_vote
    if vote is not None:
        lines.append(("p", _("At the first vote, %(present)s members with a vote were present and %(represented)s "
                             "represented, of %(members)s; quorum required: %(required)s.")
                      % {"present": vote.voices_present, "represented": vote.voices_represented,
                         "members": vote.members_with_vote, "required": vote.quorum_required}))
    lines.append(("h", _("Agenda")))
    lines.append(("list", [f"{entry.number}. {entry.item.title}" for entry in record.items]))
    for entry in record.items:
        item = entry.item
        lines.append(("h", f"{entry.number}. {item.title}"))
        if item.debate:
            lines.extend(("p", text) for text in item.debate.split("\n\n"))
        if item.is_vote:
            if item.text:
                lines.append(("p", item.text))
            lines.append(("p", f"{item.get_method_display()} : {entry.statement}"))
            result = entry.result
            if result is not None and item.is_election:
                lines.append(("list", [_("%(name)s: %(votes)s votes%(elected)s")
                                       % {"name": c.name, "votes": c.votes,
                                          "elected": " — " + _("elected") if c.elected else ""}
                                       for c in entry.candidates]))
            elif result is not None:
                lines.append(("p", _("For: %(for)s, against: %(against)s, abstentions: %(abstentions)s.")
                              % {"for": result.votes_for, "against": result.against,
                                 "abstentions": result.abstentions}))
    if assembly.summary:
        lines.append(("h", _("Summary of the debates")))
        lines.extend(("p", text) for text in assembly.summary.split("\n\n"))
    lines.append(("p", _("The agenda being exhausted, the session closed at %(time)s.")
                  % {"time": _time(assembly.closed_at)}))
    lines.append(("h", _("Members present")))
    lines.append(("list", [member.name for member in record.present] or ["—"]))
    lines.append(("h", _("Members represented")))
    lines.append(("list", [_("%(giver)s, by %(holder)s") % {"giver": giver.name, "holder": holder}
                           for giver, holder in record.represented] or ["—"]))
    for role, name, signed in ((_("The president of the session"), assembly.president_name,
                                assembly.president_signed_on),
                               (_("The secretary of the session"), assembly.secretary_name,
                                assembly.secretary_signed_on)):
        lines.append(("p", f"{role} : {name} — " + (_("signed on %(date)s") % {"date": formats.date_format(signed)}
                                                     if signed else _("not signed yet"))))
    if record.prefecture:
        lines.append(("p", _("To declare to the préfecture by %(date)s: %(what)s.")
                      % {"date": formats.date_format(assembly.prefecture_deadline()),
                         "what": ", ".join(record.prefecture_reasons)}))
    return lines
