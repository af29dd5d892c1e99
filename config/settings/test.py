"""Settings for the test suite: fast hashing, immediate tasks, in-memory email."""

from .base import *  # noqa: F403
from .base import DATABASES, TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_MODE = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite in the tests: Django's backend, with a retry of a statement that meets the in-memory shared cache's
# table lock (tests/sqlite_backend/base.py says why). PostgreSQL (DATABASE_URL) is untouched.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "tests.sqlite_backend"
    # In memory, as with Django's own engine name (pytest-django's xdist suffix would otherwise turn the file
    # path into a test database name).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
