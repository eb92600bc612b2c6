"""The security headers that Django's SecurityMiddleware does not send.

Two Content-Security-Policies (settings: CONTENT_SECURITY_POLICY and
CONTENT_SECURITY_POLICY_ADMIN, docs in SECURITY.md and the README):

- the site's own pages: scripts only from our origin or carrying the
  response's nonce, no inline script, style or event handler, no plugin,
  no frame, forms posted only to us, never framed;
- the Wagtail admin (and its previews): Wagtail 8 still writes inline
  scripts (inline panels, date pickers, the workflow and page editor
  set-up) and inline styles, so its policy allows them, without a nonce
  (a nonce would make browsers ignore 'unsafe-inline'). Only signed-in
  editors reach it, and every other directive stays as strict.

Framing: X-Frame-Options is DENY and frame-ancestors 'none', except for the
responses whose view asked to be framed by the same origin (Wagtail's
preview views set X-Frame-Options: SAMEORIGIN themselves, for the preview
panel of the page editor): those get frame-ancestors 'self'. A preview is
the page as the public sees it, under the site's policy: Wagtail renders it
through the whole middleware chain again, with a request of the page's own
address, so it arrives here with that policy already set, and only its
frame-ancestors changes on the way out of the admin view.
"""

import re

from csp.constants import HEADER, SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


def admin_prefix() -> str:
    """Where the Wagtail admin is mounted ("/admin/")."""
    prefix = getattr(admin_prefix, "_value", None)
    if prefix is None:
        prefix = admin_prefix._value = reverse("wagtailadmin_home")
    return prefix


def in_admin(request) -> bool:
    return request.path_info.startswith(admin_prefix())


FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by where the page is,
    and adding the Permissions-Policy header."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy (csp_override): it has the last word
        if in_admin(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
            parts.nonce = None
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    def process_response(self, request, response):
        if HEADER in response and response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            response[HEADER] = FRAME_ANCESTORS.sub(f"frame-ancestors {SELF}", response[HEADER])
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
