"""Production: PostgreSQL, Redis task workers, several gunicorn processes behind TLS."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import LOGGING

DEBUG = False

# No silent fallback to the embedded SQLite database or to localhost (SEC finding 5): production names both.
_REQUIRED = {
    "DATABASE_URL": "the PostgreSQL database, e.g. postgres://app:PASSWORD@db.internal:5432/safeguarding_reviews",
    "DJANGO_ALLOWED_HOSTS": "the host names the service answers to, comma-separated",
}
for _name, _what in _REQUIRED.items():
    if not env_str(_name).strip():
        raise ImproperlyConfigured(f"Set {_name} ({_what}): production does not start without it.")
if env_bool("DEMO_MODE", False):
    raise ImproperlyConfigured("DEMO_MODE must not be on in production: demo mode skips MFA enrolment.")
DEMO_MODE = False

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of at least 50 characters.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Structured logs: one JSON object per line (core.logging.JsonFormatter; the same filters, no personal data).
LOGGING["formatters"]["json"] = {"()": "safeguarding_reviews.core.logging.JsonFormatter"}
LOGGING["handlers"]["console"]["formatter"] = "json"
