"""Action plans (issue 16): recommendations from every source, the agencies' actions answering them, the
evidence, the assurance (evidence decisions, the committee's closure), the impact check and the chase.

- `Recommendation`: one per recommendation the partnership tracks, whatever its origin: an LCSPR's final
  report (`final_report_recommendation`, by its stable id), a rapid review learning point (`learning_point`),
  or adopted from elsewhere (a national review, another partnership's review, a thematic review:
  `source_title` and `source_detail`, no case, held at partnership level). Created and tracked at any
  stage: publication can be held for a year and the work cannot wait. Versioned (ADR 0005).
- The agencies' actions are `actions.CaseAction` rows with `source="recommendation"` and `recommendation` set
  (one model for every action: the rapid review's immediate and meeting actions come in as actions too). The
  statuses and moves are `actions/lifecycle.py`; overdue is derived, never stored.
- `ActionEvidence`: a file in the document store (kind: audit, sample, training record, revised procedure)
  an agency gives for one action. `EvidenceDecision`: the business unit's or the committee's answer to the
  agency's claim that an action is complete: accepted, or returned with questions.
- `RecommendationClosure`: the committee's decision closing a recommendation (meeting, date), only when every
  action is evidence-accepted or withdrawn with approval (closure.py). Reopening (impact not shown) ends it.
- `ImpactCheckRule`: rule data (versioned, with its source): how many months after closure the impact check
  falls due (6 to 12). `ImpactCheck`: scheduled at closure; what changed for children, the evidence and
  "impact shown / not shown / partly" with a reason; "not shown" reopens the recommendation with a new action.
- `ActionChase`: one reminder or one step of the escalation ladder (escalation.py) for one action and due
  date, recorded before its email goes, so each is taken once.
Written through action_plans.services only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel

from .closure import ImpactResult, RecommendationStatus
from .escalation import EscalationStep


class RecommendationOrigin(models.TextChoices):
    LCSPR = "lcspr", "Local child safeguarding practice review (final report)"
    RAPID_REVIEW = "rapid_review", "Rapid review learning point"
    NATIONAL = "national", "National review"
    OTHER_PARTNERSHIP = "other_partnership", "Another partnership's review"
    THEMATIC = "thematic", "Thematic review"


# Adopted from elsewhere: entered by the business unit with their source; no case.
ADOPTED_ORIGINS = frozenset(
    {RecommendationOrigin.NATIONAL, RecommendationOrigin.OTHER_PARTNERSHIP, RecommendationOrigin.THEMATIC}
)


class Recommendation(VersionedModel):
    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="+")
    # Empty for a recommendation adopted from elsewhere (held at partnership level).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    origin = models.CharField(max_length=20, choices=RecommendationOrigin.choices)
    # The final report's recommendation this one tracks (its id never changes; the text is copied so the plan
    # keeps it if the record is edited or the recommendation removed from it before sign-off).
    final_report_recommendation = models.OneToOneField(
        "final_reports.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plan_recommendation",
    )
    learning_point = models.OneToOneField(
        "outcomes.LearningPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plan_recommendation",
    )
    # For an adopted recommendation: the review it comes from, and where in it (number, year, link).
    source_title = models.CharField("name of the review it comes from", max_length=300, blank=True)
    source_detail = models.CharField("where in that review", max_length=300, blank=True)
    number = models.PositiveIntegerField("number", default=1)
    text = models.TextField("recommendation")
    all_partners = models.BooleanField("addressed to all partners", default=False)
    lead_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contributing_agencies = models.ManyToManyField("organisations.Agency", related_name="+", blank=True)
    expected_difference = models.TextField("the expected difference for children", blank=True)
    measured_by = models.TextField("how the difference will be measured", blank=True)
    due_on = models.DateField("due date", null=True, blank=True)
    themes = models.ManyToManyField("outcomes.PracticeTheme", related_name="+", blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    # How many times "impact not shown" has reopened it.
    reopened_count = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["partnership", "case", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(origin="lcspr", case__isnull=False, learning_point__isnull=True)
                    | models.Q(
                        origin="rapid_review", case__isnull=False, final_report_recommendation__isnull=True
                    )
                    | models.Q(
                        origin__in=["national", "other_partnership", "thematic"],
                        case__isnull=True,
                        final_report_recommendation__isnull=True,
                        learning_point__isnull=True,
                    )
                ),
                name="recommendation_origin_matches_links",
            ),
            # "All partners", or a lead agency (with any contributing agencies).
            models.CheckConstraint(
                condition=models.Q(all_partners=True, lead_agency__isnull=True)
                | models.Q(all_partners=False),
                name="recommendation_all_partners_has_no_lead",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="recommendation_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status"], name="recommendation_plan_status"),
            models.Index(fields=["case", "number"], name="recommendation_case_number"),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.pk}"

    @property
    def is_adopted(self) -> bool:
        return self.origin in ADOPTED_ORIGINS


class EvidenceKind(models.TextChoices):
    AUDIT = "audit", "Audit"
    SAMPLE = "sample", "Sample of cases or records"
    TRAINING_RECORD = "training_record", "Training record"
    REVISED_PROCEDURE = "revised_procedure", "Revised procedure"


class ActionEvidence(models.Model):
    """A file an agency gives as evidence for one action, kept in the document store (purpose
    "action_evidence"; read through action_plans:evidence_download, which checks the plan's access)."""

    action = models.ForeignKey("actions.CaseAction", on_delete=models.PROTECT, related_name="evidence")
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    description = models.TextField("what it shows", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Action evidence {self.pk}"


class EvidenceOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Evidence accepted"
    RETURNED = "returned", "Returned with questions"


class DecidedBy(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "The business unit"
    COMMITTEE = "committee", "The monitoring committee"


class EvidenceDecision(models.Model):
    """The answer to an agency's claim that an action is complete: accepted, or returned with questions."""

    action = models.ForeignKey(
        "actions.CaseAction", on_delete=models.PROTECT, related_name="evidence_decisions"
    )
    outcome = models.CharField(max_length=20, choices=EvidenceOutcome.choices)
    questions = models.TextField("questions for the agency", blank=True)
    decided_by_body = models.CharField(max_length=20, choices=DecidedBy.choices)
    # The committee's meeting, when the committee decided.
    meeting = models.CharField("committee meeting", max_length=200, blank=True)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Evidence decision {self.pk}"


class RecommendationClosure(models.Model):
    """The monitoring committee's decision that a recommendation is closed. Ended (`reopened_on`) when an
    impact check finds no impact; the closure stays on the record."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="closures")
    meeting = models.CharField("committee meeting", max_length=200)
    decided_on = models.DateField("date of the decision")
    note = models.TextField("the committee's decision", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    reopened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Recommendation closure {self.pk}"


class ImpactCheckRule(models.Model):
    """When the impact check falls due after a recommendation closes (rule data, versioned with its source):
    not before `earliest_months`, due by `due_months` (at most `latest_months`). Loaded by migration 0002 and
    again after a flush (seed.py). A new version is added by a migration that cites its source; a closure
    keeps the rule in force when it was made (ImpactCheck.rule)."""

    version = models.CharField(max_length=40, unique=True)
    source = models.CharField(max_length=400)
    earliest_months = models.PositiveSmallIntegerField(default=6)
    due_months = models.PositiveSmallIntegerField(default=9)
    latest_months = models.PositiveSmallIntegerField(default=12)
    effective_from = models.DateField()

    class Meta:
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_months__lte=models.F("due_months"))
                & models.Q(due_months__lte=models.F("latest_months")),
                name="impact_rule_months_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Impact check rule {self.version}"


class ImpactCheck(VersionedModel):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="impact_checks")
    closure = models.OneToOneField(
        RecommendationClosure, on_delete=models.PROTECT, related_name="impact_check"
    )
    rule = models.ForeignKey(ImpactCheckRule, on_delete=models.PROTECT, related_name="+")
    earliest_on = models.DateField()
    due_on = models.DateField()
    latest_on = models.DateField()
    what_changed = models.TextField("what changed for children", blank=True)
    evidence = models.TextField("the evidence", blank=True)
    result = models.CharField(max_length=20, choices=ImpactResult.choices, blank=True)
    reason = models.TextField("reason", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField(null=True, blank=True)
    # The action added when the impact was not shown (the recommendation reopens with it).
    new_action = models.OneToOneField(
        "actions.CaseAction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result="") | models.Q(recorded_on__isnull=False),
                name="impact_check_result_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Impact check {self.pk}"


class ActionChase(models.Model):
    """One reminder before an action's due date, or one step of the escalation ladder once it is overdue,
    recorded before its email goes. Unique per (action, due date, step): each step is taken once for a due
    date, and a new due date (an agreed extension) starts the ladder again."""

    action = models.ForeignKey("actions.CaseAction", on_delete=models.PROTECT, related_name="chases")
    step = models.CharField(max_length=30, choices=EscalationStep.choices)
    due_on = models.DateField()
    chased_at = models.DateTimeField()
    chased_on = models.DateField()
    # Whether anyone was emailed (a step with nobody to tell is still recorded, so the ladder moves on).
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["chased_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "due_on", "step"], name="one_action_chase_per_step")
        ]

    def __str__(self) -> str:
        return f"Action chase {self.pk}"


# --- The monitoring view (issue 16 items 5 and 6): linked recommendations and the exports ----------------


class RecommendationGroup(models.Model):
    """Recommendations the business unit linked as the same recommendation made again (repeated
    recommendations: similar.py finds the candidates; the business unit decides). A recommendation is in at
    most one group; linking two groups' members merges them into the older group."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Recommendation group {self.pk}"


class RecommendationLink(models.Model):
    """One recommendation's place in a group of linked recommendations."""

    group = models.ForeignKey(RecommendationGroup, on_delete=models.CASCADE, related_name="links")
    recommendation = models.OneToOneField(Recommendation, on_delete=models.PROTECT, related_name="link")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at", "pk"]

    def __str__(self) -> str:
        return f"Recommendation link {self.pk}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Spreadsheet (XLSX)"
    DOCX = "docx", "Committee report (Word)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be built"


EXPORT_IN_FLIGHT = frozenset({ExportStatus.QUEUED, ExportStatus.RUNNING})


class MonitoringExport(models.Model):
    """An export of the monitoring view as the person who asked may see it, with the view's filters: the
    spreadsheet (one row per action with its latest update, built on the task worker by
    monitoring_tasks.monitoring_export_build, with its progress) or the Word committee report for the quarter
    (this row is its subject: reports.DocumentGeneration `generation` makes it through the partnership-scoped
    context builder registered in apps.py; its status is the generation's). Only the requester downloads
    it."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    # The monitoring view's filters (monitoring_forms.MonitoringFilters.as_data): ids, codes and ISO dates.
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # The cases whose actions the built file holds: its download's read event names them.
    case_ids = models.JSONField(default=list, blank=True)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    generation = models.OneToOneField(
        "reports.DocumentGeneration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "requested_by", "created_at"])]
        constraints = [
            # One spreadsheet in flight per person and partnership, however many POSTs arrive at once.
            models.UniqueConstraint(
                fields=["requested_by", "partnership"],
                condition=models.Q(format="xlsx", status__in=["queued", "running"]),
                name="monitoring_export_one_in_flight",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | models.Q(format="docx")
                | models.Q(document__isnull=False),
                name="monitoring_export_done_has_document",
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring export {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
