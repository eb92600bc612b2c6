from django.db import transaction
from django.utils.text import slugify

from cms.models import OrganisationPage

from .models import Committee


@transaction.atomic
def committees_upsert(*, organisation: OrganisationPage, committees: list[dict]) -> list[Committee]:
    """Create or update an organisation's committees, found again by slug."""
    saved = []
    for order, data in enumerate(committees):
        slug = slugify(data["name"])[:200]
        committee = Committee.objects.filter(organisation=organisation, slug=slug).first()
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "description": data.get("description") or "",
            "sort_order": order,
        }
        if committee is None or any(getattr(committee, k) != v for k, v in values.items()):
            committee = committee or Committee(organisation=organisation, slug=slug)
            for name, value in values.items():
                setattr(committee, name, value)
            committee.full_clean()
            committee.save()
        saved.append(committee)
    return saved
