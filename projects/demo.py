"""The organisations' partners, rooms and equipment, and a few residents'
projects, from the `resources`, `partners` and `projects` sections of
cms/demo_data/*.yaml. Idempotent: what exists is left as it is."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import ActionPage

from .models import (
    Domain,
    EventKind,
    HelpOffer,
    Partner,
    Project,
    ProjectAuthor,
    ProjectEvent,
    ProjectPartner,
    ProjectStatus,
    Resource,
    Support,
)


def _person(email: str):
    return get_user_model().objects.get(email=email)


def _action(organisation, title: str) -> ActionPage:
    return ActionPage.objects.get(plan__path__startswith=organisation.path, title=title)


def resources_load(organisation, rows: list[dict]) -> int:
    created = 0
    for row in rows:
        __, is_new = Resource.objects.get_or_create(
            organisation=organisation, kind=row["kind"], name=row["name"],
            defaults={"description": row.get("description", ""), "capacity": row.get("capacity")},
        )
        created += is_new
    return created


def partners_load(organisation, rows: list[dict]) -> int:
    created = 0
    for row in rows:
        fields = {key: row.get(key, "") for key in ("description", "website", "contact_name", "contact_email",
                                                     "contact_phone")}
        partner, is_new = Partner.objects.get_or_create(
            organisation=organisation, name=row["name"],
            defaults={"kind": row["kind"], "convention_status": row["convention_status"], **fields},
        )
        if is_new:
            partner.domains.set(Domain.objects.filter(slug__in=row.get("domains", [])))
            partner.actions.set([_action(organisation, title) for title in row.get("actions", [])])
            created += 1
    return created


def projects_load(organisation, rows: list[dict]) -> int:
    created = 0
    now = timezone.now()
    for age, row in enumerate(reversed(rows)):
        if Project.objects.filter(organisation=organisation, title=row["title"]).exists():
            continue
        author = _person(row["author"])
        submitted = now - timedelta(days=7 * (age + 1))
        project = Project.objects.create(
            organisation=organisation, created_by=author, title=row["title"], summary=row["summary"],
            description=row["description"], quartier=row.get("quartier", ""), status=row["status"],
            volunteers_wanted=row.get("volunteers_wanted"), budget_amount=row.get("budget_amount"),
            submitted_at=submitted, answer=row.get("answer", ""),
            answered_at=submitted + timedelta(days=3) if row.get("answer") else None,
        )
        project.plan_items.set([_action(organisation, title) for title in row.get("actions", [])])
        project.resources.set(Resource.objects.filter(organisation=organisation, name__in=row.get("resources", [])))
        project.skills.set(Domain.objects.filter(slug__in=row.get("skills", [])))
        ProjectAuthor.objects.create(project=project, user=author, accepted=True, accepted_at=submitted)
        for email in row.get("co_authors", []):
            ProjectAuthor.objects.create(project=project, user=_person(email), invited_by=author, accepted=True,
                                         accepted_at=submitted)
        ProjectEvent.objects.create(project=project, kind=EventKind.STATUS, actor=author,
                                    from_status=ProjectStatus.DRAFT, to_status=ProjectStatus.SUBMITTED)
        if row["status"] != ProjectStatus.SUBMITTED:
            ProjectEvent.objects.create(project=project, kind=EventKind.STATUS, actor=_person(row["answered_by"]),
                                        from_status=ProjectStatus.SUBMITTED, to_status=row["status"],
                                        message=row.get("answer", ""))
        for email in row.get("supporters", []):
            Support.objects.create(project=project, user=_person(email))
        for email, message in row.get("helpers", {}).items():
            HelpOffer.objects.create(project=project, user=_person(email), message=message)
        for name in row.get("partners", []):
            partner = Partner.objects.get(organisation=organisation, name=name)
            ProjectPartner.objects.create(project=project, partner=partner, linked_by=_person(row["answered_by"]))
            ProjectEvent.objects.create(project=project, kind=EventKind.PARTNER, actor=_person(row["answered_by"]),
                                        message=partner.name)
        # Dated as if it had happened over the past weeks.
        project.events.update(created_at=submitted)
        Project.objects.filter(pk=project.pk).update(created_at=submitted - timedelta(days=1))
        created += 1
    return created


def demo_data_load(*, organisation, data: dict) -> list[str]:
    lines = []
    for key, load, label in (("resources", resources_load, "rooms and equipment"),
                             ("partners", partners_load, "partners"),
                             ("projects", projects_load, "residents' projects")):
        if data.get(key):
            count = load(organisation, data[key])
            lines.append(f"{count} {label} created" if count else f"{label} unchanged")
    return lines
