"""The member register from the `register` section of cms/demo_data/*.yaml,
once the demo accounts exist; periods dated from the year of loading.
Idempotent: a member found again by number is left as it is."""

import datetime

from django.contrib.auth import get_user_model

from .models import DEFAULT_VOTE, MemberCategory, RegisterMember, Subscription
from .services.register import membership_year


def demo_data_load(*, organisation, data: dict) -> list[str]:
    created = 0
    this_year = membership_year(organisation)
    last_year = membership_year(organisation, this_year[0] - datetime.timedelta(days=1))
    for entry in data.get("register") or []:
        if RegisterMember.objects.filter(organisation=organisation, number=entry["number"]).exists():
            continue
        account = get_user_model().objects.filter(email=entry["account"]).first() if entry.get("account") else None
        member = RegisterMember.objects.create(organisation=organisation, name=entry["name"], number=entry["number"],
                                               user=account, email=account.email if account else "")
        category = entry.get("category", MemberCategory.MEMBER)
        starts_on, ends_on = last_year if entry.get("last_year") else this_year
        Subscription.objects.create(member=member, category=category, starts_on=starts_on, ends_on=ends_on,
                                    vote=DEFAULT_VOTE[category])
        created += 1
    return [f"{created} members in the register"] if created else []
