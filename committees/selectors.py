"""Reads for committees and their meetings, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from cms.models import OrganisationPage
from cms.searching import HITS_PER_SOURCE, hit, words_q
from cms.selectors import organisation_plan_items
from cms.sitemaps import public_organisations_q
from cms.visibility import public_q
from participation import roles as organisation_roles
from participation.models import User
from participation.predicates import is_verified

from . import roles
from .models import (
    Committee,
    CommitteeMember,
    CommitteeMemberStatus,
    CommitteePlanItem,
    ContentVisibility,
    Meeting,
    MeetingAttendance,
    MembershipPolicy,
)

FEED_PAST_DAYS = 180
FEED_MAX_EVENTS = 500


def committee_by_slugs(organisation_slug: str, slug: str) -> Committee | None:
    return (Committee.objects.select_related("organisation")
            .filter(organisation__slug=organisation_slug, slug=slug).first())


def committee_plan_item_choices(committee: Committee) -> list[Page]:
    return organisation_plan_items(committee.organisation)


@dataclass
class CommitteeAccess:
    """What one person may see and do in one committee, worked out once per
    page instead of once per button."""

    seat: CommitteeMember | None = None
    is_staff: bool = False
    can_view: bool = False
    can_manage: bool = False
    can_join: bool = False
    can_request: bool = False
    can_answer_meetings: bool = False

    @property
    def is_member(self) -> bool:
        return self.seat is not None and self.seat.status == CommitteeMemberStatus.ACCEPTED

    @property
    def is_pending(self) -> bool:
        return self.seat is not None and self.seat.status == CommitteeMemberStatus.PENDING


def committee_access(user: User, committee: Committee) -> CommitteeAccess:
    """The person's seat and rights in two or three queries, where asking
    each rule would read the seat again each time. The same rules as
    participation/rules.py (a test compares them, person by person); the
    services check the rules themselves, these flags only decide what the
    page shows."""

    if not user.is_authenticated:
        return CommitteeAccess(can_view=committee.is_public)
    seat = CommitteeMember.objects.filter(committee=committee, user=user).first()  # pending or declined, too
    is_member = roles.is_member(user, committee)
    verified = is_verified(user)
    return CommitteeAccess(
        seat=seat,
        is_staff=organisation_roles.is_staff(user, committee.organisation_id),
        can_view=roles.can_view_content(user, committee),
        can_manage=roles.can_manage(user, committee),
        can_join=verified and not is_member and committee.membership_policy == MembershipPolicy.OPEN,
        can_request=verified and not is_member and committee.membership_policy == MembershipPolicy.ON_REQUEST,
        can_answer_meetings=verified and is_member,
    )


def committee_plan_links(committee: Committee) -> list[CommitteePlanItem]:
    """The plan items it pilots or follows, with their page's own type and
    plan (for the URL and the level name), in plan order."""
    links = list(CommitteePlanItem.objects.filter(public_q("page__"), committee=committee, page__live=True)
                 .select_related("page"))
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[link.page_id for link in links]).specific()}
    for link in links:
        link.item = specific.get(link.page_id, link.page)
    return links


def committee_detail(committee: Committee, access: CommitteeAccess) -> dict:
    """Everything the committee page shows; the content only when allowed."""
    now = timezone.now()
    counts = CommitteeMember.objects.filter(committee=committee).aggregate(
        members=Count("pk", filter=Q(status=CommitteeMemberStatus.ACCEPTED)),
        pending=Count("pk", filter=Q(status=CommitteeMemberStatus.PENDING)),
    )
    listed = list(CommitteeMember.objects.accepted().filter(committee=committee, listed=True)
                  .select_related("user").order_by("role", "user__display_name", "user__username"))
    context = {
        "committee": committee,
        "access": access,
        "member_count": counts["members"],
        "pending_count": counts["pending"] if access.can_manage else 0,
        "listed_members": listed,
        "unlisted_count": counts["members"] - len(listed),
        "plan_links": committee_plan_links(committee),
        "upcoming": [],
        "past": [],
    }
    if access.can_view:
        meetings = Meeting.objects.filter(committee=committee)
        context["upcoming"] = meetings_with_my_answer(meetings.upcoming(now)[:10], access)
        context["past"] = list(meetings.past(now).filter(cancelled_at__isnull=True)[:10])
    return context


def meetings_with_my_answer(meetings, access: CommitteeAccess) -> list[Meeting]:
    meetings = list(meetings)
    answers = {}
    if access.is_member and meetings:
        answers = dict(MeetingAttendance.objects.filter(meeting__in=meetings, user_id=access.seat.user_id)
                       .values_list("meeting_id", "answer"))
    for meeting in meetings:
        meeting.my_answer = answers.get(meeting.pk, "")
    return meetings


def committee_members_for_management(committee: Committee) -> dict:
    seats = list(CommitteeMember.objects.filter(committee=committee)
                 .exclude(status=CommitteeMemberStatus.DECLINED)
                 .select_related("user", "decided_by").order_by("status", "role", "user__display_name"))
    return {
        "requests": [seat for seat in seats if seat.status == CommitteeMemberStatus.PENDING],
        "seats": [seat for seat in seats if seat.status == CommitteeMemberStatus.ACCEPTED],
    }


def organisation_committees(organisation: OrganisationPage) -> list[Committee]:
    """The organisation's committees with their number of members."""
    return list(Committee.objects.filter(organisation=organisation)
                .annotate(member_count=Count("members", filter=Q(members__status=CommitteeMemberStatus.ACCEPTED)))
                .order_by("sort_order", "name"))


def committee_index(kind: str = "", organisation_slug: str = "") -> list[tuple[OrganisationPage, list[Committee]]]:
    """Every committee, grouped by organisation in the site's order."""
    committees = (Committee.objects.select_related("organisation").filter(organisation__live=True)
                  .annotate(member_count=Count("members", filter=Q(members__status=CommitteeMemberStatus.ACCEPTED)))
                  .order_by("organisation__path", "sort_order", "name"))
    if kind:
        committees = committees.filter(kind=kind)
    if organisation_slug:
        committees = committees.filter(organisation__slug=organisation_slug)
    groups: dict[int, tuple[OrganisationPage, list[Committee]]] = {}
    for committee in committees:
        groups.setdefault(committee.organisation_id, (committee.organisation, []))[1].append(committee)
    return list(groups.values())


def meeting_for_view(pk: int) -> Meeting:
    return Meeting.objects.select_related("committee__organisation", "minutes_by").get(pk=pk)


def meeting_detail(meeting: Meeting, access: CommitteeAccess) -> dict:
    attendances = list(MeetingAttendance.objects.filter(meeting=meeting).select_related("user")
                       .order_by("user__display_name", "user__username"))
    mine = next((a for a in attendances if access.seat and a.user_id == access.seat.user_id), None)
    counts = {answer: sum(1 for a in attendances if a.answer == answer) for answer in ("oui", "peut_etre", "non")}
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "access": access,
        "documents": list(meeting.documents.all()),
        "attendances": attendances if access.can_manage else [],
        "present": [a.user for a in attendances if a.present],
        "answer_counts": counts,
        "my_answer": mine.answer if mine else "",
        "is_over": meeting.ends_at < timezone.now(),
        "has_started": meeting.starts_at <= timezone.now(),
    }


def minutes_members(meeting: Meeting) -> list[tuple[int, str]]:
    """The committee's members, for ticking who was present."""
    seats = (CommitteeMember.objects.accepted().filter(committee_id=meeting.committee_id)
             .select_related("user").order_by("user__display_name", "user__username"))
    return [(seat.user_id, str(seat.user)) for seat in seats]


def my_committees(user: User) -> dict:
    now = timezone.now()
    seats = list(CommitteeMember.objects.filter(user=user).exclude(status=CommitteeMemberStatus.DECLINED)
                 .select_related("committee__organisation").order_by("committee__organisation__path",
                                                                       "committee__name"))
    member_of = [seat.committee_id for seat in seats if seat.status == CommitteeMemberStatus.ACCEPTED]
    meetings = list(Meeting.objects.upcoming(now).filter(committee_id__in=member_of)
                    .select_related("committee__organisation")[:20])
    answers = dict(MeetingAttendance.objects.filter(meeting__in=meetings, user=user)
                   .values_list("meeting_id", "answer"))
    for meeting in meetings:
        meeting.my_answer = answers.get(meeting.pk, "")
    return {
        "seats": [seat for seat in seats if seat.status == CommitteeMemberStatus.ACCEPTED],
        "requests": [seat for seat in seats if seat.status == CommitteeMemberStatus.PENDING],
        "meetings": meetings,
    }


def _feed(meetings):
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return list(meetings.filter(ends_at__gte=since).select_related("committee__organisation")
                .order_by("starts_at", "pk")[:FEED_MAX_EVENTS])


def committee_feed(committee: Committee) -> list[Meeting]:
    return _feed(Meeting.objects.filter(committee=committee))


def organisation_feed(organisation: OrganisationPage) -> list[Meeting]:
    """The public meetings of an organisation and of the organisations
    within it: for a cooperation, the calendar its maisons share."""
    return _feed(Meeting.objects.public().filter(committee__organisation__path__startswith=organisation.path))


def person_feed(user: User) -> list[Meeting]:
    """The meetings of the committees someone sits in, members-only included."""
    return _feed(Meeting.objects.filter(
        committee__members__user=user, committee__members__status=CommitteeMemberStatus.ACCEPTED))


def plan_item_committees(page: Page) -> list[CommitteePlanItem]:
    """The committees piloting or following a plan item."""
    return list(CommitteePlanItem.objects.filter(page=page).select_related("committee__organisation")
                .order_by("relation", "committee__name"))


def search_committees(words: list[str]) -> list:
    """Comités with every word in their public part: their name and
    description, which their page shows to anyone (cms/searching.py)."""
    committees = (Committee.objects.filter(public_organisations_q(), words_q(words, ("name", "description")))
                  .select_related("organisation")
                  .order_by("organisation__path", "sort_order", "name")[:HITS_PER_SOURCE])
    return [hit(title=committee.name, url=committee.get_absolute_url(), context=committee.organisation.title,
                text=committee.description, words=words) for committee in committees]


def search_meetings(words: list[str]) -> list:
    """Meetings of public comités with every word (cms/searching.py)."""
    meetings = (Meeting.objects.public().filter(public_organisations_q("committee__organisation__"),
                                                words_q(words, ("title", "agenda", "place")))
                .select_related("committee__organisation").order_by("-starts_at", "-pk")[:HITS_PER_SOURCE])
    return [hit(title=meeting.title, url=meeting.get_absolute_url(),
                context=f"{meeting.committee.name} · {timezone.localtime(meeting.starts_at):%d/%m/%Y}",
                text=meeting.agenda, words=words) for meeting in meetings]


WHATS_ON_DAYS = 14


def upcoming_meetings(scope, user, now) -> list[Meeting]:
    """"En ce moment": the meetings of the next two weeks whose comité's
    content this person may see (public, or they sit in it, or they are its
    organisation's staff: roles.can_view_content), in the scope."""
    from participation.whats_on import LIMIT

    seen = Q(committee__visibility=ContentVisibility.PUBLIC)
    if user.is_authenticated and user.is_active:
        seen |= Q(committee_id__in=roles.committee_ids(user))
        seen |= Q(committee__organisation_id__in=organisation_roles.staff_organisation_ids(user))
    meetings = Meeting.objects.upcoming(now).filter(seen, scope.q("committee__organisation__"),
                                                    starts_at__lt=now + timedelta(days=WHATS_ON_DAYS))
    return list(meetings.select_related("committee__organisation")[:LIMIT])


def accueil_committees(organisation: OrganisationPage, person: User) -> list[Committee]:
    """The organisation's comités a person at the accueil may ask to join
    (on request) or join (open), leaving out those they sit in or asked."""
    seated = CommitteeMember.objects.filter(user=person, status__in=[CommitteeMemberStatus.ACCEPTED,
                                                                     CommitteeMemberStatus.PENDING])
    return list(Committee.objects.filter(organisation=organisation, membership_policy__in=[
        MembershipPolicy.OPEN, MembershipPolicy.ON_REQUEST]).exclude(pk__in=seated.values("committee_id"))
        .order_by("sort_order", "name"))
