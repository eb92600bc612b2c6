from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.views import id_param

from ..emails import (
    DIGEST,
    UNSUBSCRIBE_LINK_DAYS,
    LinkNoLongerValid,
    email_wanted,
    unsubscribe_label,
    unsubscribe_read,
)
from ..models import EmailFrequency
from ..notifying import may_receive
from ..selectors.notifications import notifications_of, notifications_shown
from ..services import email_frequency_set, email_links_revoke, email_preference_set, notifications_mark_read

PER_PAGE = 30


@login_required
def notification_list(request):
    page = Paginator(notifications_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = notifications_shown(request.user, page.object_list)
    return TemplateResponse(request, "participation/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    """Follow a notification's link; opening it marks it read. One about
    what the person may no longer read leads back to the list."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if not may_receive(request.user, notification):
        messages.info(request, _("What this notification was about is no longer open to you."))
        return redirect("participation:notifications")
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404
    return redirect(notification.url)


@require_POST
@login_required
def notifications_read(request):
    """Mark one notification read (`notification`), or all of them."""
    ids = [pk for value in request.POST.getlist("notification") if (pk := id_param(value)) is not None] or None
    count = notifications_mark_read(user=request.user, ids=ids)
    if ids is None:
        messages.success(request, _("All your notifications are marked as read."))
    elif count:
        messages.success(request, _("Notification marked as read."))
    return redirect("participation:notifications")


@csrf_exempt  # the signed token is the authorisation; mail clients post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link at the bottom of every email: one click (the button, or the
    mail client's own unsubscribe) stops that kind of email."""
    try:
        user, preference = unsubscribe_read(token)
    except LinkNoLongerValid:
        return TemplateResponse(request, "participation/unsubscribe_expired.html", {
            "days": UNSUBSCRIBE_LINK_DAYS, "settings_url": reverse("participation:profile") + "#emails"}, status=410)
    except signing.BadSignature as error:
        raise Http404 from error
    done = request.method == "POST"
    if done and preference == DIGEST:
        email_frequency_set(user=user, frequency=EmailFrequency.NONE)
    elif done:
        email_preference_set(user=user, key=preference, enabled=False)
    context = {"label": unsubscribe_label(preference), "done": done or not email_wanted(user, preference)}
    return TemplateResponse(request, "participation/unsubscribe.html", context)


@require_POST
@login_required
def email_links_revoke_view(request):
    """Stop every link of the e-mails sent so far (a mailbox shared, an
    e-mail forwarded); the next e-mails carry new ones."""
    email_links_revoke(user=request.user)
    messages.success(request, _("The links of the e-mails already sent no longer work; the next e-mails carry new "
                                "ones."))
    return redirect(reverse("participation:profile") + "#emails")
