"""WSGI entry point: the pages, served by gunicorn in production
(config/gunicorn.conf.py). The websockets go to an ASGI server (daphne,
config/asgi.py) behind the same proxy (deploy/Caddyfile routes /ws/ there)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

application = get_wsgi_application()
