"""Test settings: base plus what only makes the suite faster, and the plain
HTTP that the test client speaks."""

import os

# DEBUG is off by default, which asks for a SECRET_KEY: the suite has its own
# (set before base reads it; a production environment never sees this module).
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key-never-used-in-production")
# The suite checks the production configuration whatever the shell holds:
# the Makefile exports DEBUG=true for its development targets, and a
# developer may have HTTPS overrides set. The plain-HTTP exceptions the test
# client needs are made below, one by one.
os.environ["DEBUG"] = "false"
for _name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
              "SECURE_HSTS_PRELOAD"):
    os.environ.pop(_name, None)

from .base import *  # noqa: E402, F401,F403
from .base import BASE_DIR, DATABASES, IS_POSTGRES, IS_SQLITE  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if IS_POSTGRES:
    # test_<name>: two checkouts on one server (DATABASE_URL=…/plancommun_b)
    # never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}"}
if IS_SQLITE:
    # A file, as `make run` has, not SQLite's shared in-memory database:
    # threads racing on it then meet the same locking as in production
    # (the in-memory one locks whole tables and never waits). One file per
    # xdist worker (pytest-django adds the suffix).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

# The test client speaks plain HTTP: no redirect to HTTPS, and cookies that
# travel over it under their ordinary names. tests/test_security_headers.py
# checks the production values (HTTPS, secure __Host- cookies) on their own.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
