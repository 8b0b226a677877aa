"""Settings: embedded defaults for a demo, everything overridable by environment variables.

Production sets DATABASE_URL (PostgreSQL), S3 storage variables, TASKS_BACKEND=database and
the e-mail variables; nothing else needs editing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def s3_storage_from_env(environ: Mapping[str, str]) -> dict | None:
    """The STORAGES["default"] entry for S3-compatible object storage, or None without S3_BUCKET.

    Objects are private; downloads get signed URLs valid S3_SIGNED_URL_SECONDS (default 300)."""
    bucket = environ.get("S3_BUCKET")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("S3_SIGNED_URL_SECONDS") or 300),
        "signature_version": "s3v4",  # V2 signatures are deprecated and refused by newer stores
        "file_overwrite": False,
    }
    if environ.get("S3_ADDRESSING_STYLE"):  # "path" for MinIO and most self-hosted stores
        options["addressing_style"] = environ["S3_ADDRESSING_STYLE"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("CHANCERY_HOME", Path.cwd())).resolve()
DATA_DIR = Path(os.environ.get("CHANCERY_DATA_DIR", BASE_DIR / "var")).resolve()
CATALOG_DIR = Path(os.environ.get("CHANCERY_CATALOG_DIR", BASE_DIR / "catalog")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-demo-key-change-me-" + "x" * 24
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs' assets served from here, not a CDN (Content-Security-Policy)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "chancery.core",
    "chancery.accounts",
    "chancery.audit",
    "chancery.organization",
    "chancery.procedures",
    "chancery.cases",
    "chancery.portal",
    "chancery.api",
    "chancery.directives",
    "chancery.briefings",
    "chancery.search",
    "chancery.payments",
    "chancery.appointments",
    "chancery.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chancery.accounts.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chancery.core.caching.PrivateResponsesMiddleware",  # no-store for anything personal
    "django.middleware.locale.LocaleMiddleware",
    "chancery.api.middleware.JsonErrorsForApiMiddleware",  # after Locale: messages in the caller's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chancery.accounts.middleware.RequireTwoFactorMiddleware",
    "chancery.accounts.middleware.StaffOnlyAreasMiddleware",
    "chancery.organization.middleware.StaffTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its page
]

ROOT_URLCONF = "chancery.urls"
WSGI_APPLICATION = "chancery.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chancery.organization.context_processors.chancery",
            ],
        },
    },
]

def _database(url: str) -> dict[str, Any]:
    """One persistent connection per web thread (DATABASE_CONN_MAX_AGE seconds).

    Not checked with a `SELECT 1` at the start of every request (Django's default): that round
    trip cost the status lookup 6 % of its throughput (bench/http_bench.py). A connection broken
    by a database restart fails one request of its thread, after which Django opens a new one;
    DATABASE_HEALTH_CHECKS=1 trades the throughput for not failing that request."""
    return dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", False),
    )


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'chancery.sqlite3'}")),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent demo requests (browser + background task) should wait, not fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if os.environ.get("DATABASE_REPLICA_URL"):
    # A PostgreSQL read replica; only views marked @replica_reads read from it (core/ops/routers.py).
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["chancery.core.ops.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Files: local folder by default; S3-compatible object storage when a bucket is configured.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-public/"  # documents are never served from a public URL
STATIC_ROOT = DATA_DIR / "static"
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
_default_storage = s3_storage_from_env(os.environ) or {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(MEDIA_ROOT)},
}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Background work: in-process by default; a database queue and `chancery worker` in production.
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# E-mail: printed to the console by default.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Chancery <no-reply@chancery.invalid>")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not os.environ.get("CACHE_TABLE")
    else {
        # Shared across web processes: throttling counters must agree behind a load balancer.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": os.environ["CACHE_TABLE"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "portal:home"

# Staff accounts (chancery.accounts): password, then a TOTP code (django-otp); login
# attempts throttled by django-axes. API tokens are a separate machine credential.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before any password check
    "django.contrib.auth.backends.ModelBackend",
]
CHANCERY_REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
# /admin/ and the API's documentation page answer staff only (404 to others, the login page to
# visitors); 1 opens them as Django and django-ninja ship them.
ADMIN_OPEN = env_bool("ADMIN_OPEN", False)
API_DOCS_OPEN = env_bool("API_DOCS_OPEN", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Chancery")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators never see anyone's TOTP secret
# Login failures (wrong password or wrong code) count per username *and* client address
# (chancery/accounts/lockout.py): LOGIN_FAILURE_LIMIT cost nothing, then each failure from
# that address doubles the wait before the next try, from LOGIN_LOCKOUT_MINUTES up to
# LOGIN_LOCKOUT_MAX_MINUTES. Failures are forgotten after twice the longest wait without one.
# Failing from one address never locks the owner out at another; the owner is e-mailed instead.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_FIRST_WAIT = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "1")))
LOGIN_LOCKOUT_LONGEST_WAIT = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MAX_MINUTES", "1440")))
AXES_COOLOFF_TIME = 2 * max(LOGIN_LOCKOUT_FIRST_WAIT, LOGIN_LOCKOUT_LONGEST_WAIT)  # the memory
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "chancery.accounts.lockout.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # knocking while locked changes nothing
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chancery.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "chancery.audit.client_address.client_address"  # behind the proxies too
AXES_HTTP_RESPONSE_CODE = 429

# API tokens (`chancery token create USERNAME [--days N]`) expire after this many days.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One date format per language: 25/11/2026 in Vietnamese, 25 November 2026 in English.
FORMAT_MODULE_PATH = ["chancery.core.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and env_bool("HTTPS", False))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "8")) * 3600  # a working day, then log in again
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
# No inline scripts, styles or event handlers anywhere: tests/security checks the pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
if env_bool("HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading commits the whole registered domain, every subdomain included, to HTTPS in all
    # browsers: the domain owner's decision, not this application's. SECURE_HSTS_PRELOAD=1 opts in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Load balancers probe the health check over plain HTTP, without X-Forwarded-Proto.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Not locking an address alone on purpose: a mission's staff share one address, so that would lock
# out a whole embassy. Password spraying across usernames still meets the code.

# Uploads: the whole request is capped; each document has its own cap from the catalogue.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_DOCUMENTS_PER_CASE = int(os.environ.get("MAX_DOCUMENTS_PER_CASE", "30"))
# Files that passed the checks on a form that did not are kept this long for the applicant.
HELD_UPLOAD_HOURS = int(os.environ.get("HELD_UPLOAD_HOURS", "24"))
# An apology may move a due date by at most this many calendar days (a guard against typos).
APOLOGY_MAX_DAYS = int(os.environ.get("APOLOGY_MAX_DAYS", "90"))
# What one client address may send in an hour without a login (applications, drafts included, and
# megabytes of documents, kept files included): more is a script, not a citizen.
APPLICATIONS_PER_CLIENT_HOUR = int(os.environ.get("APPLICATIONS_PER_CLIENT_HOUR", "30"))
UPLOAD_MB_PER_CLIENT_HOUR = int(os.environ.get("UPLOAD_MB_PER_CLIENT_HOUR", "300"))

# Daily briefings are compiled at this local hour in each unit's time zone.
BRIEFING_HOUR = int(os.environ.get("BRIEFING_HOUR", "18"))
# Deadline reminders go out from this local hour on each working day.
REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "8"))

# Reverse proxies of our own in front of the web processes (nginx: 1; a load balancer and nginx:
# 2). The client's address is the N-th entry from the right of X-Forwarded-For; with 0 that
# header is never believed (chancery/audit/client_address.py). Every limit and audit record uses it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Public status lookup: failures per client address before it is throttled, and for how long;
# and failures per tracking code (from any address), so one code cannot be guessed from many.
STATUS_LOOKUP_MAX_FAILURES = int(os.environ.get("STATUS_LOOKUP_MAX_FAILURES", "5"))
STATUS_LOOKUP_MAX_FAILURES_PER_CODE = int(os.environ.get("STATUS_LOOKUP_MAX_FAILURES_PER_CODE", "20"))
STATUS_LOOKUP_WINDOW_SECONDS = int(os.environ.get("STATUS_LOOKUP_WINDOW_SECONDS", "900"))
# Applicants coming back by e-mail ("I lost my code or key", sign-in links to "My applications"):
# requests per address asked about and per client address in the window, whatever the answer.
APPLICANT_MAIL_MAX_PER_EMAIL = int(os.environ.get("APPLICANT_MAIL_MAX_PER_EMAIL", "3"))
APPLICANT_MAIL_MAX_PER_CLIENT = int(os.environ.get("APPLICANT_MAIL_MAX_PER_CLIENT", "10"))
APPLICANT_MAIL_WINDOW_SECONDS = int(os.environ.get("APPLICANT_MAIL_WINDOW_SECONDS", "3600"))
SIGN_IN_LINK_MINUTES = 30

# Online payment through VNPAY (payment URL API 2.1.0, HMAC-SHA512). Credentials only from the
# environment. With DEBUG (the demo) they default to the local sandbox gateway that
# `chancery payments sandbox` runs (chancery/payments/sandbox.py); without DEBUG and without
# VNPAY_TMN_CODE and VNPAY_HASH_SECRET, online payment is simply not offered.
VNPAY_SANDBOX_PORT = int(os.environ.get("VNPAY_SANDBOX_PORT", "8010"))
_vnpay_sandbox = f"http://127.0.0.1:{VNPAY_SANDBOX_PORT}"
_vnpay_demo_secret = "chancery-sandbox-secret-not-for-production"
VNPAY_TMN_CODE = os.environ.get("VNPAY_TMN_CODE", "CHANCERY" if DEBUG else "")
VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", _vnpay_demo_secret if DEBUG else "")
VNPAY_PAY_URL = os.environ.get("VNPAY_PAY_URL", f"{_vnpay_sandbox}/paymentv2/vpcpay.html" if DEBUG else "")
VNPAY_QUERY_URL = os.environ.get("VNPAY_QUERY_URL", f"{_vnpay_sandbox}/merchant_webapi/api/transaction"
                                 if DEBUG else "")
# How long the citizen has to pay once sent to the gateway (vnp_ExpireDate).
PAYMENT_EXPIRE_MINUTES = int(os.environ.get("PAYMENT_EXPIRE_MINUTES", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
