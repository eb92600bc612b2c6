"""Reads of projects and of the directory, each a fixed number of queries
whatever the number of projects."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from wagtail.models import Page

from cms.models import AxisPage, OrganisationPage
from cms.searching import HITS_PER_SOURCE, hit, words_q
from cms.selectors import organisation_plans
from cms.sitemaps import public_organisations_q
from cms.visibility import visible

from .lifecycle import allowed_targets, roles_of
from .models import (
    HelpOffer,
    NeedKind,
    Partner,
    Project,
    ProjectAuthor,
    ProjectImage,
    ProjectPartner,
    ProjectStatus,
    Resource,
    ResourceKind,
    Support,
)

PAGE_SIZE = 12
SORTS = {"recent": ("-submitted_at", "-pk"), "supports": ("-support_count", "-submitted_at", "-pk")}
NEED_FILTERS = {
    NeedKind.BUDGET: Q(budget_amount__gt=0),
    NeedKind.ROOM: Q(resources__kind=ResourceKind.ROOM),
    NeedKind.EQUIPMENT: Q(resources__kind=ResourceKind.EQUIPMENT),
    NeedKind.VOLUNTEERS: Q(volunteers_wanted__gt=0),
    NeedKind.SKILLS: Q(skills__isnull=False),
}


def organisation_by_slug(slug: str) -> OrganisationPage | None:
    return OrganisationPage.objects.live().filter(slug=slug).order_by("path").first() if slug else None


def _with_cards(queryset):
    """What a project card shows (supports, needs, first image), in the
    same query as the projects themselves."""
    through = Project.resources.through
    cover = ProjectImage.objects.filter(project=OuterRef("pk")).order_by("added_at", "pk")
    return queryset.select_related("organisation").annotate(
        support_count=Count("supports", distinct=True),
        needs_room=Exists(through.objects.filter(project=OuterRef("pk"), resource__kind=ResourceKind.ROOM)),
        needs_equipment=Exists(through.objects.filter(project=OuterRef("pk"), resource__kind=ResourceKind.EQUIPMENT)),
        needs_skills=Exists(Project.skills.through.objects.filter(project=OuterRef("pk"))),
        cover_id=Subquery(cover.values("pk")[:1]),
        cover_name=Subquery(cover.values("image")[:1]),
        cover_width=Subquery(cover.values("width")[:1]),
        cover_height=Subquery(cover.values("height")[:1]),
    )


@dataclass
class ListFilters:
    organisation: OrganisationPage | None = None
    status: str = ""
    axis: AxisPage | None = None
    quartier: str = ""
    need: str = ""
    sort: str = "recent"

    @property
    def active(self) -> bool:
        return bool(self.status or self.axis or self.quartier or self.need)


def project_list(filters: ListFilters, page_number=1):
    """A page of public projects, filtered and sorted."""
    projects = Project.objects.public()
    if filters.organisation is not None:
        projects = projects.filter(organisation=filters.organisation)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.axis is not None:
        projects = projects.filter(
            plan_items__path__startswith=filters.axis.path, plan_items__depth__gte=filters.axis.depth)
    if filters.quartier:
        projects = projects.filter(quartier__iexact=filters.quartier)
    if filters.need:
        projects = projects.filter(NEED_FILTERS[filters.need])
    ids = projects.values("pk")  # the filters may join; the cards are counted on distinct rows
    cards = _with_cards(Project.objects.filter(pk__in=ids)).order_by(*SORTS.get(filters.sort, SORTS["recent"]))
    return Paginator(cards, PAGE_SIZE).get_page(page_number)


def list_choices(organisation: OrganisationPage | None) -> dict:
    """The values the filters offer: the organisation's axes and the
    neighbourhoods its projects name."""
    public = Project.objects.public()
    if organisation is not None:
        public = public.filter(organisation=organisation)
        axes = list(visible(AxisPage.objects).filter(plan__in=organisation_plans(organisation)).order_by("path"))
    else:
        axes = []
    quartiers = sorted({q.strip() for q in public.exclude(quartier="").values_list("quartier", flat=True)},
                       key=str.casefold)
    return {"axes": axes, "quartiers": quartiers,
            "organisations": OrganisationPage.objects.live().filter(
                pk__in=Project.objects.public().values("organisation")).order_by("title")}


def project_for_view(pk: int) -> Project:
    """The project with its carriers (accepted or invited), which every
    permission check on it reads."""
    return Project.objects.select_related("organisation", "committee").prefetch_related(
        Prefetch("authors", queryset=ProjectAuthor.objects.select_related("user"))).get(pk=pk)


def project_detail(project: Project, user) -> dict:
    """Everything a project page shows to this person."""
    authors = list(project.authors.all())
    roles = roles_of(user, project)
    is_staff = "staff" in roles
    counts = project.supports.aggregate(
        total=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk)))
    context = {
        "authors": [seat for seat in authors if seat.accepted],
        "invited": [seat for seat in authors if not seat.accepted],
        "invitation": next((seat for seat in authors if not seat.accepted and seat.user_id == user.pk), None),
        "support_count": counts["total"],
        "supported": bool(counts["mine"]),
        "events": list(project.events.select_related("actor")),
        "images": list(project.images.all()),
        "attachments": list(project.attachments.all()),
        "partner_links": list(ProjectPartner.objects.filter(project=project).select_related("partner")
                              .prefetch_related("partner__domains").order_by("partner__name")),
        # Titles and links only: one query whatever the kinds of plan items.
        "plan_items": list(visible(project.plan_items.all()).order_by("path").only("id", "title", "url_path", "path")),
        "resources": list(project.resources.all()),
        "skills": list(project.skills.all()),
        "transitions": allowed_targets(user, project, roles),
        "roles": roles,
    }
    if "author" in roles or is_staff:
        context["help_offers"] = list(project.help_offers.select_related("user"))
        context["help_offer"] = next((o for o in context["help_offers"] if o.user_id == user.pk), None)
    else:
        context["help_offer"] = (HelpOffer.objects.filter(project=project, user=user).first()
                                 if user.is_authenticated else None)
    if is_staff:
        linked = {link.partner_id for link in context["partner_links"]}
        context["matching_partners"] = partners_matching(
            project, exclude=linked, skills=[skill.pk for skill in context["skills"]])
    return context


def partners_matching(project: Project, exclude=(), skills=None) -> list[Partner]:
    """The organisation's partners, those whose domains meet the project's
    needed skills first (most shared domains first), then those who
    contribute to the plan actions the project serves."""
    if skills is None:
        skills = list(project.skills.values_list("pk", flat=True))
    items = project.plan_items.all()
    partners = (
        Partner.objects.filter(organisation=project.organisation).exclude(pk__in=exclude)
        .annotate(
            shared=Count("domains", filter=Q(domains__in=skills), distinct=True),
            on_actions=Count("actions", filter=Q(actions__in=items.values("pk")), distinct=True),
        )
        .order_by("-shared", "-on_actions", "name")
    )
    return list(partners)


def projects_for_plan_item(page: Page, limit: int = 6) -> dict:
    """The public projects serving a plan item or anything below it."""
    ids = Project.objects.public().filter(
        plan_items__path__startswith=page.path, plan_items__depth__gte=page.depth).values("pk")
    projects = _with_cards(Project.objects.filter(pk__in=ids)).order_by("-submitted_at", "-pk")
    found = list(projects[: limit + 1])
    return {"projects": found[:limit], "more": len(found) > limit}


def review_list(organisation: OrganisationPage, threshold: int) -> dict:
    """The staff's desk: submitted projects that reached the support
    threshold, the others awaiting study, those being studied."""
    projects = list(_with_cards(Project.objects.filter(
        organisation=organisation, hidden_at__isnull=True,
        status__in=[ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW],
    )).select_related("committee").order_by("-support_count", "submitted_at"))
    return {
        "over_threshold": [p for p in projects if p.status == ProjectStatus.SUBMITTED
                           and p.support_count >= threshold],
        "submitted": [p for p in projects if p.status == ProjectStatus.SUBMITTED and p.support_count < threshold],
        "under_review": [p for p in projects if p.status == ProjectStatus.UNDER_REVIEW],
        "hidden": list(Project.objects.filter(organisation=organisation, hidden_at__isnull=False)
                       .order_by("-hidden_at")),
    }


def my_projects(user) -> dict:
    seats = ProjectAuthor.objects.filter(user=user).select_related("project__organisation").order_by(
        "-project__updated_at")
    return {
        "carried": [seat.project for seat in seats if seat.accepted],
        "invitations": [seat for seat in seats if not seat.accepted],
        "supported": list(Project.objects.public().filter(
            Exists(Support.objects.filter(project=OuterRef("pk"), user=user))).select_related("organisation")),
    }


def partner_directory(organisation: OrganisationPage, *, kind: str = "", domain: str = "", convention: str = ""):
    partners = Partner.objects.filter(organisation=organisation)
    if kind:
        partners = partners.filter(kind=kind)
    if domain:
        partners = partners.filter(domains__slug=domain)
    if convention:
        partners = partners.filter(convention_status=convention)
    return list(partners.distinct().prefetch_related("domains", "actions").order_by("name"))


def organisation_resources(organisation: OrganisationPage, available_only: bool = False) -> list[Resource]:
    resources = Resource.objects.filter(organisation=organisation)
    if available_only:
        resources = resources.filter(is_available=True)
    return list(resources.order_by("kind", "name"))


def export_rows(organisation: OrganisationPage):
    """Every project of the organisation but drafts, for the staff's export."""
    return (
        Project.objects.filter(organisation=organisation).exclude(status=ProjectStatus.DRAFT)
        .select_related("committee")
        .annotate(support_count=Count("supports", distinct=True), help_count=Count("help_offers", distinct=True))
        .prefetch_related(
            Prefetch("authors", queryset=ProjectAuthor.objects.filter(accepted=True).select_related("user")),
            "plan_items", "resources", "skills", Prefetch("partners", queryset=Partner.objects.order_by("name")),
        )
        .order_by("submitted_at", "pk")
    )



def search_projects(words: list[str]) -> list:
    """Projects anyone may read with every word (cms/searching.py)."""
    projects = (Project.objects.public().filter(public_organisations_q(),
                                                words_q(words, ("title", "summary", "description", "quartier")))
                .select_related("organisation").order_by("-submitted_at", "-pk")[:HITS_PER_SOURCE])
    return [hit(title=project.title, url=project.get_absolute_url(), context=project.organisation.title,
                text=f"{project.summary} {project.description}", words=words) for project in projects]


def projects_needing_support(scope, user, now) -> list[Project]:
    """"En ce moment": public projects still gathering supports (submitted,
    not yet studied), newest first, in the scope."""
    from participation.whats_on import LIMIT

    ids = Project.objects.public().filter(scope.q(), status=ProjectStatus.SUBMITTED).values("pk")
    return list(Project.objects.filter(pk__in=ids).select_related("organisation")
                .annotate(support_count=Count("supports", distinct=True))
                .order_by("-submitted_at", "-pk")[:LIMIT])


def accueil_projects(organisation, person) -> list[Project]:
    """The organisation's open projects a person at the accueil may support
    or offer to help (not theirs), with whether they already do."""
    from .models import OPEN_STATUSES

    mine = ProjectAuthor.objects.filter(user=person, accepted=True).values("project_id")
    return list(Project.objects.public().filter(organisation=organisation, status__in=OPEN_STATUSES)
                .exclude(pk__in=mine)
                .annotate(supported=Exists(Support.objects.filter(project=OuterRef("pk"), user=person)),
                          helping=Exists(HelpOffer.objects.filter(project=OuterRef("pk"), user=person)))
                .order_by("title", "pk"))


def accueil_comment_projects(organisation) -> list:
    """The organisation's public projects, for the accueil's "About" list of
    a comment."""
    from django.utils.translation import gettext as _

    from .models import Project

    projects = Project.objects.public().filter(organisation=organisation).order_by("title")
    return [(_("Residents' projects"), [(project, project.title) for project in projects])]
