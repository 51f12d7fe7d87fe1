"""Django settings: the one place the forms service reads its environment.

Defaults run on one machine with SQLite under var/; production sets the variables below.
"""

from __future__ import annotations

import math
import os
import re
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.log import DEFAULT_LOGGING

from forms_service import catalogs, locale_info
from portal_contract import languages
from portal_contract import origin as portal_origin

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FORMS_VAR_DIR", BASE_DIR / "var"))


# Every number and switch below is read through these: a value that is not one ("60s", "yes",
# an empty line) stops the start with the variable's name and what it takes, instead of a
# bare "invalid literal for int()" traceback from a worker, or a switch silently left off
# (FORMS_HTTPS=true was read as off: no secure cookies, no HSTS).
def _integer(name: str, default: str, *, least: int = 1) -> int:
    value = os.environ.get(name, default)
    try:
        number = int(value)
    except ValueError:
        number = least - 1
    if number < least:
        raise ImproperlyConfigured(f"{name}={value!r}: a whole number, {least} or more")
    return number


def _seconds(name: str, default: str, *, zero: bool = False) -> float:
    """Seconds: more than 0 unless `zero` (a timeout of 0 makes a socket non-blocking, every
    send failing at once)."""
    value = os.environ.get(name, default)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero):
        said = "0 or more" if zero else "more than 0"
        raise ImproperlyConfigured(f"{name}={value!r}: a number of seconds, {said}")
    return number


# django-ratelimit's own form of a rate ("30/h", "5/10m"), which it would refuse only when a
# post is counted: every form answered 500.
_RATE = re.compile(r"[0-9]+/[0-9]*[smhd]")


def _rate(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    if not _RATE.fullmatch(value):
        raise ImproperlyConfigured(f"{name}={value!r}: posts per window, e.g. 30/h (s, m, h, d)")
    return value


def _switch(name: str, default: str) -> bool:
    value = os.environ.get(name, default)
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name}={value!r}: 1 (on) or 0 (off)")
    return value == "1"


DEBUG = _switch("FORMS_DEBUG", "1")


def _kept_key(path: Path) -> str:
    """A random key made on the first start and kept (mode 0600) for the next ones: written
    whole under another name, then linked to `path`, so that two processes starting at once
    end up with the same key."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(50))
    try:
        os.link(fresh, path)
    except FileExistsError:
        pass  # another process made it first: its key is the one
    finally:
        fresh.unlink()
    return path.read_text(encoding="ascii").strip()


# Set in production (every host and the worker share it); set but empty, Django refuses to
# start. Unset: with FORMS_DEBUG=1 a fixed development key (`check --deploy` says so);
# otherwise never a key anyone knows, but one made on the first start and kept in
# FORMS_VAR_DIR/secret-key (`make run`'s; right for one host only).
_GIVEN_KEY = os.environ.get("FORMS_SECRET_KEY")
if _GIVEN_KEY is not None:
    SECRET_KEY = _GIVEN_KEY
elif DEBUG:
    SECRET_KEY = "dev-only-not-secret"  # pragma: allowlist secret
else:
    SECRET_KEY = _kept_key(VAR_DIR / "secret-key")
ALLOWED_HOSTS = os.environ.get("FORMS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",  # the staff area, /staff/
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "forms_service.submissions",
    "forms_service.staff",
    "forms_service.alerts",
    "forms_service.worker",  # send_outbox and notify: the top of the apps, importing the others
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_ratelimit",
]
MIDDLEWARE = [
    # GET /healthz, for monitoring: answered before the rest (no host check, no HTTPS
    # redirect, no log line per poll), on the instance's own address (forms_service/health.py).
    "forms_service.health.Health",
    # One line per request in the log, with its id (the proxy's X-Request-ID, else a new one),
    # sent back in the response; first, to time and log what every other one answers.
    "forms_service.access.AccessLog",
    "django.middleware.security.SecurityMiddleware",
    # The built site (site/) on the same port as the forms, for `make run`. It answers before
    # the middleware below: the site's pages keep their own headers (no form CSP).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The staff area speaks the staff's language; the public pages take theirs from the
    # address (/ar/, /fr/, /en/: the languages of languages.yaml) whatever this says.
    "django.middleware.locale.LocaleMiddleware",
    # French pages with French spacing (« : »), whatever typed the text: after WhiteNoise, so
    # the built site, which has it already, is not read twice.
    "forms_service.french.FrenchTypography",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A staff session stands only while the second factor that verified it does (add-totp).
    "forms_service.staff.sessions.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "forms_service.security.SecurityMiddleware",
]
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Size limits. The fields of a post (files aside) stay far below 256 KB; a file above 2.5 MB
# goes to a temporary file rather than memory; a whole request above FORMS_MAX_REQUEST_MB is
# refused before it is read (security.py), whatever a file field's own cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FORMS_MAX_REQUEST_MB = _integer("FORMS_MAX_REQUEST_MB", "32")
# Attachments, under random names: outside the site (site/), never served as they are.
FORMS_UPLOAD_DIR = Path(os.environ.get("FORMS_UPLOAD_DIR", VAR_DIR / "uploads"))
# Every read, write, move, listing and removal of an attachment goes through the "uploads"
# storage below (forms_service/storage.py), so that several hosts can share one store.
# FORMS_UPLOAD_STORAGE chooses it:
# - "filesystem" (default): the folder FORMS_UPLOAD_DIR, on this host or one that every host
#   mounts (NFS, say). Each file and its folder are fsynced before a form is answered, and a
#   file moves from pending/ to files/ by a rename.
# - "s3": an S3-compatible object store, through django-storages (boto3), set by
#   AWS_STORAGE_BUCKET_NAME (required; a private bucket), AWS_S3_ENDPOINT_URL (a store other
#   than Amazon's, e.g. https://s3.example.org for MinIO or Ceph; empty for Amazon S3),
#   AWS_S3_REGION_NAME (empty: the store's default) and AWS_LOCATION (the prefix of the
#   service's objects in the bucket, default "uploads"). The key, AWS_ACCESS_KEY_ID and
#   AWS_SECRET_ACCESS_KEY, is read by boto3 itself from the environment (or the host's role)
#   and never kept in these settings. An object store has no rename: a move from pending/
#   to files/ is a copy, then a delete.
FORMS_UPLOAD_STORAGE = os.environ.get("FORMS_UPLOAD_STORAGE", "filesystem")
if FORMS_UPLOAD_STORAGE == "filesystem":  # its folder, FORMS_UPLOAD_DIR, is read when used
    UPLOADS_STORAGE: dict[str, object] = {
        "BACKEND": "forms_service.storage.DurableFileSystemStorage"
    }
elif FORMS_UPLOAD_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("FORMS_UPLOAD_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    UPLOADS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", "uploads"),
            "file_overwrite": False,  # names are random: one already taken is never replaced
        },
    }
else:
    raise ImproperlyConfigured(f"FORMS_UPLOAD_STORAGE={FORMS_UPLOAD_STORAGE!r}: filesystem or s3")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "uploads": UPLOADS_STORAGE,  # forms_service.storage.UPLOADS
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "forms_service" / "templates"],
        "APP_DIRS": True,  # the staff area's (Django admin's) templates
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.csrf",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
ROOT_URLCONF = "forms_service.urls"
WSGI_APPLICATION = "forms_service.wsgi.application"
DATABASES: dict[str, dict[str, Any]] = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "forms.sqlite3",
        # WAL: readers do not wait for the writer; FULL: a commit is on disk before the
        # user is told the submission was received.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            "transaction_mode": "IMMEDIATE",
        },
        # Kept open between requests: opening sets the pragmas (a write), and closing the
        # last connection checkpoints the WAL into the database file, each time.
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
    }
}
# DATABASE_URL (e.g. postgres://user@host:5432/portal) replaces the embedded SQLite.
if os.environ.get("DATABASE_URL"):
    DATABASES["default"] = dict(dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60))
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # libpq waits for ever for a server that takes the connection and never answers:
        # every post then hung until its worker was killed. Past this, the post is refused
        # as not recorded (503, answers kept).
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = _integer(
            "FORMS_DATABASE_TIMEOUT", "5"
        )
# Rate limits are counted in the cache, which every worker process shares: the database by
# default, Redis with REDIS_URL (e.g. redis://127.0.0.1:6379/0).
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "forms_cache",  # created by the submissions app's migrations
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # redis-py waits for ever by default: a Redis that takes the connection and never
        # answers held every post (and sign-in) until the worker was killed. Past this, the
        # post is refused as not recorded (503), and nothing is kept.
        "OPTIONS": dict.fromkeys(
            ("socket_connect_timeout", "socket_timeout"), _seconds("FORMS_REDIS_TIMEOUT", "2")
        ),
    }
    # django-ratelimit names the Redis backends it has tested (django-redis), not Django's
    # own, whose counters are as atomic (INCR, SET NX: tests/forms_service/test_redis.py);
    # without this `check --deploy` warns in every production setup.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    # The database cache is shared, but its counters are not atomic: under a burst a few
    # posts may go uncounted. Acceptable for abuse limits; Redis counts exactly.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "default"
# The limits count by the client address that forms_service/clients.py reads, and only it.
RATELIMIT_IP_META_KEY = "forms_service.clients.client_address"
# The reverse proxies whose X-Forwarded-For is believed: comma-separated networks (CIDR, e.g.
# "127.0.0.1/32,::1/128"; a bare address is one host). Empty (the default) trusts nobody: the
# client is the connecting address, and a forged X-Forwarded-For changes nothing. Behind nginx
# on the same machine: 127.0.0.1/32, with the service on 127.0.0.1 (over a Unix socket the
# connecting address is empty, and the limits cannot count). From a trusted proxy the client
# is the right-most entry of X-Forwarded-For that is not a trusted proxy itself
# (forms_service/clients.py); an entry that is not a network is ignored (`check` says so).
FORMS_TRUSTED_PROXIES = os.environ.get("FORMS_TRUSTED_PROXIES", "")
FORMS_RATE_PER_IP = _rate("FORMS_RATE_PER_IP", "30/h")
FORMS_RATE_PER_EMAIL = _rate("FORMS_RATE_PER_EMAIL", "10/h")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
# The languages of portal_contract/languages.yaml. A string a language's catalog lacks is
# looked up in LANGUAGE_CODE's (Django's fallback): the first language of the file, the next
# step of the portal's rule (languages.fallbacks), and a complete one (records: required),
# so the rest of the chain is never needed. Django's own strings in a language it has no
# catalog for (zgh) come from there too.
LANGUAGE_CODE = languages.FIRST
LANGUAGES = [(language.code, language.name) for language in languages.LANGUAGES]
LANGUAGES_BIDI = [language.code for language in languages.LANGUAGES if language.rtl]
locale_info.add_missing(languages.LANGUAGES)  # LANG_INFO for a language Django does not know
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / "data"))
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # `forms-service collectstatic` for the reverse proxy
# WhiteNoise's conveniences for development only (FORMS_DEBUG=1): the staff area's files found
# in the apps without collectstatic, and every file looked for again at each request. With
# DEBUG off, WhiteNoise lists var/static/ (collectstatic) and site/ once, as each process
# starts, and serves from that list: nothing found by searching the disk per request.
WHITENOISE_USE_FINDERS = DEBUG
# Sessions (staff's sign-in; on public pages, the references a browser sent, which alone it
# may see the confirmation page of: submissions/sent.py): the cookie never reaches
# scripts, nor other sites' requests. Expired ones stay in the database until
# `forms-service clearsessions`.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A staff session ends after this many minutes without a request (staff/sessions.py): each
# request saves the session, moving its end on. Public visitors' sessions are empty, so are
# never saved.
STAFF_SESSION_IDLE_MINUTES = _integer("FORMS_STAFF_SESSION_IDLE_MINUTES", "60")
SESSION_SAVE_EVERY_REQUEST = True
# Production is served over HTTPS (FORMS_HTTPS=1; FORMS_SECURE_COOKIES=1 is the older name),
# behind a reverse proxy that says so in X-Forwarded-Proto: cookies only over HTTPS, plain
# HTTP redirected, and browsers told to use HTTPS for a year (HSTS). `forms-service check
# --deploy` passes with these (tests/forms_service/test_security.py).
# SECURE_PROXY_SSL_HEADER makes Django take a request for HTTPS when, and only when, it
# carries "X-Forwarded-Proto: https", from whoever sent it. So the proxy must set that header
# on every request it forwards, replacing any the client sent (nginx: `proxy_set_header
# X-Forwarded-Proto $scheme;`): without it every request looks like plain HTTP and is
# redirected to HTTPS again and again, and posts fail the CSRF Origin check (https:// sent,
# http:// expected); passed on from the client, someone on plain HTTP could claim HTTPS. And
# the service must be reachable only through the proxy (listening on 127.0.0.1).
HTTPS = _switch("FORMS_HTTPS", "0") or _switch("FORMS_SECURE_COOKIES", "0")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
LOGIN_URL = "/staff/login/"
# Where a sign-in lands when its `next` is missing or leads off the site (Django's default,
# /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "/staff/"
# Publishing approved records: commits on branches submissions/<reference> of this git
# repository (by default the project's own checkout), from FORMS_PUBLISH_BASE, pushed to
# FORMS_PUBLISH_REMOTE (a remote's name or URL) when it is set.
FORMS_PUBLISH_REPO = Path(os.environ.get("FORMS_PUBLISH_REPO", BASE_DIR))
FORMS_PUBLISH_BASE = os.environ.get("FORMS_PUBLISH_BASE", "main")
FORMS_PUBLISH_REMOTE = os.environ.get("FORMS_PUBLISH_REMOTE", "")
FORMS_PUBLISH_COMMITTER = "Partnership portal"
# Seconds any one git command may take (a push to a remote that never answers, say).
FORMS_GIT_TIMEOUT = _integer("FORMS_GIT_TIMEOUT", "60")
# Seconds pg_dump (`forms-service backup`) or pg_restore (`restore`) may take before it is
# stopped and the command fails.
FORMS_BACKUP_TIMEOUT = _seconds("FORMS_BACKUP_TIMEOUT", "3600")
# Personal data is removed this many days after a submission's last change (`purge`).
FORMS_RETENTION_DAYS = _integer("FORMS_RETENTION_DAYS", "1095")
OTP_TOTP_ISSUER = "Partnership portal"  # as staff's authenticator apps show it
# Failed staff sign-ins before a wait (forms_service/staff/attempts.py): per account from one
# address, and per account from all the addresses that failed; and per address, on any accounts.
STAFF_LOGIN_ATTEMPTS = _integer("FORMS_STAFF_LOGIN_ATTEMPTS", "10")
STAFF_LOGIN_ATTEMPTS_PER_ADDRESS = _integer(
    "FORMS_STAFF_LOGIN_ATTEMPTS_PER_ADDRESS", str(3 * STAFF_LOGIN_ATTEMPTS)
)
STAFF_LOCKOUT_MINUTES = _integer("FORMS_STAFF_LOCKOUT_MINUTES", "15")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads older hashes, if any
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]  # fmt: skip
# Saved forms (save and return): the emailed link works this many days after the last save;
# the draft is removed this many days after its call closes, or when the link expires.
FORMS_DRAFT_LINK_DAYS = _integer("FORMS_DRAFT_LINK_DAYS", "30")
FORMS_DRAFT_RETENTION_DAYS = _integer("FORMS_DRAFT_RETENTION_DAYS", "30")
# Where messages go that the service cannot pass on itself (e.g. an answer to a partnership
# request published by hand, whose authors' address it does not have).
FORMS_STAFF_EMAIL = os.environ.get("FORMS_STAFF_EMAIL", "partenariat@portail-mre.example")
# The language those messages are written in: one of languages.yaml's codes.
FORMS_STAFF_LANGUAGE = os.environ.get("FORMS_STAFF_LANGUAGE", "fr")
if FORMS_STAFF_LANGUAGE not in languages.CODES:
    raise ImproperlyConfigured(
        f"FORMS_STAFF_LANGUAGE={FORMS_STAFF_LANGUAGE!r}: one of {', '.join(languages.CODES)}"
    )
# PORTAL_ORIGIN: the public address of the site and the forms (e.g.
# https://partenariat.example.ma), which every link in an email starts with; the site is built
# for the same one (`site-builder build` reads it too). Unset: http://127.0.0.1:8000, `make
# run`'s. A path, query or other scheme than http(s) is refused (portal_origin.parse).
if "FORMS_ORIGIN" in os.environ:  # its former name: ignored, emails would leave for 127.0.0.1
    raise ImproperlyConfigured(
        "FORMS_ORIGIN is now PORTAL_ORIGIN, one address for the site and the emails: rename it"
    )
try:
    PORTAL_ORIGIN = portal_origin.parse(os.environ.get("PORTAL_ORIGIN") or portal_origin.DEFAULT)
except portal_origin.OriginError as exc:
    raise ImproperlyConfigured(f"PORTAL_ORIGIN: {exc}") from None
# An alert subscription not confirmed within this many days is removed by `purge`.
ALERTS_CONFIRM_DAYS = _integer("FORMS_ALERTS_CONFIRM_DAYS", "7")
SITE_DIR = Path(os.environ.get("FORMS_SITE_DIR", BASE_DIR / "site"))
WHITENOISE_ROOT = SITE_DIR
WHITENOISE_INDEX_FILE = True  # /fr/calls/ → site/fr/calls/index.html
# FORMS_SITE_AUTOREFRESH=1 (`make run` sets it, with DEBUG off): site/ is rebuilt (and
# var/static/ refilled) while the service runs, so WhiteNoise looks each file up at each
# request rather than in the list it made at start. Off by default: in production the web
# server serves site/, and the list made at start is what WhiteNoise is meant to serve from.
WHITENOISE_AUTOREFRESH = DEBUG or _switch("FORMS_SITE_AUTOREFRESH", "0")
USE_I18N = True
# A post sent sooner than this after its page was shown is taken for a program's.
FORMS_MIN_FILL_SECONDS = _seconds("FORMS_MIN_FILL_SECONDS", "2", zero=True)
LOCALE_PATHS = [catalogs.compiled(VAR_DIR / "locale")]  # from forms_service/locale

# Logging: to stderr (gunicorn and systemd keep it), whatever DEBUG says. A 500
# ("django.request") and a refused request ("django.security": a wrong Host, an altered post)
# are written with their path, status, the submission's reference when there is one, the
# request's id and the traceback; never the request's body, POST data, headers or cookies,
# and with every posted value and email address blanked out of the text
# (forms_service/logs.py). The service's own messages ("forms_service") go there too: one line
# per request ("forms_service.access": id, method, path without the query string, status,
# duration, reference; forms_service/access.py), one per task of the worker that did
# something or failed ("forms_service.worker": counts and duration; an idle one is DEBUG, not
# written), one per queued row given up on ("forms_service.retries", an ERROR), and the rest
# (e.g. a submission the database could not store).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "forms_service.logs.Context"}},
    "formatters": {
        "redacting": {
            "()": "forms_service.logs.Redacting",
            "format": "%(asctime)s %(levelname)s %(name)s [status %(status_code)s, reference"
            " %(reference)s, request %(request_id)s] %(message)s",
        },
        "django.server": DEFAULT_LOGGING["formatters"]["django.server"],
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["context"],
            "formatter": "redacting",
        },
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "loggers": {
        # In place of Django's own handlers (the console only with DEBUG, email to ADMINS).
        "django": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "forms_service": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # pypdf warns of each thing it repairs while reading a broken file: a crafted upload of
        # a few kilobytes made it print a million lines. Its errors only, in the service's log.
        "pypdf": {"handlers": ["stderr"], "level": "ERROR"},
        # `runserver`'s line per request (`make run`), as Django has it.
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
    },
}

# Email: the outbox worker sends through this SMTP server.
EMAIL_HOST = os.environ.get("FORMS_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = _integer("FORMS_SMTP_PORT", "25")
# Seconds to wait for the SMTP server at each step before giving up on it for this run.
EMAIL_TIMEOUT = _seconds("FORMS_SMTP_TIMEOUT", "10")
# The worker's queues (emails, records to publish): a row is given up on, and shown to
# staff as failed, after this many tries (the waits between them double: 1 minute ... 6
# hours); a worker holds the row it works on this many seconds at most, after which another
# worker may take it (longer than one SMTP exchange or one git push can last).
FORMS_MAX_ATTEMPTS = _integer("FORMS_MAX_ATTEMPTS", "12")
FORMS_WORKER_LEASE_SECONDS = _integer("FORMS_WORKER_LEASE_SECONDS", "300")
DEFAULT_FROM_EMAIL = os.environ.get("FORMS_FROM_EMAIL", "partenariat@portail-mre.example")
# `make run` prints emails instead of sending them: django.core.mail.backends.console...
EMAIL_BACKEND = os.environ.get("FORMS_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
