"""In-app alerts: a short "something needs your attention" pointer to a page. Never case content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q


class AlertKind(models.TextChoices):
    """What an alert is about. Other apps may append kinds; the page shows the label."""

    SCREENING_DECISION = "screening_decision", "A screening decision was recorded"
    SCRUTINY_COMMENT = "scrutiny_comment", "The Independent Chair commented on a screening"
    SCRUTINY_REPLY = "scrutiny_reply", "The business unit replied to a scrutiny comment"
    SIGNOFF_DISSENT = "signoff_dissent", "A partner disagreed with a rapid review outcome"
    SIGNOFF_COMPLETE = "signoff_complete", "All three partners signed off a rapid review"
    CHALLENGE_RAISED = "challenge_raised", "The Independent Chair raised a challenge on a rapid review"
    CHALLENGE_ANSWERED = "challenge_answered", "The business unit answered your challenge"
    DISSENT_RESOLVED = (
        "dissent_resolved",
        "The business manager recorded how a partner's disagreement with a rapid review was resolved",
    )
    DOCUMENT_READY_FOR_SIGNOFF = (
        "document_ready_for_signoff",
        "A document is ready for the partners' sign-off",
    )
    DOCUMENT_SIGNOFF_DISSENT = "document_signoff_dissent", "A partner disagreed with a document for sign-off"
    DOCUMENT_SIGNOFF_COMPLETE = "document_signoff_complete", "All three partners signed off a document"
    DOCUMENT_DISSENT_RESOLVED = (
        "document_dissent_resolved",
        "The business manager recorded how a partner's disagreement with a document was resolved",
    )
    REFERRAL_SUBMITTED = "referral_submitted", "A referral was submitted"
    REFERRAL_RECORDED = "referral_recorded", "A phone or email referral was recorded"
    AGENCY_RETURN_SUBMITTED = "agency_return_submitted", "An agency return was submitted"
    AGENCY_RETURN_SENT_BACK = "agency_return_sent_back", "Your return was sent back with questions"
    AGENCY_RETURN_OVERDUE = "agency_return_overdue", "An agency return is overdue"
    AGENCY_RETURN_DUE_SOON = "agency_return_due_soon", "Your agency return is due soon"
    INFORMATION_REQUEST_DUE_SOON = (
        "information_request_due_soon",
        "A request for information to you is due soon",
    )
    INFORMATION_REQUEST_OVERDUE = "information_request_overdue", "A request for information is overdue"
    INFORMATION_REQUEST_ANSWERED = "information_request_answered", "A request for information was answered"
    REPORT_READY_FOR_SIGNOFF = "report_ready_for_signoff", "A rapid review report is ready for sign-off"
    LOCAL_PARTNERS_TOLD = "local_partners_told", "The local safeguarding partners were told"
    PANEL_RESPONSE_RECORDED = "panel_response_recorded", "The national Panel's response was recorded"
    CLOCK_DUE_SOON = "clock_due_soon", "A deadline is due soon"
    CLOCK_OVERDUE = "clock_overdue", "A deadline is overdue"
    REPORT_TEMPLATE_FAILING = (
        "report_template_failing",
        "A document template failed when a document was generated and was set aside",
    )
    # Action plans (issue 16): an action's reminder and its escalation (action_plans.services.action_chase)
    ACTION_DUE_SOON = "action_due_soon", "An action in an action plan is due soon"
    ACTION_OVERDUE = "action_overdue", "An action in an action plan is overdue"


# Read for every alert the alerts page shows: AlertKind.values and AlertKind(kind) build the enum's lists
# on each call (a third of the page's time was spent there).
_KIND_LABELS = {kind.value: kind.label for kind in AlertKind}


class Alert(models.Model):
    """One alert for one person. The link is a path inside the service; the case (if any) decides who
    may still follow it: alerts for cases the person can no longer see are hidden."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    kind = models.CharField(max_length=40)
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "created_at"]),
            # The alerts page's order (unread first, then newest by (created, id)), so a page is read from
            # the index and stops after 50 rows instead of sorting all the person's alerts
            # (alerts.selectors.alerts_page_for_user orders by exactly these expressions).
            models.Index(
                F("user"),
                ExpressionWrapper(Q(read_at__isnull=False), output_field=models.BooleanField()),
                F("created_at").desc(),
                F("id").desc(),
                name="alert_page_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Alert {self.pk}"

    @property
    def kind_label(self) -> str:
        return str(_KIND_LABELS.get(self.kind, "Alert"))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UnreadAlertCount(models.Model):
    """A person's unread alerts about cases they may still see (the header's "Alerts (N)") and all their
    alerts they may still see (the alerts page's page count), as last counted, so each page reads one row
    instead of counting. Trusted only while no AlertCountStale row names the person: database triggers
    (alerts/count_triggers.py) add one in the same transaction as any change to their alerts or to what
    decides which cases they see. alerts.services.alert_counts_refresh counts again (after an alert is raised
    or read, and from `tick`); until then the count is made from the alerts themselves, so it is never
    wrong (docs/performance.md)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unread = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Unread alert count {self.pk}"


class AlertCountStale(models.Model):
    """The person's UnreadAlertCount may be out of date. Only the triggers insert these (a plain id, no
    foreign key: a trigger may name a person whose rows are being deleted) and only
    alerts.services.alert_counts_refresh deletes them. Inserts never wait on each other, so a transaction
    that raises alerts for several people takes no lock another could deadlock on."""

    user_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"Stale alert count {self.pk}"
