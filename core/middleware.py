"""Middleware of the toolbox."""

from django.template.response import TemplateResponse


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RejectNullCharactersMiddleware:
    """A NUL character belongs to no text a person types, and PostgreSQL
    refuses it in a string: a query string or form carrying one would be a
    server error wherever a view reads a value as it came. It is refused
    here once, with a page that says so, before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return TemplateResponse(request, "400.html", status=400).render()
        return self.get_response(request)
