"""The admin guard: every view of the Wagtail admin asks it first.

config/urls.py wraps all of Wagtail's admin URL patterns (its own and those
our hooks add) with `guard`. For a signed-in person who is not a superuser,
the guard looks the view up in the table (table.py) and applies its
decision: superusers only, or the objects named in the URL must be in the
person's organisations, or nothing to check because the view shows no
organisation's data or filters its lists itself. A view with no decision is
refused: a new admin view is closed until someone decides how it is scoped.
Anonymous visitors go through Wagtail's own door (the sign-in).

The lists themselves are filtered further in: Wagtail's page permissions
(which the organisation groups give), the models' organisation policies
(policies.py), the page chooser hook (wagtail_hooks.py)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import Page, Revision, TaskState
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .pages import is_superuser, pages_in_scope
from .policies import organisation_policy

# What a decision says about a view, for the table and the tests.
SUPERUSER = "superusers only"
OPEN = "shows no organisation's data"
OWN = "the person's own account and preferences"
PAGES = "pages of the person's organisations"
ORGANISATION = "objects of the person's organisations"
VIEW = "the view checks the person's organisation role itself"


@dataclass(frozen=True)
class Decision:
    kind: str
    reason: str
    checks: tuple[Callable, ...] = field(default=())

    def enforce(self, request, kwargs) -> None:
        if self.kind == SUPERUSER:
            raise PermissionDenied
        for check in self.checks:
            if not check(request, kwargs):
                raise Http404


# The checks: each answers whether the objects named by the request are the
# person's (a refusal is a 404, so that nobody learns what exists elsewhere).


def page(*names: str, ancestors: bool = False) -> Callable:
    """The page ids in these URL arguments are in the person's organisations."""

    def check(request, kwargs):
        return pages_in_scope(request.user, [kwargs[name] for name in names if name in kwargs], ancestors=ancestors)

    check.__doc__ = f"pages {', '.join(names)}{' (or above them)' if ancestors else ''}"
    return check


def page_ids_in_query(*, ancestors: bool = False) -> Callable:
    """The pages named by `id` (and `childOf`) in the query string."""

    def check(request, kwargs):
        ids = [pk for pk in request.GET.getlist("id") if pk != "all"] + request.GET.getlist("childOf")
        return pages_in_scope(request.user, ids, ancestors=ancestors)

    return check


def posted_pages(*names: str) -> Callable:
    """The pages these fields of a POST name are the person's: Wagtail's
    form would refuse another's, but show its title back with the error."""

    def check(request, kwargs):
        if request.method != "POST":
            return True
        return pages_in_scope(request.user, [request.POST[name] for name in names if request.POST.get(name)])

    return check


def _page_of(model, pk) -> list:
    """The page a revision, workflow or task state is about ([] for none)."""
    try:
        if model is TaskState:
            row = TaskState.objects.select_related("workflow_state").get(pk=int(pk)).workflow_state
        else:
            row = model.objects.get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError):
        return [None]
    if not issubclass(row.base_content_type.model_class() or object, Page):
        return [None]
    return [row.object_id]


def page_of(name: str, model) -> Callable:
    """The revision, workflow state or task state in this URL argument is
    about a page of the person's organisations."""

    def check(request, kwargs):
        if name not in kwargs or kwargs[name] in ("live", "earliest", "latest"):
            return True
        return pages_in_scope(request.user, _page_of(model, kwargs[name]))

    return check


def revisions(*names: str) -> Callable:
    checks = [page_of(name, Revision) for name in names]
    return lambda request, kwargs: all(check(request, kwargs) for check in checks)


def _scoped(model, user, ids) -> bool:
    if issubclass(model, Page):
        return pages_in_scope(user, ids)
    policy = organisation_policy(model)
    if policy is None:
        return False
    wanted = {unquote(str(pk)) for pk in ids}
    found = policy.instances_user_has_any_permission_for(user, ["change"]).filter(pk__in=wanted).count()
    return found == len(wanted)


def objects(model_label: str, name: str = "pk") -> Callable:
    """The object in this URL argument (and the `id`s of the query string)
    is among those the model's organisation policy gives the person."""

    def check(request, kwargs):
        ids = [kwargs[name]] if name in kwargs else request.GET.getlist("id")
        return _scoped(apps.get_model(model_label), request.user, ids)

    return check


def model_object(request, kwargs) -> bool:
    """Views naming a model and an object in the URL (editing sessions, bulk
    actions): a page, or an object with an organisation policy, of the
    person's organisations; any other model is for superusers."""
    try:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except (LookupError, KeyError):
        return False
    if not issubclass(model, Page) and organisation_policy(model) is None:
        raise PermissionDenied
    if "object_id" in kwargs:
        return _scoped(model, request.user, [kwargs["object_id"]])
    ids = [pk for pk in request.GET.getlist("id") if pk != "all"]
    if issubclass(model, Page):
        if "all" in request.GET.getlist("id") and not request.GET.get("childOf"):
            return False  # "all" is every page of the site to Wagtail, not the listing's
        ids += request.GET.getlist("childOf")
    return _scoped(model, request.user, ids) if ids else True


# The guard.


def decision_for(resolver_match, table) -> Decision | None:
    return table.get(resolver_match.view_name) or table.get(resolver_match.route)


def guard(view, table):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_superuser(user):
            decision = decision_for(request.resolver_match, table)
            if decision is None:
                raise PermissionDenied  # not decided yet: closed
            decision.enforce(request, kwargs)
        return view(request, *args, **kwargs)

    guarded.admin_guarded = True
    return guarded


def guard_admin_urls(urlpatterns, table):
    """Wrap every view of Wagtail's admin URL patterns (once)."""

    def decorate(view):
        return view if getattr(view, "admin_guarded", False) else guard(view, table)

    return decorate_urlpatterns(urlpatterns, decorate)
