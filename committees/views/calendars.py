"""iCalendar feeds: a committee's, an organisation's (with the organisations
within it: the shared calendar of a cooperation's maisons), one meeting, and
each person's private feed of their own committees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import OrganisationPage
from participation.models import User

from ..calendar import calendar_build
from ..selectors import committee_feed, organisation_feed, person_feed
from ..services import calendar_token_reset
from .committees import committee_or_404
from .meetings import meeting_or_404


def _ics(request, *, meetings, name: str, filename: str, private: bool) -> HttpResponse:
    body = calendar_build(meetings=meetings, name=name, base_url=request.build_absolute_uri("/").rstrip("/"),
                          domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response


def committee_calendar(request, organisation_slug: str, slug: str):
    """Public for a public committee; a members-only committee's feed is for its
    members, signed in (their private link works in calendar apps)."""
    committee = committee_or_404(organisation_slug, slug)
    if not request.user.has_perm("committees.view_committee_content", committee):
        raise Http404
    return _ics(request, meetings=committee_feed(committee), name=f"{committee.name} · {committee.organisation.title}",
                filename=f"{committee.organisation.slug}-{committee.slug}", private=not committee.is_public)


def organisation_calendar(request, slug: str):
    organisation = OrganisationPage.objects.live().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return _ics(request, meetings=organisation_feed(organisation), name=organisation.title, filename=slug,
                private=False)


def meeting_calendar(request, pk: int):
    meeting = meeting_or_404(request, pk)
    return _ics(request, meetings=[meeting], name=str(meeting.committee), filename=f"reunion-{meeting.pk}",
                private=not meeting.committee.is_public)


def person_calendar(request, token: str):
    """The private link: whoever holds it sees the person's meetings, so
    it can be replaced (calendar_reset) when it has been shared by mistake."""
    user = User.objects.filter(calendar_token=token, is_active=True).first() if len(token) >= 32 else None
    if user is None:
        raise Http404
    return _ics(request, meetings=person_feed(user), name=_("My committees · Plan Commun"), filename="mes-comites",
                private=True)


@require_POST
@login_required
def calendar_reset(request):
    had_one = bool(request.user.calendar_token)
    calendar_token_reset(user=request.user)
    messages.success(request, _("Here is a new private link; the old one no longer works.") if had_one
                     else _("Here is your private calendar link."))
    return redirect("committees:my_committees")
