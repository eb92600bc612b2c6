"""WSGI entry point: the pages, served by granian in production
(config/web.py). The websockets go to an ASGI server (daphne,
config/asgi.py) behind the same proxy (deploy/Caddyfile routes /ws/ there)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from core.page_cache import wsgi_front  # noqa: E402  (after the settings are named)

# A cached page for a visitor without a session is answered before Django's
# handler (core/page_cache.py, "The WSGI front").
application = wsgi_front(get_wsgi_application())
