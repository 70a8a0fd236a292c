"""Byline settings, driven by environment variables (``DJANGO_*`` and ``DATABASE_URL``)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the SQLite file, uploads and collected static files of one machine
VAR_DIR.mkdir(exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a true/false environment variable; "1", "true", "yes" and "on" mean true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(url: str) -> dict:
    """Turn a DATABASE_URL into Django's DATABASES entry, tuned for each engine."""
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend, plus the planner statistics kept fresh (byline/sqlite/base.py).
        config["ENGINE"] = "byline.sqlite"
        # Kept open across requests like PostgreSQL's: a new connection per request cost its
        # open and four PRAGMAs each time. A file never drops a connection, so no health check;
        # a restore writes through SQLite's backup API into the same file, which open
        # connections see.
        config["CONN_HEALTH_CHECKS"] = False
        # Concurrent writers: take the write lock up front and let readers work beside WAL.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    return config


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-development-only-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The domain the site is published under, as it names itself wherever a request cannot be asked:
# the permanent ids of feed entries (tag: URIs) are minted from it. Set it before the first
# article is published; ids already minted never change when it does.
SITE_DOMAIN = os.environ.get(
    "DJANGO_SITE_DOMAIN",
    next((host.lstrip(".") for host in ALLOWED_HOSTS if host not in {"*", ".*"}), "localhost"),
)

INSTALLED_APPS = [
    "byline.admin_site.BylineAdminConfig",  # django.contrib.admin with pending counts on the index
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "django_tasks_db",
    "axes",
    "byline",
    "articles",
    "articles.links",  # related links, the link index, slug history, suggestions
    "articles.editing",  # edit conflicts, presence notices, the leave guard
    "articles.media",  # the media library: images, renditions, choosers
    "comments",
    "byline.demo",  # manage.py load_demo
    "byline.wordpress",  # WXR import and export, old WordPress addresses (composes both apps)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come pre-compressed), above everything that writes the
    # body; not the admin: see byline/compression.py.
    "byline.compression.PublicGZipMiddleware",
    # Readers' pages from the page cache: under GZip (hits are compressed like any page), above
    # sessions, auth and the view, which a hit skips (see byline/pagecache.py).
    "byline.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "byline.middleware.RefuseNulInHeadersMiddleware",  # before anything stores a header
    # Old WordPress addresses → 301; it only looks anything up when a page would 404.
    "byline.wordpress.middleware.WordPressRedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: answers locked-out logins
]

ROOT_URLCONF = "byline.urls"
WSGI_APPLICATION = "byline.wsgi.application"
ASGI_APPLICATION = "byline.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "byline.context_processors.site_settings",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'byline.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache (byline/pagecache.py), shared by every worker: files under var/cache on one
# machine, Redis when REDIS_URL is set. "page_versions" holds one small token per thing a page
# shows; it must never drop one silently, so its file cache never culls and Redis must not
# evict (Redis's default policy, noeviction; keys without a timeout are never expired).
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", not DEBUG)  # off in development: templates change
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR", VAR_DIR / "cache"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "byline-pages",
        },
        "page_versions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "byline-versions",
            "TIMEOUT": None,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "pages",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "page_versions": {
            "BACKEND": "byline.pagecache.UnculledFileCache",
            "LOCATION": CACHE_DIR / "versions",
            "TIMEOUT": None,
        },
    }

SESSION_ENGINE = "byline.sessions"  # database sessions that refuse impossible keys
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "en")
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

# The body editor's own extensions: its image and link buttons open the media library's
# choosers; the pull quote block has fields for the quote and its attribution; the FAQ block
# holds a question and its answer. What the body may hold is decided by articles/richtext.py
# alone (the field's sanitizer), so these add nothing to django-prose-editor's allowlist.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("media/editor_choosers.js")],
        "extensions": {
            "LibraryFigure": lambda config, shared: None,
            "ChooserLink": lambda config, shared: None,
        },
    },
    {
        "js": [static_lazy("articles/editor_blocks.js")],
        "extensions": {"PullQuote": lambda config, shared: None},
    },
    {
        "js": [static_lazy("articles/editor_faq.js")],
        "extensions": {"FAQ": lambda config, shared: None},
    },
]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads over the image limit are refused while they stream in, never stored (the form says so).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "articles.images.SizeLimitedUploadHandler",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
# WordPress exports uploaded in the admin (they hold commenters' emails): never under MEDIA_ROOT.
WORDPRESS_IMPORT_ROOT = Path(os.environ.get("DJANGO_IMPORT_ROOT", VAR_DIR / "imports"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Hashed names (served with a one-year "immutable" Cache-Control by WhiteNoise) and
            # a .gz and .br beside each text file, made once by collectstatic.
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("DJANGO_EMAIL_HOST"),
                "port": int(os.environ["DJANGO_EMAIL_PORT"])
                if "DJANGO_EMAIL_PORT" in os.environ
                else None,
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER"),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS") or None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Byline <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Strict CSP: no inline script or style anywhere, every asset served from this origin.
# The nonce is only sent when a page uses one: the admin's rich-text editor needs its import
# map (an inline <script type="importmap">); public pages use none.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS hardening: production sets DJANGO_HTTPS=true; local runs and tests serve plain HTTP.
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Comments: client IPs come from X-Forwarded-For only when the request arrives from one of these
# proxies (addresses or networks, like "10.0.0.0/8"); otherwise the socket address is used.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
# Login throttling (django-axes, counted in the database): 20 wrong passwords from one address
# (for one account or several) pause logins from that address for 15 minutes after the last
# one; the same account from other addresses is not locked, so nobody can lock an editor out.
# The address follows TRUSTED_PROXIES like the comments' flood check.
AXES_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "comments.ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username"]  # logs name the address, not what was typed as a name
AXES_LOCKOUT_CALLABLE = "byline.admin_site.login_locked_out"
# A refused CSRF check on the comment form hands the form back with the reader's text.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
# Notification emails run as tasks queued after the transaction commits: "immediate" runs each
# in the web process (one machine, no worker); "database" queues them for `manage.py db_worker`
# (several app servers).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("DJANGO_TASKS", "immediate")]}}
URLIZE_ASSUME_HTTPS = True

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
# Every line once: Django's own "django" logger has a console handler of its own (in DEBUG) and
# would also pass each record on to the root's, printing it twice. Here it keeps only the admin
# emails and hands the rest to the root's one console handler; refusals (403) lose their
# traceback there (byline.log). The request lines of runserver keep Django's own format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line_refusals": {"()": "byline.log.OneLineRefusals"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
