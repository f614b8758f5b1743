"""dxnavi settings: one file, environment variables only (see docs/configuration.md).

Defaults give a self-contained development instance: SQLite, local-memory cache, jobs run
in-process, e-mail printed to the console. Production sets DXNAVI_PROFILE=production and
a DATABASE_URL / REDIS_URL; the production profile refuses to boot without a secret key.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dxnavi.env import env_bool, env_choice, env_int, env_list, env_str
from dxnavi.ops.devserver import DEFAULT_ALLOWED_HOSTS

BASE_DIR = Path(__file__).resolve().parent.parent

PROFILE = env_choice("DXNAVI_PROFILE", ("development", "production"), "development")
PRODUCTION = PROFILE == "production"

DEBUG = env_bool("DXNAVI_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DXNAVI_DEBUG must be off in the production profile.")

SECRET_KEY = env_str("DXNAVI_SECRET_KEY", required=PRODUCTION) or (
    # Only for the development profile: a fixed key keeps sessions across restarts.
    "dev-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnopqrstuvwxyz"
)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DXNAVI_SECRET_KEY must be at least 50 characters.")

ALLOWED_HOSTS = env_list("DXNAVI_ALLOWED_HOSTS", list(DEFAULT_ALLOWED_HOSTS))  # dev.sh serve may add a LAN address
CSRF_TRUSTED_ORIGINS = env_list("DXNAVI_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("DXNAVI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "dxnavi.accounts.admin_site.AdminConfig",  # django.contrib.admin, logging in only through accounts:login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dxnavi.accounts",
    "dxnavi.orgs",
    "dxnavi.content",
    "dxnavi.web",
    "dxnavi.assessments",
    "dxnavi.dxdiag",
    "dxnavi.reports",
    "dxnavi.secaction",
    "dxnavi.subsidies",
    "dxnavi.actions",
    "dxnavi.ops",
    "dxnavi.privacy",
    "dxnavi.plans",
    "dxnavi.summary",
    "dxnavi.jobs",
    "dxnavi.regional",
    "dxnavi.onboarding",
    "dxnavi.support",
    "ninja",  # django-ninja: its swagger-ui files are served from our static files (no CDN)
    "dxnavi.api",
    "dxnavi.incidents",
    "dxnavi.surface",
    "dxnavi.knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dxnavi.web.headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, no-store (issue #8)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "dxnavi.web.input_guard.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dxnavi.urls"
WSGI_APPLICATION = "dxnavi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Content text ({ja, en}) appears in nearly every template: `|pick` needs no {% load %}.
            "builtins": ["dxnavi.content.templatetags.content_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dxnavi.web.context_processors.nav",
            ],
        },
    }
]

# --- Database: SQLite unless DATABASE_URL is given -------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'dxnavi.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a job writes; the timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and jobs: in-process unless REDIS_URL is given ------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
JOBS_BACKEND = env_choice("DXNAVI_JOBS", ("inprocess", "sync", "rq"), "rq" if REDIS_URL else "inprocess")
# When the RQ worker's scheduler sends the daily reminders (crontab syntax, UTC): 23:00 UTC = 08:00 JST.
REMINDER_CRON = env_str("DXNAVI_REMINDER_CRON", "0 23 * * *")

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dxnavi.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:landing"
# Failures allowed per (e-mail, client IP) pair, and per e-mail across all IPs, inside the window.
LOCKOUT_MAX_FAILURES = env_int("DXNAVI_LOCKOUT_MAX_FAILURES", 5)
LOCKOUT_ACCOUNT_MAX_FAILURES = env_int("DXNAVI_LOCKOUT_ACCOUNT_MAX_FAILURES", 50)
LOCKOUT_WINDOW_MINUTES = env_int("DXNAVI_LOCKOUT_WINDOW_MINUTES", 15)
# Number of reverse proxies that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
# 0 in every profile: a client could forge the header when no proxy overwrites it.
LOCKOUT_TRUSTED_PROXY_COUNT = env_int("DXNAVI_TRUSTED_PROXY_COUNT", 0)
# E-mail sending (sign-up, verification, password reset, invitations, client registration):
# at most this many requests per user / per client IP / per recipient address in each window.
MAIL_LIMIT_PER_USER = env_int("DXNAVI_MAIL_LIMIT_PER_USER", 20)
MAIL_LIMIT_PER_IP = env_int("DXNAVI_MAIL_LIMIT_PER_IP", 40)
MAIL_LIMIT_PER_RECIPIENT = env_int("DXNAVI_MAIL_LIMIT_PER_RECIPIENT", 5)
MAIL_LIMIT_WINDOW_MINUTES = env_int("DXNAVI_MAIL_LIMIT_WINDOW_MINUTES", 60)

# The public API (dxnavi.api): requests per token per minute (fixed window, counted in the cache).
API_RATE_READ_PER_MINUTE = env_int("DXNAVI_API_RATE_READ_PER_MINUTE", 600)
API_RATE_WRITE_PER_MINUTE = env_int("DXNAVI_API_RATE_WRITE_PER_MINUTE", 120)
INVITATION_VALID_DAYS = env_int("DXNAVI_INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- E-mail: printed to the console unless SMTP is configured --------------------------
EMAIL_BACKEND = env_str("DXNAVI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DXNAVI_FROM_EMAIL", "dxnavi <noreply@localhost>")

# --- Internationalization: Japanese first, English complete ---------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS: list = []  # each app ships its own locale/ directory
TIME_ZONE = env_str("DXNAVI_TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

# --- Static files: whitenoise serves them; htmx comes from the npm registry ------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "dxnavi" / "static", ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
CONTENT_DIR = BASE_DIR / "content"

# --- Security --------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True  # no script reads it
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DXNAVI_SESSION_AGE", 60 * 60 * 12)
# With Redis (shared by every worker) a session is read from the cache, written through to the database (#11:
# one query less per request). Without Redis the cache is per process: a logout in one gunicorn worker would
# not reach another worker's copy, so sessions stay in the database only.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "dxnavi.web.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DXNAVI_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DXNAVI_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # Opt-in: both bind every subdomain of the operator's domain to HTTPS (preload for years,
    # via the browsers' built-in list), which only the domain's owner can decide.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DXNAVI_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DXNAVI_HSTS_PRELOAD", False)
    # check --deploy warns when they are off; that is the operator's decision, not an oversight.
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

# --- Data export and company deletion (dxnavi.privacy) ----------------------------------
DELETION_GRACE_DAYS = env_int("DXNAVI_DELETION_GRACE_DAYS", 14)
EXPORT_VALID_DAYS = env_int("DXNAVI_EXPORT_VALID_DAYS", 7)
if DELETION_GRACE_DAYS < 0 or EXPORT_VALID_DAYS < 1:
    raise ImproperlyConfigured("DXNAVI_DELETION_GRACE_DAYS must be ≥ 0 and DXNAVI_EXPORT_VALID_DAYS ≥ 1.")

# --- Subsidy finder: warn when the catalog in use is older than this (days since its as_of) ---
SUBSIDY_CATALOG_MAX_AGE_DAYS = env_int("DXNAVI_SUBSIDY_CATALOG_MAX_AGE_DAYS", 180)
# jGrants public API (デジタル庁), read by `manage.py import_jgrants` into the review queue.
SUBSIDY_JGRANTS_API_URL = env_str("DXNAVI_JGRANTS_API_URL", "https://api.jgrants-portal.go.jp/exp/v1/public")
SUBSIDY_JGRANTS_TIMEOUT = env_int("DXNAVI_JGRANTS_TIMEOUT", 20)
SUBSIDY_JGRANTS_KEYWORDS = ("デジタル化・AI導入補助金", "ものづくり補助金", "持続化補助金", "省力化投資補助金")

# --- The company's own documents (dxnavi.knowledge): the largest file accepted, in MB ----------
KNOWLEDGE_MAX_UPLOAD_MB = env_int("DXNAVI_KNOWLEDGE_MAX_UPLOAD_MB", 20)
if KNOWLEDGE_MAX_UPLOAD_MB < 1:
    raise ImproperlyConfigured("DXNAVI_KNOWLEDGE_MAX_UPLOAD_MB must be ≥ 1.")

# --- Attack-surface check (dxnavi.surface) ------------------------------------------------
# Nameservers as "ip:port" (empty: the system resolver). Tests point them at a loopback DNS server.
SURFACE_NAMESERVERS = [v for v in env_str("DXNAVI_SURFACE_NAMESERVERS", "").split(",") if v.strip()]
SURFACE_DNS_TIMEOUT = float(env_str("DXNAVI_SURFACE_DNS_TIMEOUT", "3"))
SURFACE_CONNECT_TIMEOUT = float(env_str("DXNAVI_SURFACE_CONNECT_TIMEOUT", "3"))
SURFACE_IO_TIMEOUT = float(env_str("DXNAVI_SURFACE_IO_TIMEOUT", "6"))
SURFACE_DOMAIN_SECONDS = float(env_str("DXNAVI_SURFACE_DOMAIN_SECONDS", "25"))  # no further web step after this
SURFACE_PORT_MAP: dict = {}  # logical port → port contacted; tests only (production: the ports themselves)
SURFACE_ALLOW_LOOPBACK = False  # tests only: let the probe contact 127.0.0.1 (the SSRF guard refuses it otherwise)
SURFACE_CA_FILE = env_str("DXNAVI_SURFACE_CA_FILE", "")  # empty: the system trust store
SURFACE_MAX_DOMAINS = env_int("DXNAVI_SURFACE_MAX_DOMAINS", 10)  # per company
SURFACE_WORKERS = env_int("DXNAVI_SURFACE_WORKERS", 8)  # domains checked at once by the monthly job
SURFACE_CONNECTIONS_PER_SECOND = env_int("DXNAVI_SURFACE_CONNECTIONS_PER_SECOND", 50)  # over every worker
SURFACE_RECHECK_DAYS = env_int("DXNAVI_SURFACE_RECHECK_DAYS", 30)
SURFACE_BATCH_LIMIT = env_int("DXNAVI_SURFACE_BATCH_LIMIT", 2000)  # domains per daily run at most
SURFACE_JOB_SECONDS = env_int("DXNAVI_SURFACE_JOB_SECONDS", 150)  # no new domain after this (RQ's default job limit is 180 s)

# --- Knowledge: optional generated answers (dxnavi.knowledge.llm) --------------------------
# An OpenAI-compatible server (base URL such as http://127.0.0.1:8080/v1); empty: extractive answers only.
# Only the passages retrieved for a question are sent to it.
KNOWLEDGE_LLM_URL = env_str("KNOWLEDGE_LLM_URL", "").rstrip("/")
KNOWLEDGE_LLM_MODEL = env_str("KNOWLEDGE_LLM_MODEL", "")
KNOWLEDGE_LLM_API_KEY = env_str("KNOWLEDGE_LLM_API_KEY", "")
KNOWLEDGE_LLM_TIMEOUT = env_int("KNOWLEDGE_LLM_TIMEOUT", 20)  # seconds
if KNOWLEDGE_LLM_URL and not KNOWLEDGE_LLM_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("KNOWLEDGE_LLM_URL must start with http:// or https://.")
if KNOWLEDGE_LLM_TIMEOUT < 1:
    raise ImproperlyConfigured("KNOWLEDGE_LLM_TIMEOUT must be at least 1 second.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DXNAVI_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
