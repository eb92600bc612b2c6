"""Test settings: base plus what only makes the suite faster."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, DATABASES, IS_POSTGRES, IS_SQLITE

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
