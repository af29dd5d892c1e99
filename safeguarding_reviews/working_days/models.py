"""The effective England and Wales bank-holiday calendar and partnerships' own closure days.

Effective calendar = the published bank holidays (BankHoliday rows still in force)
                     + administrator overrides that add a day
                     - administrator overrides that remove a day.
Nothing is deleted: a replaced holiday gets `removed_at`, a withdrawn override `withdrawn_at`, so the
calendar any deadline was computed against can be reconstructed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.organisations.models import Partnership


class HolidaySource(models.TextChoices):
    PACKAGE = "package", "The holidays package"
    GOVUK_FILE = "govuk_file", "GOV.UK bank-holidays.json file"


class BankHoliday(models.Model):
    """A published England and Wales bank holiday on a weekday (GOV.UK lists substitute days, the
    days actually taken, and not the weekend dates they replace)."""

    date = models.DateField()
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=HolidaySource.choices)
    added_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(removed_at__isnull=True), name="one_bank_holiday_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class OverrideKind(models.TextChoices):
    ADD = "add", "Add a bank holiday (for example a one-off holiday)"
    REMOVE = "remove", "Remove a bank holiday (for example a holiday that moved)"


class BankHolidayOverride(models.Model):
    """A platform administrator's correction to the published list, with the reason."""

    date = models.DateField()
    kind = models.CharField(max_length=10, choices=OverrideKind.choices)
    title = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(withdrawn_at__isnull=True), name="one_override_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"Override {self.pk}"


class ClosureDay(models.Model):
    """A day a partnership's business unit is closed. Counts for its LOCAL clocks only, never statutory."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "date"],
                condition=models.Q(removed_at__isnull=True),
                name="one_closure_per_partnership_date",
            )
        ]

    def __str__(self) -> str:
        return f"Closure day {self.pk}"
