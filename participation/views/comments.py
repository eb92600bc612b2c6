"""Comment views: plain forms that post and redirect back to the page, so
everything works without JavaScript; the live script only fetches the
fragment of a new comment."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.views import sign_in_first

from ..commenting import target_get, target_key
from ..forms import CommentEditForm, CommentForm, CommentReportForm
from ..models import Comment, CommentReport
from ..predicates import can_view_target
from ..selectors.comments import comment_node, target_comment_counts
from ..services import comment_delete, comment_edit, comment_like, comment_post, comment_report, follow_set


def _back_to(target, comment: Comment | None = None):
    url = target.get_absolute_url()
    return redirect(f"{url}#comment-{comment.pk}" if comment else f"{url}#commentaires")


def _sign_in_first(request, target):
    """Visitors are sent to sign in, and come back to the page afterwards."""
    query = urlencode({"next": f"{target.get_absolute_url()}#commentaires"})
    return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


DRAFT_KEY = "participation.comment_draft"


def _keep_draft(request, target) -> None:
    """A visitor whose session expired keeps what they typed: it comes back
    in the form once they have signed in (the session survives sign-in)."""
    text = request.POST.get("text", "").strip()
    if text:
        request.session[DRAFT_KEY] = {"target": list(target_key(target)), "text": text[:20_000],
                                      "stance": request.POST.get("stance", "")}


def _status_of(error: ValidationError) -> int:
    return 429 if getattr(error, "code", None) == "rate_limit" else 400


def _comment_or_404(request, pk: int) -> Comment:
    """Every view reached by a comment's id starts here. Ids are sequential:
    one this person may not read (another page's members-only discussion,
    someone else's pending comment, a hidden text) is a 404, as if it did
    not exist, before anything of it is shown."""
    comment = Comment.objects.select_related("user").filter(pk=pk).first()
    if comment is None or not request.user.has_perm("participation.read_comment", comment):
        raise Http404
    return comment


def _reply_parent(request, target, pk: int) -> Comment | None:
    """The comment answered: one of this page's, that this person may read."""
    parent = Comment.objects.for_object(target).select_related("user").filter(pk=pk).first()
    if parent is None or not request.user.has_perm("participation.read_comment", parent):
        return None
    return parent


@require_http_methods(["GET", "POST"])
def post(request, content_type_id: int, object_id: int):
    target = target_get(content_type_id, object_id)
    if request.method == "GET":  # an error page reloaded, or an address typed: back to the discussion
        return _back_to(target)
    if not request.user.is_authenticated:
        _keep_draft(request, target)
        messages.info(request, _("Sign in to publish your comment: your text is kept and will be waiting for you."))
        return _sign_in_first(request, target)
    if not request.user.has_perm("participation.add_comment", target):
        raise PermissionDenied
    form = CommentForm(request.POST)
    parent, status = None, 400
    if form.is_valid():
        if form.cleaned_data["parent"]:
            parent = _reply_parent(request, target, form.cleaned_data["parent"])
        try:
            if form.cleaned_data["parent"] and parent is None:
                raise ValidationError(_("The comment you answer no longer exists."))
            comment = comment_post(user=request.user, target=target, text=form.cleaned_data["text"],
                                   stance=form.cleaned_data["stance"], parent=parent)
        except ValidationError as error:
            form.add_error(None, error)
            status = _status_of(error)
        else:
            if comment.is_public:
                messages.success(request, _("Your comment is published."))
            else:
                messages.info(request, _("Thank you. Your comment will be published once a moderator has read it."))
            return _back_to(target, comment)
    context = {"form": form, "target": target, "parent": parent, "action": "post"}
    return TemplateResponse(request, "participation/comment_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment.content_object
    if not request.user.has_perm("participation.change_comment", comment):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, initial={"text": comment.comment})
    status = 200
    if request.method == "GET" and not comment.is_editable_now():
        # An unbound form cannot carry errors: the notice goes to the page.
        messages.error(request, _("Comments can be edited for 15 minutes after posting; this one no longer can."))
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(comment=comment, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Your comment is updated."))
            return _back_to(target, comment)
    context = {"form": form, "target": target, "comment": comment, "action": "edit"}
    return TemplateResponse(request, "participation/comment_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment.content_object
    if not request.user.has_perm("participation.delete_comment", comment):
        raise PermissionDenied
    if request.method == "POST":
        comment_delete(comment=comment, user=request.user)
        messages.success(request, _("Your comment is deleted. Replies to it stay in place."))
        comment.refresh_from_db()
        # Its place stays only when replies hold it; else back to the discussion.
        return _back_to(target, comment if Comment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).exists()
                        else None)
    return TemplateResponse(request, "participation/comment_delete.html", {"comment": comment, "target": target})


@require_POST
def like(request, pk: int):
    comment = _comment_or_404(request, pk)
    if not request.user.has_perm("participation.like_comment", comment):
        raise PermissionDenied
    try:
        comment_like(comment=comment, user=request.user, like=request.POST.get("like") != "0")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back_to(comment.content_object, comment)


@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment.content_object
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    if not request.user.has_perm("participation.report_comment", comment):
        raise PermissionDenied
    if CommentReport.objects.filter(comment=comment, reporter=request.user).exists():
        messages.info(request, _("You have already reported this comment: the moderators will look at it."))
        return _back_to(target, comment)
    form = CommentReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                comment_report(comment=comment, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. The moderators will look at this comment."))
                return _back_to(target, comment)
    context = {"form": form, "target": target, "comment": comment, "action": "report"}
    return TemplateResponse(request, "participation/comment_form.html", context, status=status)


@require_GET
def fragment(request, pk: int):
    """One comment as the thread shows it to this person: what the live
    script inserts when someone else posts."""
    node = comment_node(pk, user=request.user)
    if node is None:
        raise Http404
    target = node.comment.content_object
    if not can_view_target(request.user, target):
        raise Http404
    context = {"node": node, "target": target,
               "can_contribute": request.user.has_perm("participation.add_comment", target)}
    return TemplateResponse(request, "participation/_comment.html", context)


@require_GET
def counts(request, content_type_id: int, object_id: int):
    """The discussion's counts, refreshed by the live script."""
    target = target_get(content_type_id, object_id)
    if not can_view_target(request.user, target):
        raise Http404
    return TemplateResponse(request, "participation/_comment_counts.html", target_comment_counts(target))


@require_POST
def follow(request, content_type_id: int, object_id: int):
    target = target_get(content_type_id, object_id)
    if not request.user.is_authenticated:
        return _sign_in_first(request, target)
    if not request.user.has_perm("participation.follow", target):
        raise PermissionDenied
    following = follow_set(user=request.user, target=target, follow=request.POST.get("follow") != "0")
    messages.success(request, _("You follow this page: you will be told about new comments.") if following
                     else _("You no longer follow this page."))
    return _back_to(target)
