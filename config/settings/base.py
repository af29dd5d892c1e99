"""Settings shared by every environment. Environment-specific files import * from here."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-only-for-local-demo-use-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Demo mode: synthetic data only, a banner on every page, MFA enrolment may be skipped.
# Production settings refuse to start with it on.
DEMO_MODE = env_bool("DEMO_MODE", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "Safeguarding Reviews"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "safeguarding_reviews.core",
    "safeguarding_reviews.audit",
    "safeguarding_reviews.accounts",
    "safeguarding_reviews.organisations",
    "safeguarding_reviews.cases",
    "safeguarding_reviews.working_days",
    "safeguarding_reviews.clocks",
    "safeguarding_reviews.subjects",
    "safeguarding_reviews.referrals",
    "safeguarding_reviews.documents",
    "safeguarding_reviews.screening",
    "safeguarding_reviews.notifications",
    "safeguarding_reviews.alerts",
    "safeguarding_reviews.emails",
    "safeguarding_reviews.drafts",
    "safeguarding_reviews.dashboards",
    "safeguarding_reviews.chronology",
    "safeguarding_reviews.rapid_review",
    "safeguarding_reviews.outcomes",
    "safeguarding_reviews.meetings",
    "safeguarding_reviews.reviewers",
    "safeguarding_reviews.parallel_processes",
    "safeguarding_reviews.actions",
    "safeguarding_reviews.action_plans",
    "safeguarding_reviews.signoffs",
    "safeguarding_reviews.reports",
    "safeguarding_reviews.report_drafts",
    "safeguarding_reviews.practitioners",
    "safeguarding_reviews.families",
    "safeguarding_reviews.final_reports",
    "safeguarding_reviews.local_reviews",
    "safeguarding_reviews.panel",
    "safeguarding_reviews.redaction",
    "safeguarding_reviews.publication",
    "safeguarding_reviews.backups",
    "safeguarding_reviews.scheduler",
    "safeguarding_reviews.demo",  # last: above every domain app
]

MIDDLEWARE = [
    "safeguarding_reviews.core.middleware.RequestIdMiddleware",
    "safeguarding_reviews.audit.middleware.AccessRefusedAuditMiddleware",  # sees every final 403/404
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeguarding_reviews.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "safeguarding_reviews.accounts.middleware.RequireMFAMiddleware",
    "safeguarding_reviews.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safeguarding_reviews" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding_reviews.core.context_processors.service",
                "safeguarding_reviews.accounts.context_processors.session_timeout",
                "safeguarding_reviews.organisations.context_processors.navigation",
                # After navigation: it relies on the roles navigation has already loaded (one query).
                "safeguarding_reviews.alerts.context_processors.alerts",
            ],
            "builtins": ["safeguarding_reviews.core.templatetags.govuk"],
        },
    }
]
# The project's own GOV.UK form templates (crispy-forms-gds is stale: docs/adr/0004).
FORM_RENDERER = "safeguarding_reviews.core.forms.GovukFormRenderer"

# --- Database -------------------------------------------------------------------------------------
# Embedded default: SQLite in WAL mode under var/. DATABASE_URL switches to PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: the pages' queries are short, and a list's correlated subqueries estimate costs past
        # jit_above_cost, so PostgreSQL spent 150 ms compiling a 20 ms query (docs/performance.md).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" when a read transaction upgrades.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared between processes: axes lockouts and rate limits depend on it) --------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # django-redis, because it can tolerate Redis being down (IGNORE_EXCEPTIONS): a read is a miss and a
    # write is dropped, so pages still serve and people can still sign in (the lockout counts are in the
    # database: AXES_HANDLER below). core.cache adds one thing: a failed `add` counts as done (allauth's
    # sign-in lock uses it). Short timeouts so a dead Redis costs a request half a second, not 30.
    CACHES = {
        "default": {
            "BACKEND": "safeguarding_reviews.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # logged (the error's type only), not raised
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}
    }

# --- Tasks ------------------------------------------------------------------------------------------
TASK_QUEUES = ["default", "emails"]
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in TASK_QUEUES}
    # RQ through the database outbox (core.outbox): a job asked for while Redis is down is kept with the
    # write that asked for it and relayed by `tick` once Redis is back.
    TASKS = {
        "default": {"BACKEND": "safeguarding_reviews.core.outbox.OutboxRQBackend", "QUEUES": TASK_QUEUES}
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

# --- Accounts and sign-in ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first (django-axes docs)
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "safeguarding_reviews.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # addresses are proven by accepting an invitation
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "allauth.account.forms.EmailAwarePasswordResetTokenGenerator"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Safeguarding Reviews] "
# Account enumeration: a reset request for an unknown address sends nothing (allauth would otherwise
# email "no account here" to any address typed in); the page answers the same either way.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = False
# Sensitive pages (authenticator app, recovery codes) ask for the password or a code again after 5 minutes.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
MFA_ADAPTER = "safeguarding_reviews.accounts.adapter.MFAAdapter"
ACCOUNT_FORMS = {
    "login": "safeguarding_reviews.accounts.forms.LoginForm",
    "reset_password": "safeguarding_reviews.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "safeguarding_reviews.accounts.forms.ResetPasswordKeyForm",
    "change_password": "safeguarding_reviews.accounts.forms.ChangePasswordForm",
    "reauthenticate": "safeguarding_reviews.accounts.forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "safeguarding_reviews.accounts.forms.AuthenticateForm",
    "reauthenticate": "safeguarding_reviews.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "safeguarding_reviews.accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Safeguarding Reviews"
MFA_RECOVERY_CODE_COUNT = 10
MFA_TRUST_ENABLED = False  # every sign-in asks for a code: no "trust this browser"
MFA_PASSKEY_LOGIN_ENABLED = False

# Lockout: 5 failures lock the account identifier for 15 minutes. The identifier axes stores is a
# hash of the email address, never the address itself. The counts are in the database (axes_accessattempt),
# so a lockout holds across every app process and while Redis is down; the submitted form is stored with
# the address and the code masked (AXES_SENSITIVE_PARAMETERS), the password never. axes deletes an
# account's attempts when its cool-off has passed or on a successful sign-in.
# Lockout parameters: by account ("username") and by the ip+account combination. We deliberately do
# NOT lock by IP address alone: partnership staff sign in from council, NHS and police networks
# that share one outgoing address, so five typos by one person would lock out a whole agency.
# The ip+username combination satisfies axes.W006 (it adds no lockout that "username" alone would
# not already cause); per-IP spraying across many accounts is slowed by allauth's own
# "login_failed" rate limit per IP, raised below.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_SENSITIVE_PARAMETERS = ["login", "email", "code", "csrfmiddlewaretoken"]
AXES_DISABLE_ACCESS_LOG = True  # no row for every successful sign-in (the audit trail records those)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "safeguarding_reviews.accounts.lockout.hashed_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "safeguarding_reviews.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# allauth's "login_failed" limit counts wrong passwords and wrong codes. Per address ("key"): 5 in 5 minutes;
# for the code step that is what blocks guessing (MFA_CODE_FAILURES in MFA_CODE_LOCK_MINUTES, 429 page
# saying how long). Per IP address: allauth's default of 10 a minute locked out a whole council office
# behind one shared address (SEC finding 5); raised to SIGN_IN_FAILURES_PER_IP_PER_MINUTE (default 100),
# which still slows a password spray from one address while the per-account lockout above does the rest.
SIGN_IN_FAILURES_PER_IP_PER_MINUTE = env_int("SIGN_IN_FAILURES_PER_IP_PER_MINUTE", 100)
MFA_CODE_FAILURES = 5
MFA_CODE_LOCK_MINUTES = 5
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{SIGN_IN_FAILURES_PER_IP_PER_MINUTE}/m/ip,{MFA_CODE_FAILURES}/{MFA_CODE_LOCK_MINUTES * 60}s/key"
    ),
}

# Sessions: 15 minutes idle (warning two minutes before), 12 hours absolute.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 15 * 60)
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60)
SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60
# What a person typed into a form and has not saved (drafts.Draft: typed into a long form, or a form sent
# after the session ran out) is deleted this long after it was kept, if not saved, discarded or put back.
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 7)
SESSION_ENGINE = "safeguarding_reviews.accounts.session_store"  # database sessions; an outage is not a 400
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "safeguarding_reviews.core.views.csrf_failure"

# --- Security headers -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Static files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [VAR_DIR / "frontend", BASE_DIR / "safeguarding_reviews" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "documents"  # outside the web root; served only through audited views

# --- Email ------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Safeguarding Reviews <no-reply@example.invalid>")

# --- Audit ------------------------------------------------------------------------------------------
# The checkpoint of the latest chain hash lives outside the audit table (and ideally off the machine).
AUDIT_CHECKPOINT_PATH = env_str("AUDIT_CHECKPOINT_PATH", str(VAR_DIR / "audit-checkpoint.json"))

# --- Locale -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Logging: request ids on every line, never personal data -----------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# dictConfig input: nested dicts of differing shapes, which production extends (the JSON formatter).
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "safeguarding_reviews.core.logging.RequestIdFilter"},
        "refusals_as_one_line": {"()": "safeguarding_reviews.core.logging.RefusalsAsOneLine"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # axes logs the submitted username and IP on every failure: silence it; we audit instead.
        "axes": {"level": "CRITICAL", "propagate": False},
        # runserver's access log includes query strings; ours (core.middleware) logs paths only.
        "django.server": {"level": "WARNING"},
        # A 4xx (a 403 included) is one line with a masked path; a 5xx keeps its traceback.
        "django.request": {"filters": ["refusals_as_one_line"]},
        "django.security": {"filters": ["refusals_as_one_line"]},
    },
}

# --- Documents (safeguarding_reviews/documents) --------------------------------------------------------
# Checked before anything is stored. Types are recognised by content, never by the file name.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
DOCUMENT_ALLOWED_TYPES = ["pdf", "png", "jpeg", "docx", "xlsx", "txt"]
# DOCX and XLSX are zip files: refuse ones that would expand beyond this, or by more than this ratio.
DOCUMENT_MAX_UNCOMPRESSED_BYTES = env_int("DOCUMENT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
DOCUMENT_MAX_COMPRESSION_RATIO = 100
DOCUMENT_MAX_ZIP_ENTRIES = 2000

# --- Throttling and retention (security finding 4; docs/operations.md) ---------------------------------
# Job-creating POSTs (the chronology Word export; core.throttle.job_rate_limit) per person, all kinds
# together: "10/10m" is 10 in any 10 minutes (units s, m, h). Counted in the default cache.
JOB_RATE_LIMIT = env_str("JOB_RATE_LIMIT", "10/10m")
# Days a chronology Word export's file is kept before `tick` deletes it (the record stays, "expired").
CHRONOLOGY_EXPORT_RETENTION_DAYS = env_int("CHRONOLOGY_EXPORT_RETENTION_DAYS", 7)
# A Word export still building after this many seconds is taken to have lost its worker (killed mid-build:
# RQ does not retry it); `tick` queues it again, and it is still stored once (chronology.exports).
STALE_JOB_REQUEUE_SECONDS = env_int("STALE_JOB_REQUEUE_SECONDS", 600)

# --- Housekeeping on `tick` (docs/operations.md "Housekeeping") ------------------------------------------
# Each job runs at most once per period (minutes), is claimed by a conditional UPDATE (two ticks run it once)
# and records one system audit event with counts only.
# Finished task rows (django-tasks-db) hold the arguments of each job, emails' bodies with their links among
# them: deleted this many days after they finished.
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 7)
TASK_RESULT_PRUNE_EVERY_MINUTES = env_int("TASK_RESULT_PRUNE_EVERY_MINUTES", 60)
# Sessions past their expiry date (the database session store keeps them until deleted).
SESSION_CLEAR_EVERY_MINUTES = env_int("SESSION_CLEAR_EVERY_MINUTES", 60)
# In-app alerts, read or not, deleted this many days after they were raised.
ALERT_RETENTION_DAYS = env_int("ALERT_RETENTION_DAYS", 90)
ALERT_PRUNE_EVERY_MINUTES = env_int("ALERT_PRUNE_EVERY_MINUTES", 24 * 60)

# --- Backups (safeguarding_reviews/backups, docs/operations.md "Backups") --------------------------------
# A 32-byte key, URL-safe base64: `manage.py backup` encrypts with it when set, `manage.py restore` decrypts.
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY", "")
# Where `manage.py backup` writes (its --output-dir); copy each file off the machine from here.
BACKUP_DIR = env_str("BACKUP_DIR", str(VAR_DIR / "backups"))
# Where a backup's plain copies are made before they are packed and encrypted: never inside BACKUP_DIR, which
# is copied off the machine. Empty means the system's temporary folder; it needs room for one backup.
BACKUP_WORK_DIR = env_str("BACKUP_WORK_DIR", "")
# Where pg_dump and pg_restore are; empty means the PATH. Use the client of the server's major version.
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR", "")

# --- Rapid review report rendering (safeguarding_reviews/reports, docs/reports.md) ----------------------
# Each Word template is rendered on the task worker in a separate process with these hard limits: address
# space (RLIMIT_AS) and CPU time (RLIMIT_CPU) set in the child, a wall-clock timeout after which the worker
# kills it, and the largest DOCX it may produce.
REPORT_RENDER_MAX_MEMORY_BYTES = env_int("REPORT_RENDER_MAX_MEMORY_BYTES", 512 * 1024 * 1024)
REPORT_RENDER_MAX_CPU_SECONDS = env_int("REPORT_RENDER_MAX_CPU_SECONDS", 20)
REPORT_RENDER_TIMEOUT_SECONDS = env_int("REPORT_RENDER_TIMEOUT_SECONDS", 30)
REPORT_RENDER_MAX_OUTPUT_BYTES = env_int("REPORT_RENDER_MAX_OUTPUT_BYTES", 20 * 1024 * 1024)
