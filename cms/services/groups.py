from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from ..models import OrganisationPage


def organisation_editors_group(organisation: OrganisationPage) -> Group:
    """The communication staff of one organisation: they edit and publish its
    pages, and no other organisation's."""
    group, _created = Group.objects.get_or_create(name=_("Communication – %s") % organisation.title)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="cms", codename__in=["add_indicator", "change_indicator", "delete_indicator"]
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=organisation, permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename)
        )
    return group
