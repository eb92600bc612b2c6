import threading
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


@register.inclusion_tag("participation/_comments.html", takes_context=True)
def comments_section(context, target):
    """A page's discussion: counts, follow button, form and threads. Reads
    its sorting, stance filter and page number from the query string."""
    from participation.commenting import target_key
    from participation.forms import CommentForm
    from participation.models import Stance
    from participation.selectors.comments import comment_thread, is_following
    from participation.views.comments import DRAFT_KEY

    request = context["request"]
    user = request.user
    content_type_id, object_id = target_key(target)
    stance = request.GET.get("position", "")
    stance = stance if stance in Stance.values else ""
    thread = comment_thread(
        target, user=user, order=request.GET.get("tri", "oldest"), stance=stance,
        page=request.GET.get("commentaires", 1), preview=getattr(request, "is_preview", False),
    )
    can_contribute = user.has_perm("participation.add_comment", target)
    draft = None
    if can_contribute and request.session.get(DRAFT_KEY, {}).get("target") == [content_type_id, object_id]:
        draft = request.session.pop(DRAFT_KEY)
    return {
        "draft": draft,
        **thread,
        "request": request,
        "user": user,
        "target": target,
        "content_type_id": content_type_id,
        "object_id": object_id,
        "stances": Stance.choices,
        "can_contribute": can_contribute,
        "following": is_following(user, target),
        "form": CommentForm() if can_contribute else None,
        "csrf_token": context.get("csrf_token"),
    }


# Comment bodies as rendered, per process: what one shows depends only on
# the facts in `_body_facts`, and a page of comments is read far more often
# than it changes. Bounded, and emptied by a restart (a deploy).
_BODIES: OrderedDict = OrderedDict()
_BODIES_MAX = 4096
_BODIES_LOCK = threading.Lock()
_CSRF_MARK = "__csrf-token-of-the-request__"


def _body_facts(comment, user, can_contribute: bool) -> tuple:
    """Everything the body template reads: the comment as it stands, and of
    the reader only whether they may contribute, wrote it (and may still
    edit it), liked or reported it. Never who they are otherwise."""
    own = bool(user is not None and user.is_authenticated and comment.user_id == user.pk)
    author = comment.user
    return (
        comment.pk, comment.level, comment.stance, comment.comment, comment.submit_date, comment.edited_at,
        comment.is_public, comment.hidden_at, comment.deleted_at, comment.content_type_id, comment.object_pk,
        getattr(comment, "like_count", 0), getattr(comment, "liked", False), getattr(comment, "reported", False),
        getattr(comment, "by_staff", False), getattr(comment, "organisation_title", ""),
        (str(author), author.avatar.name if author.avatar else "") if author else None,
        can_contribute, own, own and comment.is_editable_now(), translation.get_language(), comment.origin,
    )


@register.simple_tag(takes_context=True)
def comment_body(context, comment):
    """A comment's text and actions as this reader sees them, rendered once
    per set of facts; the reader's form token goes in on the way out."""
    user, can_contribute = context.get("user"), bool(context.get("can_contribute"))
    facts = _body_facts(comment, user, can_contribute)
    with _BODIES_LOCK:
        html = _BODIES.get(facts)
        if html is not None:
            _BODIES.move_to_end(facts)
    if html is None:
        html = render_to_string("participation/_comment_body.html", {
            "comment": comment, "user": user, "can_contribute": can_contribute, "csrf_token": _CSRF_MARK})
        with _BODIES_LOCK:
            _BODIES[facts] = html
            while len(_BODIES) > _BODIES_MAX:
                _BODIES.popitem(last=False)
    if _CSRF_MARK in html:  # only then: asking for the token sets its cookie (and a visitor's page is cacheable)
        html = html.replace(_CSRF_MARK, str(context.get("csrf_token") or ""))
    return mark_safe(html)  # noqa: S308 - rendered above


@register.inclusion_tag("participation/_comment_counts.html")
def organisation_comment_counts(organisation):
    """How much people have said on an organisation's plans."""
    from participation.selectors.comments import comment_counts

    return comment_counts(organisation=organisation)


@register.simple_tag
def report_reasons():
    from participation.models import ReportReason

    return ReportReason.choices


@register.inclusion_tag("participation/_whats_on.html", takes_context=True)
def whats_on(context, organisation=None):
    """"En ce moment": what the reader may do now, everywhere (the home page)
    or in an organisation and those within it (participation/whats_on.py)."""
    from django.utils import timezone

    from participation.whats_on import Scope
    from participation.whats_on import whats_on as read

    user = context["request"].user
    return {"sections": read(Scope(organisation), user, timezone.now()), "organisation": organisation}
