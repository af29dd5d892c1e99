"""The serious incident notification to the Child Safeguarding Practice Review Panel (and only that:
in this product "notification" never means an email or an alert).

It mirrors the national Panel's online notification form (docs/screening-and-notification.md) so the business
unit can re-key it: the category, up to 4 children with their details, where and when the incident happened,
the case outline, further information and attachments; then the date it was sent, the Panel's reference and
the date local partners were told. One notification per incident (the current national rule), so one per
case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.screening.criteria import Answer

MAX_CHILDREN = 4


class NotificationCategory(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"
    LOOKED_AFTER_CHILD_DEATH = "looked_after_child_death", "Death of a looked-after child"
    CARE_LEAVER_DEATH = "care_leaver_death", "Death of a care leaver (up to and including age 24)"


class Notification(VersionedModel):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="notification")
    category = models.CharField("category", max_length=40, choices=NotificationCategory.choices, blank=True)
    incident_place = models.CharField("where the incident happened", max_length=300, blank=True)
    incident_date = models.DateField("date of the incident", null=True, blank=True)
    incident_time = models.TimeField("time of the incident", null=True, blank=True)
    outline = models.TextField("case outline", blank=True)
    further_information = models.TextField("further information", blank=True)
    sent_on = models.DateField("date sent to the Panel", null=True, blank=True)
    panel_reference = models.CharField("the Panel's reference", max_length=60, blank=True)
    local_partners_told_on = models.DateField(
        "date local safeguarding partners were told", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Notification {self.pk}"


def _answer(label: str) -> models.CharField:
    return models.CharField(label, max_length=12, choices=Answer.choices, blank=True)


class NotificationChild(VersionedModel):
    """A child named on the notification, with the details the national form asks for beyond the
    subject's own (age, sex, ethnicity and disability live on subjects.Subject)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="children")
    subject = models.ForeignKey("subjects.Subject", on_delete=models.PROTECT, related_name="+")
    looked_after = _answer("looked after")
    placement_type = models.CharField("placement type (if looked after)", max_length=200, blank=True)
    child_in_need_plan = _answer("child in need plan")
    child_protection_plan = _answer("child protection plan")
    known_to_agencies = _answer("known to any agency")
    health = models.TextField("health", blank=True)
    home_area = models.CharField("local authority area where the child lives", max_length=200, blank=True)

    class Meta:
        ordering = ["subject__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "subject"], name="notification_child_once")
        ]

    def __str__(self) -> str:
        return f"Notification child {self.pk}"
