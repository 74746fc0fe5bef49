"""Ponte settings: one module, configured from the environment.

Every value that differs between a developer's laptop and production comes from
an environment variable; the defaults are for development only (embedded SQLite
under ``var/``, console email, jobs run in-process). With ``DEBUG`` off the
settings are production-grade and pass ``manage.py check --deploy``.
"""

from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

# Lets the typed generics of django-stubs (ModelForm[Person]…) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("PONTE_VAR_DIR", default=str(REPO_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "ponte.core.admin_site.PonteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    # django-ninja as an app: the API documentation uses its bundled Swagger UI, not a CDN.
    "ninja",
    "ponte.core",
    "ponte.membership",
    "ponte.meetings",
    "ponte.stats",
    "ponte.funds",
    "ponte.partnerships",
    "ponte.sponsorship",
    "ponte.opportunities",
    "ponte.standards",
    "ponte.qa",
    "ponte.conformity",
    "ponte.experts",
    "ponte.innovation",
    "ponte.portal",
    "ponte.search",
    "ponte.outreach",
    "ponte.privacy",
    "ponte.tokens",
]

MIDDLEWARE = [
    "ponte.core.page_cache.StorePublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ponte.core.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ponte.core.middleware.StaffTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ponte.core.page_cache.ServePublicPageMiddleware",
]
# Public pages and API answers for visitors who are not signed in are shared from the cache this long
# (``core/page_cache.py``).
PONTE_PAGE_CACHE_SECONDS = env.int("PONTE_PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)

ROOT_URLCONF = "ponte.urls"
WSGI_APPLICATION = "ponte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ponte.core.context_processors.ponte",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ponte.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- Cache and background jobs -------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis down must not take the site down: the cache answers from each process's memory meanwhile
    # (ponte.core.cache says what that means for the sign-in lockout); sessions are in the database.
    CACHES = {
        "default": {
            "BACKEND": "ponte.core.cache.RedisCacheWithFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ponte",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis is the broker when configured; without it jobs run in-process
# (eagerly) so the embedded set-up needs no other service. Jobs are started through
# ponte.core.jobs.enqueue, which keeps them in the outbox while the broker is down.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# No job's result is ever read: none is stored, and publishing a job needs nothing but the broker.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that publishes a job waits at most about a second for an unreachable broker.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
# Periodic jobs (``celery -A ponte beat``): daily digests of new matches.
CELERY_BEAT_SCHEDULE = {
    # Jobs kept in the outbox while the broker was down are published once it is back.
    "publish-waiting-jobs": {
        "task": "ponte.core.tasks.publish_waiting_jobs",
        "schedule": 60.0,
    },
    "opportunity-digests": {
        "task": "ponte.opportunities.tasks.send_opportunity_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    # Deadline reminders (invoices, meeting registrations, fellowship nominations): once a day, never twice.
    "portal-deadline-reminders": {
        "task": "ponte.portal.tasks.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=15),
    },
    "qa-unanswered-reminders": {
        "task": "ponte.qa.tasks.remind_leadership_of_unanswered",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # Early May: this year's International MSME Day (27 June) newsletter, drafted once for staff to review.
    "outreach-msme-day-draft": {
        "task": "ponte.outreach.tasks.draft_msme_day_campaign",
        "schedule": crontab(hour=6, minute=30, day_of_month="1-7", month_of_year=5),
    },
}

# --- Authentication ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:account"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up signs in and goes on to where sign-up started
# (e.g. recording one's organisation to apply): no second sign-in on the way.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "ponte.core.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Ponte"

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"  # never served by the web server: private documents
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
WHITENOISE_USE_FINDERS = DEBUG

# --- Email ---------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# With the file backend (``make faults`` checks that queued email is sent), one file per message here.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "emails"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ponte <noreply@ponte.example>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# The API gives at most 100 items a page (django-ninja; ponte.core.pagination bounds the start too).
NINJA_PAGINATION_MAX_LIMIT = 100

# --- Security (production) -----------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline; nothing from
# elsewhere. Inline style attributes stay allowed: server-drawn charts set their bars' widths with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Ponte ---------------------------------------------------------------------
# Staff must sign in with a second factor; the demo can switch it off for a
# quick look, never in production.
PONTE_STAFF_REQUIRE_2FA = env.bool("PONTE_STAFF_REQUIRE_2FA", default=True)
# Printed on invoices: who bills and where to pay (the defaults are the demo's, not a real account).
PONTE_INVOICE_ISSUER = env.str(
    "PONTE_INVOICE_ISSUER", default="Ponte secretariat\nPlace des Nations\n1211 Geneva 20\nSwitzerland"
)
PONTE_INVOICE_BANK_ACCOUNT = env.str(
    "PONTE_INVOICE_BANK_ACCOUNT", default="IBAN CH00 0000 0000 0000 0000 0 (demo account) · BIC DEMOCHZZXXX"
)
# The domain in calendar event UIDs (code@domain): stable, so calendar apps update events instead of adding them.
PONTE_CALENDAR_DOMAIN = env.str("PONTE_CALENDAR_DOMAIN", default="ponte.example")
# Absolute links in emails sent by background jobs (no request to take the host from).
PONTE_SITE_URL = env.str("PONTE_SITE_URL", default="http://127.0.0.1:8000")
# Standards Q&A: a question without a visible answer this long is shown (and mailed weekly) to its group's leaders.
QA_UNANSWERED_AFTER_DAYS = env.int("QA_UNANSWERED_AFTER_DAYS", default=7)
