from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

TERMS_FLAG = "privacy_terms_to_accept"


def terms_flag_set(*, request, user, **_signal) -> None:
    """At sign-in (allauth's user_logged_in): terms changed since the person
    accepted them are to be accepted before going on."""
    from .consent import terms_to_accept

    if terms_to_accept(user):
        request.session[TERMS_FLAG] = True


class TermsMiddleware:
    """Sends a person flagged at sign-in to accept the new terms first; the
    legal pages, signing out, their archive and deleting their account stay
    open. It reads only the
    session, already loaded for the signed-in person."""

    OPEN_PREFIXES = ("/compte/logout/", "/compte/donnees/", "/compte/supprimer/", "/static/", "/media/",
                     "/mentions-legales/", "/confidentialite/", "/conditions-utilisation/", "/accessibilite/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.user.is_authenticated and request.session.get(TERMS_FLAG)
                and not request.path.startswith(self.OPEN_PREFIXES)):
            return redirect(f"{reverse('privacy:terms_accept')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
