"""Settings, read from environment variables only (see README, "Configuration")."""

import hashlib
import hmac
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONSEILS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - only ever used with DEBUG on

# The key that seals each audit entry (audit.log): outside the database, so a rewritten chain is
# detected. Set it on its own so that changing SECRET_KEY leaves the chain verifiable; without
# it, a key derived from SECRET_KEY is used (`check --deploy` warns).
AUDIT_KEY = (
    os.environ.get("AUDIT_KEY", "")
    or hmac.new(SECRET_KEY.encode(), b"conseils.audit", hashlib.sha256).hexdigest()
)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "huey.contrib.djhuey",
    "django_cas_ng",  # its session tickets: sign-in with the university's CAS
    "conseils",
    "accounts",
    "audit",
    "law",
    "councils",
    "meetings",
    "convocations",
    "sittings",
    "elections",
    "minutes",
    "recommendations",
    "evaluation",
    "documents",
    "api",
    "ninja",  # serves the API docs page's Swagger UI from our static files, not a CDN
    "legal",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "conseils.caching.PrivateCacheMiddleware",
    # A step the meeting's state refuses: 409 with the reason, not the 403 about roles.
    "meetings.refusals.TransitionRefusedMiddleware",
]

ROOT_URLCONF = "conseils.urls"
WSGI_APPLICATION = "conseils.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "conseils.context.branding",
            ],
            "builtins": [
                "conseils.templatetags.dates",
                "conseils.templatetags.french",
                # {% url %} answered from memory: conseils/urlcache.py
                "conseils.templatetags.links",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'conseils.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first so that a locked-out address never reaches a password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Five failures per (e-mail, client address): the e-mail lower-cased and trimmed, the address
# read behind TRUSTED_PROXY_COUNT reverse proxies (accounts/signin.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.signin.username_of"
AXES_CLIENT_IP_CALLABLE = "accounts.signin.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form calls the e-mail field "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "conseils" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_ROOT = Path(os.environ.get("CONSEILS_PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CSV_IMPORT_MAX_BYTES = 1024 * 1024


def email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:pass@host:port, smtps://…, console://, locmem://."""
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    options = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": backends[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": parts.username or "",
        "EMAIL_HOST_PASSWORD": parts.password or "",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": options.get("tls", ["0"])[0] in {"1", "true"},
    }


globals().update(email_settings(os.environ.get("EMAIL_URL", "console://")))
# A mail server that stops answering fails the e-mail after this long instead of holding a
# worker, its kept connection and a member's lease (DELIVERY_LEASE_SECONDS) for ever.
EMAIL_TIMEOUT = 60
# Absolute links in e-mails (no request at hand when a task sends them).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Conseils <conseils@localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        # Two deployments (or a test run) sharing one Redis database keep apart by name.
        "name": os.environ.get("HUEY_NAME", "conseils"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "conseils",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }

# Sessions: with Redis, each request reads its session there, and PostgreSQL only when Redis has
# lost it (cached_db writes both); a database session cost every page a query Django builds and
# compiles anew. Without Redis they stay in the database: a cache of each process's memory would
# keep a session another process has signed out.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": HUEY["name"],  # two deployments sharing a Redis database keep apart
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Mandates (README, "Mandates"): default terms per council type and category. A term is
# "academic_year" (until the last day of the academic year, ACADEMIC_YEAR_LAST_DAY) or a number of
# years; "*" is every other category. Seats of a type with "until_successor" keep sitting past
# their term until a successor is designated. CPER values are the establishment's choice (the
# seed page sets no term); the INSPE councils' values are those of the Code (art. D. 721-6).
MANDATES = {
    "academic_year_last_day": (8, 31),  # month, day
    "reminder_days": (60, 30),  # before a seat's term ends: the director and head of mention
    "renewal_window_days": 120,  # seats whose term ends within this many days are renewed
    "council_types": {
        "cper": {"terms": {"student_representative": "academic_year"}, "until_successor": False},
        "inspe_institute_council": {"terms": {"*": 5, "user": 2}, "until_successor": True},
        "inspe_cosp": {"terms": {"*": 5}, "until_successor": True},
    },
}

# A convocation's delivery: a worker holds a member this long while sending; a member still
# queued this long after anybody could have held them is queued again (see convocations.tasks).
DELIVERY_LEASE_SECONDS = int(os.environ.get("DELIVERY_LEASE_SECONDS", "300"))
DELIVERY_STUCK_AFTER_SECONDS = int(os.environ.get("DELIVERY_STUCK_AFTER_SECONDS", "600"))

SIGNING_KEY_FILE = os.environ.get("SIGNING_KEY_FILE", "")
SIGNING_CERT_FILE = os.environ.get("SIGNING_CERT_FILE", "")
# Without the director's pair, documents are signed with a self-signed demo pair that says so:
# only in development, or when a demonstration server asks for it (SIGNING_DEMO=1).
SIGNING_DEMO = env_bool("SIGNING_DEMO", DEBUG)

# Institution look (logo and colours are settings: an INSPE must not use the State's DSFR).
BRAND_NAME = os.environ.get("BRAND_NAME", "Conseils")
BRAND_PRIMARY = os.environ.get("BRAND_PRIMARY", "#5b1f69")
BRAND_LOGO = os.environ.get("BRAND_LOGO", "conseils/logo.svg")

# Years a person is kept after their last seat ends before `conseils retention` pseudonymises
# them; each institution may set its own in its legal wording (legal.LegalWording).
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


# --- University sign-in: CAS and OpenID Connect (issue 14 §3; README, "University sign-in") ---
# Each protocol is on when its variables are set. A university account opens Conseils only for a
# person already in the directory, matched on uid, mail or eppn; nobody is created.
CAS_SERVER_URL = os.environ.get("CAS_SERVER_URL", "")
CAS_VERSION = os.environ.get("CAS_VERSION", "3")
CAS_MATCH_ATTRIBUTE = os.environ.get("CAS_MATCH_ATTRIBUTE", "uid")
CAS_CREATE_USER = False
CAS_STORE_NEXT = False
CAS_CHECK_NEXT = True
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_REDIRECT_URL = "/"

OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_MATCH_CLAIM = os.environ.get("OIDC_MATCH_CLAIM", "email")
OIDC_MATCH_ATTRIBUTE = os.environ.get("OIDC_MATCH_ATTRIBUTE", "mail")
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # for the provider's logout
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/comptes/universite/inconnu/"

for _attribute in (CAS_MATCH_ATTRIBUTE, OIDC_MATCH_ATTRIBUTE):
    if _attribute not in {"uid", "mail", "eppn"}:
        raise ImproperlyConfigured(
            f"CAS_MATCH_ATTRIBUTE / OIDC_MATCH_ATTRIBUTE: uid, mail or eppn, not {_attribute!r}."
        )


def allow_form_redirect_to(policy: dict[str, Any], url: str) -> dict[str, Any]:
    """The policy, with the origin of `url` among the targets of a form: signing out is a form
    whose answer sends the browser to the university's sign-out page."""
    parts = urlsplit(url)
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives["form-action"], f"{parts.scheme}://{parts.netloc}"]
    return {**policy, "DIRECTIVES": directives}


if CAS_SERVER_URL:
    AUTHENTICATION_BACKENDS.append("accounts.university_backends.CASBackend")
    CONTENT_SECURITY_POLICY = allow_form_redirect_to(CONTENT_SECURITY_POLICY, CAS_SERVER_URL)
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("accounts.university_backends.OIDCBackend")
    if OIDC_OP_LOGOUT_ENDPOINT:
        CONTENT_SECURITY_POLICY = allow_form_redirect_to(
            CONTENT_SECURITY_POLICY, OIDC_OP_LOGOUT_ENDPOINT
        )
# --- end of university sign-in ---
