"""Accounts: one account per person, whatever partnerships they serve."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        # There is no Django superuser in this service: the platform administrator has no case access.
        extra.setdefault("is_platform_admin", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Roles come from partnership memberships, never from flags on the account."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=200)
    is_active = models.BooleanField(default=True)
    # Manages partnerships and accounts; sees no case data (policies deny every case to this flag alone).
    is_platform_admin = models.BooleanField("platform administrator", default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or f"User {self.pk}"

    @property
    def is_staff(self) -> bool:
        # No Django admin is mounted; this keeps third-party checks quiet.
        return False


class UserSession(models.Model):
    """Links a server-side session to its user so "sign out everywhere" and deactivation can kill it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Session {self.pk}"
