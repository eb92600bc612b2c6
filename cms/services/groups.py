from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from ..models import OrganisationPage

NAME_MAX = Group._meta.get_field("name").max_length


def _group_of(organisation: OrganisationPage) -> tuple[Group | None, str]:
    """The organisation's group, found by the organisation's id at the end of
    its name, and the name it should have now. Never by the title alone: an
    organisation's staff may rename it after another, whose group (and its
    page permissions) the next role accepted there would otherwise join."""
    tag = f"[#{organisation.pk}]"
    label = _("Communication – %s") % organisation.title
    name = f"{label[:NAME_MAX - len(tag) - 1]} {tag}"
    group = Group.objects.filter(name__endswith=f" {tag}").first()
    if group is None:
        # A group made before the id was in its name: the one named after the
        # title that already holds this organisation's page permissions.
        group = Group.objects.filter(name=label, page_permissions__page=organisation).first()
    return group, name


def organisation_editors_group(organisation: OrganisationPage) -> Group:
    """The communication staff of one organisation: they edit and publish its
    pages, and no other organisation's."""
    group, name = _group_of(organisation)
    if group is None:
        group = Group.objects.create(name=name)
    elif group.name != name:  # the organisation was renamed
        group.name = name
        group.save(update_fields=["name"])
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
