from django import template

from participation.models import Committee

register = template.Library()


@register.inclusion_tag("participation/_organisation_committees.html")
def organisation_committees(organisation):
    """The comités and governance bodies of an organisation, by kind."""
    groups: dict[str, list[Committee]] = {}
    for committee in Committee.objects.filter(organisation=organisation).order_by("sort_order", "name"):
        groups.setdefault(committee.get_kind_display(), []).append(committee)
    return {"groups": groups}
