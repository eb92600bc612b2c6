"""The machine's ceiling for `make bench`: a bare Django view, with no
middleware, no database, no template, served by a WSGI server on its own.
Whatever a page of the site costs beyond this is the site's.

    gunicorn --bind 127.0.0.1:PORT bench.bare:application
    uvicorn --port PORT bench.bare:asgi_application
"""

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False, SECRET_KEY="bench-bare-view", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, MIDDLEWARE=[],
        INSTALLED_APPS=[], DATABASES={}, USE_I18N=False, LOGGING_CONFIG=None,
    )


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


# "/sante/" answers the health checks of the proxy that `make bench` also puts
# in front of this view, to tell what the proxy alone costs.
urlpatterns = [path("", bare), path("sante/", bare)]

application = get_wsgi_application()
# The same view through Django's ASGI handler, for the ASGI servers (uvicorn).
asgi_application = get_asgi_application()
