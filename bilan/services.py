"""The bilan's writes: what a centre shares, and a new plan started as a
copy of the old one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.exporting import plan_export_data
from cms.models import OrganisationPage, PlanPage, PlanStatus
from cms.services import LoadReport, plan_upsert

from .models import BilanSharing


def sharing_set(*, user, organisation: OrganisationPage, level: str, public: bool) -> BilanSharing:
    if not user.has_perm("bilan.manage_sharing", organisation):
        raise PermissionDenied
    sharing, _created = BilanSharing.objects.get_or_create(organisation=organisation)
    sharing.level, sharing.public, sharing.changed_by = level, public, user
    sharing.full_clean()
    sharing.save()
    return sharing


def plan_copy(*, user, plan: PlanPage, title: str, first_year: int, last_year: int) -> PlanPage:
    """The plan's tree (axes, objectives, actions with their pilots, actors,
    indicators and their targets, publics and domains) as a new draft plan
    for the diagnostic of the next projet social: no status, no progress,
    no schedule, no journal, nothing published until the staff publish it."""
    organisation = plan.get_parent().specific
    if not user.has_perm("bilan.copy_plan", organisation):
        raise PermissionDenied
    data = plan_export_data(plan)["plan"]
    slug = slugify(f"{title}")[:70] or f"plan-{first_year}"
    if PlanPage.objects.child_of(organisation).filter(slug=slug).exists():
        raise ValidationError({"title": _("This organisation already has a plan with this title.")})

    def reset(items):
        for item in items:
            if item["type"] == "action":
                item.update(status="", progress=None, periods=[], is_new=False)
            reset(item.get("children") or [])

    reset(data["items"])
    data.update(slug=slug, title=title, period_start=first_year, period_end=last_year, status=PlanStatus.DRAFT,
                validation_note="", periods=[],
                history=_("Started as a copy of “%(plan)s” for the diagnostic of the next projet social.")
                % {"plan": plan.title})
    with transaction.atomic():
        copy = plan_upsert(organisation=organisation, data=data, report=LoadReport())
        # The bilan's permission decided; Wagtail's page permissions are the admin's.
        for page in copy.get_descendants(inclusive=True).live().specific():
            page.unpublish(log_action=False)
    return PlanPage.objects.get(pk=copy.pk)
