"""Comités written from the structured demo and plan files
(cms/demo_data/*.yaml, `committees` section): found again by slug."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from cms.models import OrganisationPage
from cms.selectors import organisation_plan_items

from ..models import Committee, CommitteePlanItem, ContentVisibility, MembershipPolicy, PlanItemRelation


@transaction.atomic
def committees_upsert(*, organisation: OrganisationPage, committees: list[dict]) -> list[Committee]:
    """Create or update an organisation's committees, found again by slug.
    An entry may belong to one of its member organisations (`organisation:`
    and the member's slug), as the maisons of a cooperation. The policy,
    visibility and plan items are set on creation only: afterwards they are
    the animators' to change."""
    saved = []
    for order, data in enumerate(committees):
        owner = organisation
        if data.get("organisation"):
            owner = OrganisationPage.objects.child_of(organisation).get(slug=data["organisation"])
        slug = slugify(data["name"])[:200]
        committee = Committee.objects.filter(organisation=owner, slug=slug).first()
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "description": (data.get("description") or "").strip(),
            "sort_order": order,
        }
        created = committee is None
        if created or any(getattr(committee, k) != v for k, v in values.items()):
            committee = committee or Committee(
                organisation=owner, slug=slug,
                membership_policy=data.get("membership_policy") or MembershipPolicy.ON_REQUEST,
                visibility=data.get("visibility") or ContentVisibility.PUBLIC,
            )
            for name, value in values.items():
                setattr(committee, name, value)
            committee.full_clean()
            committee.save()
        if created:
            _committee_plan_items_load(committee, data)
        saved.append(committee)
    return saved


def _committee_plan_items_load(committee: Committee, data: dict) -> None:
    """Plan items named by their number ("1.2.1") or their title."""
    wanted = {PlanItemRelation.PILOTS: data.get("pilots") or [], PlanItemRelation.FOLLOWS: data.get("follows") or []}
    if not any(wanted.values()):
        return
    items = organisation_plan_items(committee.organisation)
    for relation, names in wanted.items():
        for name in names:
            page = next((item for item in items if str(name) in (item.number, item.title)), None)
            if page is None:
                raise ValidationError(f"{committee.name}: no plan item numbered or titled “{name}”.")
            CommitteePlanItem.objects.get_or_create(committee=committee, page=page, defaults={"relation": relation})
