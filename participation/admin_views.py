"""The moderation queue in the Wagtail admin.

Staff of an organisation (salarié·es, administrateur·rices) see the comments
of their organisations only: those awaiting approval, those reported, those
hidden, and the log of what moderators did. Superusers see every
organisation. The services check the same rule again on every action.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.models import Page

from cms.models import OrganisationPage

from .models import (
    Comment,
    CommentReport,
    ModerationAction,
    ModerationEvent,
    ModerationPolicy,
)
from .selectors.comments import moderation_queue
from .selectors.moderation import (
    comment_targets,
    moderated_organisations,
    moderation_tab_counts,
)
from .services import comment_moderate, moderation_policy_set

STATES = {
    "pending": pgettext_lazy("moderation tab", "Awaiting approval"),
    "reported": pgettext_lazy("moderation tab", "Reported"),
    "published": pgettext_lazy("moderation tab", "Published"),
    "hidden": pgettext_lazy("moderation tab", "Hidden"),
    "log": pgettext_lazy("moderation tab", "Log"),
}
# Which tab shows the form of each action.
FORM_TABS = {
    ModerationAction.APPROVE: {"pending"},
    ModerationAction.HIDE: {"pending", "reported", "published"},
    ModerationAction.RESTORE: {"hidden"},
    ModerationAction.DISMISS: {"reported"},
}
PER_PAGE = 20
LOG_PER_PAGE = 50
TEMPLATE = "participation/admin/moderation.html"
FORBIDDEN_TEMPLATE = "participation/admin/moderation_forbidden.html"

def _target_url(target, request) -> str:
    if isinstance(target, Page):
        return target.get_url(request=request) or ""
    return target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""


class LogPaginator(WagtailPaginator):
    verbose_name = gettext_lazy("moderation event")
    verbose_name_plural = gettext_lazy("moderation events")


@dataclass
class Row:
    """A comment with the page it was posted on, for the queue and the log."""

    comment: Comment
    target_title: str = ""
    url: str = ""


def _rows(comments, request) -> list[Row]:
    targets = comment_targets(comments)
    rows = []
    for comment in comments:
        target = targets.get((comment.content_type_id, comment.object_pk))
        if target is None:
            rows.append(Row(comment))
            continue
        url = _target_url(target, request)
        rows.append(Row(comment, str(getattr(target, "title", target)), f"{url}#comment-{comment.pk}" if url else ""))
    return rows


# Views -----------------------------------------------------------------------


def moderation(request):
    """The queue (GET), and the moderators' actions on it (POST, then back to
    the same tab and page).

    A refusal is a 403 page here, not Wagtail's redirect to the dashboard: a
    moderator who followed a stale link should see why nothing happened."""
    try:
        return _moderation(request)
    except PermissionDenied:
        return TemplateResponse(request, FORBIDDEN_TEMPLATE, {"page_title": _("Moderation")}, status=403)


def _moderation(request):
    organisations = list(moderated_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    organisation = _selected(request, organisations)
    if request.method == "POST":
        if request.POST.get("form") == "policy":
            return _policy_set(request, organisation)
        return _comment_moderate(request, organisations, organisation)
    return _render(request, organisations, organisation)


def _selected(request, organisations) -> OrganisationPage | None:
    """The organisation chosen in the filter; None means all of one's own.
    Naming someone else's organisation is refused."""
    wanted = request.GET.get("organisation", "")
    if not wanted:
        return organisations[0] if len(organisations) == 1 else None
    for organisation in organisations:
        if str(organisation.pk) == wanted:
            return organisation
    raise PermissionDenied


def _comment_moderate(request, organisations, organisation):
    try:
        comment = Comment.objects.select_related("organisation").get(pk=int(request.POST.get("comment", "")))
    except (ValueError, Comment.DoesNotExist) as error:
        raise Http404 from error
    if not request.user.has_perm("participation.moderate_comment", comment):
        raise PermissionDenied
    action, reason = request.POST.get("action", ""), request.POST.get("reason", "")
    try:
        comment_moderate(comment=comment, moderator=request.user, action=action, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        failed = {"comment": comment.pk, "action": action, "reason": reason, "errors": error.messages}
        return _render(request, organisations, organisation, failed=failed)
    messages.success(request, _done_message(action))
    return redirect(request.get_full_path())


def _done_message(action: str) -> str:
    return {
        ModerationAction.APPROVE: _("Comment approved: everyone can read it now."),
        ModerationAction.HIDE: _("Comment hidden: its page now says it was hidden by the moderators."),
        ModerationAction.RESTORE: _("Comment restored: everyone can read it again."),
        ModerationAction.DISMISS: _("Reports dismissed: the comment stays published."),
    }[action]


def _policy_set(request, organisation):
    if organisation is None:
        raise Http404  # the form is only shown with one organisation chosen
    pre_moderation = request.POST.get("pre_moderation") == "1"
    moderation_policy_set(organisation=organisation, moderator=request.user, pre_moderation=pre_moderation)
    if pre_moderation:
        message = _("Comments on %(organisation)s now wait for a moderator's approval before they are published.")
    else:
        message = _("Comments on %(organisation)s are now published at once and moderated afterwards.")
    messages.success(request, message % {"organisation": organisation.title})
    return redirect(request.get_full_path())


def _render(request, organisations, organisation, *, failed=None):
    scope = [organisation.pk] if organisation else [o.pk for o in organisations]
    counts = moderation_tab_counts(scope)
    state = request.GET.get("state", "")
    if state not in STATES:  # open on what waits: pending first, then reported
        state = "reported" if not counts.get("pending") and counts.get("reported") else "pending"
    context = {
        "page_title": _("Moderation"),
        "organisations": organisations,
        "organisation": organisation,
        "state": state,
        "state_label": STATES[state],
        "tabs": [(key, label, counts.get(key)) for key, label in STATES.items()],
        "failed": failed or {},
        "pre_moderation": organisation is not None
        and ModerationPolicy.objects.filter(organisation=organisation, pre_moderation=True).exists(),
    }
    page = _log_page(request, scope, context) if state == "log" else _queue_page(request, scope, state, context)
    if failed:
        # Another moderator may have acted first and the comment left this
        # tab: the typed reason is then shown above the list, not lost.
        failed["in_list"] = state in FORM_TABS.get(failed["action"], ()) and any(
            row.comment.pk == failed["comment"] for row in context.get("rows", ())
        )
    context.update(items=page, elided_page_range=page.paginator.get_elided_page_range(page.number))
    return TemplateResponse(request, TEMPLATE, context)


def _queue_page(request, scope, state, context):
    queue = moderation_queue(organisations=scope, state=state)
    if state == "reported":
        open_reports = CommentReport.objects.filter(resolved_at__isnull=True).order_by("created_at")
        queue = queue.prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
    page = WagtailPaginator(queue, PER_PAGE).get_page(request.GET.get("p"))
    context["rows"] = _rows(page, request)
    return page


def _log_page(request, scope, context):
    events = ModerationEvent.objects.filter(organisation__in=scope).select_related(
        "moderator", "organisation", "comment__user"
    )
    page = LogPaginator(events, LOG_PER_PAGE).get_page(request.GET.get("p"))
    rows = {row.comment.pk: row for row in _rows([event.comment for event in page if event.comment], request)}
    context["events"] = [(event, rows.get(event.comment_id)) for event in page]
    return page
