"""The rapid review outcome: what the partners found and decided (issue 4 §6).

One outcome per case, versioned: every edit raises `version`, and a sign-off (signoffs app) is given against
one version, so an edit supersedes the sign-offs given before it. Child rows (immediate actions, learning,
evidence) belong to the outcome; adding, changing or removing them is an edit of the outcome and raises its
version too. Immediate actions are rows of the case action list (actions.CaseAction, source "immediate",
reached as `outcome.immediate_actions`): their status and dated updates live there and never raise the
outcome's version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel

from .criteria import Answer, Decision, OtherLearningReview


class PracticeTheme(models.Model):
    """The managed vocabulary of practice and learning themes (docs/outcomes.md), versioned with its source.
    A theme is retired (is_active False), never deleted, so old tags keep their meaning."""

    vocabulary_version = models.CharField(max_length=40)
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    source = models.CharField(max_length=400)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary_version", "code"], name="practice_theme_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


def _answer(label: str) -> models.CharField:
    return models.CharField(label, max_length=12, choices=Answer.choices, blank=True)


def _reason(label: str) -> models.TextField:
    return models.TextField(label, blank=True)


class RapidReviewOutcome(VersionedModel):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rapid_review_outcome")
    facts_summary = models.TextField("summary of the facts", blank=True)
    lived_context = models.TextField(
        "the child's and family's lived experience and context",
        blank=True,
        help_text=(
            "Include how racism, other inequalities and protected characteristics, including disability, may "
            "have shaped their experiences and the practice."
        ),
    )
    # Regulation 11 criteria (a)-(d), each with a reason (criteria.REG11_CRITERIA).
    reg11_a = _answer("criterion (a)")
    reg11_a_reason = _reason("reason for criterion (a)")
    reg11_b = _answer("criterion (b)")
    reg11_b_reason = _reason("reason for criterion (b)")
    reg11_c = _answer("criterion (c)")
    reg11_c_reason = _reason("reason for criterion (c)")
    reg11_d = _answer("criterion (d)")
    reg11_d_reason = _reason("reason for criterion (d)")
    # "Have regard to" circumstances (criteria.HAVE_REGARD_FACTORS), each with a reason.
    single_agency = _answer("concern about a single agency")
    single_agency_reason = _reason("reason: single agency")
    no_agency_involvement = _answer("no agency involvement")
    no_agency_involvement_reason = _reason("reason: no agency involvement")
    more_than_one_area = _answer("more than one area involved")
    more_than_one_area_reason = _reason("reason: more than one area")
    institutional_setting = _answer("institutional setting")
    institutional_setting_reason = _reason("reason: institutional setting")
    # Regulation 3 national review criteria (criteria.REG3_CRITERIA), each with a reason: asked from criteria
    # version "2018-789-reg3-reg11/WT2023" on only (outcomes started earlier keep their version).
    reg3_a = _answer("national review criterion (a)")
    reg3_a_reason = _reason("reason for national review criterion (a)")
    reg3_b = _answer("national review criterion (b)")
    reg3_b_reason = _reason("reason for national review criterion (b)")
    reg3_c = _answer("national review criterion (c)")
    reg3_c_reason = _reason("reason for national review criterion (c)")
    criteria_version = models.CharField(max_length=60, blank=True)
    # The decision
    decision = models.CharField("decision", max_length=30, choices=Decision.choices, blank=True)
    other_learning_review = models.CharField(
        "kind of learning review", max_length=30, choices=OtherLearningReview.choices, blank=True
    )
    national_review_appropriate = _answer("a national review may be appropriate")
    national_review_reason = _reason("reason: national review")
    rationale = models.TextField("rationale for the decision", blank=True)
    # Who drafted it: they may not sign it off (signoffs app).
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Everyone who has written any part of it: none of them may sign it off either.
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rapid review outcome {self.pk}"


class LearningPoint(models.Model):
    outcome = models.ForeignKey(RapidReviewOutcome, on_delete=models.PROTECT, related_name="learning_points")
    text = models.TextField("learning identified")
    themes = models.ManyToManyField(PracticeTheme, related_name="+", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Learning point {self.pk}"


class OutcomeEvidence(models.Model):
    """The rationale's evidence: a chronology entry, or a paragraph (section) of an agency return."""

    outcome = models.ForeignKey(RapidReviewOutcome, on_delete=models.PROTECT, related_name="evidence")
    chronology_entry = models.ForeignKey(
        "chronology.ChronologyEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency_return = models.ForeignKey(
        "rapid_review.AgencyReturn", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_section = models.CharField(max_length=40, blank=True)
    note = models.TextField("why it is evidence", blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(chronology_entry__isnull=False, agency_return__isnull=True, return_section="")
                    | models.Q(chronology_entry__isnull=True, agency_return__isnull=False)
                    & ~models.Q(return_section="")
                ),
                name="outcome_evidence_one_source",
            )
        ]

    def __str__(self) -> str:
        return f"Outcome evidence {self.pk}"
