"""Reads of the member register, for the staff who keep it."""

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from ..models import RegisterMember, Subscription, VoteRight

UP_TO_DATE, LAPSED, EVERYONE = "a-jour", "a-renouveler", "tous"


def register_list(organisation, *, state: str = EVERYONE, search: str = "", day=None):
    """The members with, in the same query, whether they are up to date,
    with a vote, and their latest period's end."""
    day = day or timezone.localdate()
    current = Subscription.objects.filter(member=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    members = RegisterMember.objects.filter(organisation=organisation).select_related("user").annotate(
        up_to_date=Exists(current), with_vote=Exists(current.filter(vote=VoteRight.DELIBERATIVE)),
        paid_until=Max("subscriptions__ends_on"))
    if state == UP_TO_DATE:
        members = members.filter(up_to_date=True)
    elif state == LAPSED:
        members = members.filter(up_to_date=False)
    words = search.split()
    for word in words:
        members = members.filter(Q(name__icontains=word) | Q(email__icontains=word) | Q(number__iexact=word)
                                 | Q(phone__icontains=word))
    return members.order_by("name", "pk")


def register_counts(organisation, day=None) -> dict:
    day = day or timezone.localdate()
    members = RegisterMember.objects.filter(organisation=organisation)
    current = Q(subscriptions__starts_on__lte=day, subscriptions__ends_on__gte=day)
    return {
        "all": members.count(),
        "up_to_date": members.filter(current).distinct().count(),
        "with_vote": members.filter(current, subscriptions__vote=VoteRight.DELIBERATIVE).distinct().count(),
        "with_account": members.filter(user__isnull=False).count(),
    }


def register_entries_of(user):
    """A person's own entries, in every organisation's register."""
    if not user.is_authenticated:
        return RegisterMember.objects.none()
    return RegisterMember.objects.filter(user=user).select_related("organisation").prefetch_related("subscriptions")
