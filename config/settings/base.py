"""Settings for every environment.

Production is this file plus the environment (see `.env.example`): with no
environment at all the site runs on SQLite and the in-memory channel layer,
so a fresh clone works without any server.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without its environment must not
# show the debug pages. `make run`, `make test` and the other development
# targets of the Makefile set DEBUG=true.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (production: see .env.example). "
            "For development, set DEBUG=true (make run does)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

# The key that seals secret ballots and makes receipt handles
# (consultations/sealing.py, docs/voting-security.md). It lives in the
# environment, never in the database or its backups; by default it is
# derived from SECRET_KEY. Changing it while a secret vote is open makes
# that vote's box unreadable: change it between votes.
BALLOT_SECRET_KEY = os.environ.get("BALLOT_SECRET_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

INSTALLED_APPS = [
    "daphne",
    # Before participation, whose ready() undoes one of its signals.
    "django_comments_xtd",
    "django_comments",
    "cms",
    "participation",
    "committees",
    "projects",
    "consultations",
    "assemblies",
    "journal",
    "bilan",
    "privacy",
    "opendata",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "channels",
    "allauth",
    "allauth.account",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: every response, cached or not, gets a policy
    # with a nonce of its own (core.page_cache puts it into cached pages).
    "config.security.ContentSecurityPolicyMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "privacy.middleware.TermsMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
# Production: the pages through WSGI (granian, config/web.py), the websockets through ASGI
# (daphne); `make run` serves both with daphne.
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "participation.context_processors.notifications",
                "cms.context_processors.public_generation",
            ],
            # core is no app (it has no models): its one tag library is named here.
            "libraries": {"picture_tags": "core.templatetags.picture_tags"},
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
IS_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if IS_SQLITE:
    # Concurrent writers on the embedded default (a room voting at once):
    # - WAL lets readers go on while one writer writes;
    # - IMMEDIATE transactions take the write lock when they begin, so that
    #   a transaction never fails halfway upgrading from reader to writer
    #   ("database is locked" at once, whatever the timeout), and waits its
    #   turn instead;
    # - the timeout is how long a writer waits for that turn.
    # Measured (tests/test_sqlite.py, make bench): 50 votes at the same
    # instant, 0 errors. Reads that need one snapshot use core.db.read_snapshot.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "30")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    })
if IS_POSTGRES:
    # What one statement of a request may take, and how long a transaction
    # may sit idle (its thread stuck between two statements, holding its
    # locks: the ballot box's, say): PostgreSQL ends either, the request
    # gets the error page and its locks are freed, instead of a thread held
    # for good and every voter queued behind it. The web processes set them
    # (config/web.py, docker-compose.yml's ws); migrations, imports and the
    # workers run unbounded unless told.
    _limits = {"statement_timeout": "DATABASE_STATEMENT_TIMEOUT",
               "idle_in_transaction_session_timeout": "DATABASE_IDLE_TRANSACTION_TIMEOUT"}
    _options = []
    for _setting, _name in _limits.items():
        _value = os.environ.get(_name, "").strip()
        if _value:
            try:
                _seconds = float(_value)
            except ValueError:
                raise ImproperlyConfigured(f"{_name}={_value!r}: a number of seconds.") from None
            if _seconds > 0:
                _options.append(f"-c {_setting}={round(_seconds * 1000)}")
    if _options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_options)
if IS_POSTGRES and env_bool("DATABASE_POOL", True):
    # Every thread of a web process (granian's, daphne's) would keep a
    # persistent connection of its own, and a burst of votes piles them up
    # past PostgreSQL's max_connections. A pool bounds the connections and
    # reuses them (Django wants CONN_MAX_AGE at 0 with it); requests beyond it
    # wait their turn. The web processes of one node together stay within 80
    # connections (PostgreSQL allows 100 by default), sized by the
    # WEB_CONCURRENCY; with several nodes, set DATABASE_POOL_SIZE so that
    # nodes x processes x pool stays under max_connections (README, "Deploying").
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _processes = os.environ.get("WEB_CONCURRENCY", "").strip()
    WEB_PROCESSES = max(1, int(_processes)) if _processes.isdigit() else 1
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2, "max_size": int(os.environ.get("DATABASE_POOL_SIZE") or max(4, min(20, 80 // WEB_PROCESSES))),
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "participation.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "participation.backends.PermissionsInOneQueryBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): email and password, the email verified before
# anyone contributes. One door to sign in (docs/security.md): the Wagtail
# admin, its password reset and Wagtail's front-end login send people to
# allauth's form (config/urls.py), which checks the confirmed address and
# the rate limits below; Wagtail's own password and e-mail forms are off.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Plan Commun] "
ACCOUNT_ADAPTER = "participation.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "privacy.forms.SignupForm"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "participation:profile"
ACCOUNT_USER_DISPLAY = "participation.adapters.user_display"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Rate limits (allauth's, and the shared passwords of private pages), counted
# in the cache (Redis in production) per client address (ip), per account or
# address typed (key) or per signed-in person (user). They stop guessing:
# failed sign-ins are limited per account and per address, and an attempt
# that succeeds takes its count back. Successful sign-ins are not limited:
# a room behind one public address (an AG, a vote at the conseil de maison)
# all get in (tests/participation/test_rate_limits.py). A password reset
# clears an account's failures. Over a limit: templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "login": "",  # every sign-in, whatever its outcome: the failures below are what is limited
    "login_failed": "60/m/ip,300/h/ip,5/5m/key,30/d/key",
    "signup": "40/m/ip,200/h/ip",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user,20/h/user",
    "reauthenticate": "10/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    # Wagtail's form for a page kept behind a shared password (config/views.py):
    # failed guesses per address, and per page restriction from everywhere.
    "page_password_failed": "10/m/ip,30/h/ip,60/h/key",
}
# The client's address is REMOTE_ADDR, unless the site runs behind that many
# reverse proxies that append to X-Forwarded-For (set it to 1 behind one);
# a header the client sends itself never counts.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Channels: in-memory by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 stops reading after 5 s by default, exactly when
            # channels-redis' blocking read of a socket's messages (5 s) ends
            # empty: every websocket idle that long died with an error.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30}]},
        }
    }
    CACHES = {
        "default": {
            # django-redis: one connection pool per process, shared by every
            # request (under ASGI each request context has its own cache object).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "plancommun"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Live sockets are checked again when what their reader may read changes
# (participation/live.py), and at least this often (seconds): an expired or
# deleted session, or a membership period ended with the day, closes them.
LIVE_RECHECK_SECONDS = float(os.environ.get("LIVE_RECHECK_SECONDS", "60"))

# Plan pages as visitors without a session see them are cached whole, and
# invalidated by every change they show (core/page_cache.py); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))

# Background tasks (Wagtail's search index and reference index updates, and
# later emails): run inline by default, by `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# The local hour (TIME_ZONE) of the daily digests, and of the weekly ones on
# Monday (participation/scheduling.py, run by `manage.py clock`).
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "8"))

# Internationalisation: English source strings, French interface.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]

# Static and media files: collected static files are served by the proxy in
# production (deploy/Caddyfile), by WhiteNoise wherever Django serves them itself.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Sessions read from the cache (Redis in production), written through to the
# database: a signed-in page costs one query less.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# HTTPS and the security headers (SECURITY.md; `make check` runs
# `manage.py check --deploy --fail-level WARNING` with a production
# environment). Production runs behind a TLS-terminating proxy that sets
# X-Forwarded-Proto (and overwrites any value a client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected to HTTPS, except the healthcheck, which the
# container's own probe and load balancers call on the plain port.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# HSTS for a year (what browsers' preload lists ask), subdomains included:
# they are the platform's own (a subdomain per federation, say), never a
# parent domain's. Preloading is left to whoever owns the registrable
# domain (SECURE_HSTS_PRELOAD=true): it binds every other site of that
# domain to HTTPS for months, and cannot be undone quickly.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies only over HTTPS, out of scripts' reach (the session; the CSRF
# token is read from the form, never from the cookie), and, when secure,
# under the __Host- prefix: the browser then refuses them from any other
# host, so a sibling subdomain cannot plant a session or a CSRF token.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else [
    # "SECURE_HSTS_PRELOAD is not True": on purpose, see above.
    "security.W021",
]

# Content-Security-Policy (django-csp; config/security.py chooses the
# policy). The site's own pages: no inline script, style or event handler
# (templates hook their scripts on data- attributes; JSON for scripts goes
# in json_script blocks, which browsers do not run); scripts from our origin
# or with the response's nonce. CSP_REPORT_URI sends violations to a
# collector of yours.
_CSP_REPORT = [os.environ["CSP_REPORT_URI"]] if os.environ.get("CSP_REPORT_URI") else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],  # the live comments' and results' websockets, same origin
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
        "report-uri": _CSP_REPORT,
    },
}
# The Wagtail admin (/admin/, previews included): see config/security.py.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],  # image previews before upload
        "frame-src": [SELF],  # the page editor's preview panel
        "base-uri": [SELF],
    },
}
# Where to report a vulnerability in this deployment (an e-mail address or
# an https:// form), published at /.well-known/security.txt with the policy
# (SECURITY_POLICY_URL: SECURITY.md as you publish it). SECURITY.md.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "").strip()
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "").strip()

# Browser features the site never uses, refused to every page and frame.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb",
))

SITE_ID = 1

# Comments (django-comments-xtd for the threads; our own views and model,
# see participation/models/comments.py). Depth 3: a comment, a reply, a
# reply to the reply (xtd counts levels from 0).
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "participation.models.Comment"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_CONFIRM_EMAIL = False
# COMMENT_MAX_LENGTH stays at the library's default: changing it would alter
# django_comments' own migrations. The 5,000-character limit is checked by
# participation.services.comments on the cleaned text (the column is TEXT).
# Comments a person may post in a minute, across all pages.
COMMENTS_PER_MINUTE = int(os.environ.get("COMMENTS_PER_MINUTE", "10"))

# Wagtail
WAGTAIL_SITE_NAME = "Plan Commun"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # French stemming on PostgreSQL ("chevaux" finds "cheval"); the SQLite
        # backend ignores it.
        "SEARCH_CONFIG": "french",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads in the admin get the checks of every upload (core/uploads.py):
# the same formats (no SVG), bytes and pixels as the site's own images
# (tests/cms/test_uploads_admin.py holds them equal to core.uploads').
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.upload_forms.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.upload_forms.CheckedDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party avatar requests (and no broken images offline)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Plan Commun <ne-pas-repondre@plan-commun.local>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every page save logs its search and reference index tasks: too chatty.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF (assemblies' letters and minutes).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Plan import limits (docs/plan-spreadsheet.md).
PLAN_IMPORT_MAX_BYTES = int(os.environ.get("PLAN_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
PLAN_IMPORT_MAX_ROWS = int(os.environ.get("PLAN_IMPORT_MAX_ROWS", 20_000))
