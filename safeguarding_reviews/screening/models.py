"""Screening: the date the local authority became aware, the criteria checklist, and the decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Partnership

from .criteria import Answer, LearningRoute, Outcome


def _answer(label: str) -> models.CharField:
    return models.CharField(label, max_length=12, choices=Answer.choices, blank=True)


def _note(label: str) -> models.TextField:
    return models.TextField(label, blank=True)


class Screening(VersionedModel):
    """One per case. The business unit prepares it; the local authority delegate decides."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="screening")
    la_became_aware_on = models.DateField("date the local authority became aware", null=True, blank=True)
    # s16C(1)(a)/(b)
    abuse_or_neglect = _answer("abuse or neglect known or suspected")
    abuse_or_neglect_note = _note("note on abuse or neglect")
    death_or_serious_harm = _answer("death or serious harm")
    death_or_serious_harm_note = _note("note on death or serious harm")
    in_area = _answer("in the area, or normally resident here and harmed outside England")
    in_area_note = _note("note on where it happened")
    # Other notifiable categories
    looked_after_child_death = _answer("death of a looked-after child")
    looked_after_child_death_note = _note("note on looked-after child")
    care_leaver_death = _answer("death of a care leaver up to and including 24")
    care_leaver_death_note = _note("note on care leaver")
    # The child lived elsewhere
    lived_elsewhere = models.BooleanField("the child lived in another local authority's area", default=False)
    other_local_authority = models.CharField("other local authority", max_length=200, blank=True)
    other_partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="other partnership",
    )
    other_partnership_name = models.CharField(
        "other partnership (not on this service)", max_length=200, blank=True
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    # The decision
    outcome = models.CharField("outcome", max_length=30, choices=Outcome.choices, blank=True)
    learning_route = models.CharField(
        "other learning route", max_length=30, choices=LearningRoute.choices, blank=True
    )
    rationale = models.TextField("rationale", blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    inconsistency_confirmed = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Screening {self.pk}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    def answers(self) -> dict[str, str]:
        from .criteria import ALL_CRITERIA

        return {name: getattr(self, name) for name, _ in ALL_CRITERIA}


class ScrutinyComment(models.Model):
    """The Independent Chair's scrutiny of a screening, and the business unit's answers, as one thread."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="scrutiny_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_chair = models.BooleanField()
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"Scrutiny comment {self.pk}"
