"""What the demo organisations share of their bilan (the `bilan` section of
cms/demo_data/*.yaml): demo settings, as the staff would choose them."""

from cms.models import OrganisationPage

from .models import BilanSharing


def demo_data_load(*, organisation, data: dict) -> list[str]:
    settings = data.get("bilan") or {}
    if not settings:
        return []
    BilanSharing.objects.get_or_create(organisation=organisation,
                                       defaults={"public": bool(settings.get("public")), "level": "rien"})
    for member in OrganisationPage.objects.child_of(organisation):
        if settings.get("members_share"):
            BilanSharing.objects.get_or_create(organisation=member, defaults={"level": settings["members_share"]})
    return ["bilan sharing set"]
