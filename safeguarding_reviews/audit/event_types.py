"""Registered audit event types: stable dotted codes. Add new ones here, never inline strings."""

from __future__ import annotations

from django.db import models


class EventType(models.TextChoices):
    # Sign-in and sessions
    SIGN_IN = "account.signed_in", "Signed in"
    SIGN_IN_FAILED = "account.sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "account.locked_out", "Locked out after repeated failures"
    SIGN_OUT = "account.signed_out", "Signed out"
    SIGNED_OUT_EVERYWHERE = "account.signed_out_everywhere", "Signed out of all sessions"
    SESSION_EXPIRED = "account.session_expired", "Session expired"
    PASSWORD_CHANGED = "account.password_changed", "Password changed"
    PASSWORD_RESET_REQUESTED = "account.password_reset_requested", "Password reset requested"
    MFA_ENABLED = "account.mfa_enabled", "Two-factor authentication set up"
    MFA_FAILED = "account.mfa_failed", "Two-factor code refused"
    MFA_RESET = "account.mfa_reset", "Two-factor authentication reset"
    ACCOUNT_DEACTIVATED = "account.deactivated", "Account deactivated"
    # Recorded before drafts were one mechanism (drafts app); kept so older events keep their label.
    ACCOUNT_DRAFT_SAVED = "account.draft_saved", "Answers kept after session expiry"
    # Drafts (drafts app): ids only, never what was typed
    DRAFT_SAVED = "draft.saved", "What was typed in a form kept as a draft"
    DRAFT_DELETED = (
        "draft.discarded",
        "Draft deleted: discarded, put back after signing in again, or the form was saved",
    )
    DRAFTS_EXPIRED = "draft.expired", "Drafts past their retention deleted"
    # People and access
    INVITATION_SENT = "membership.invitation_sent", "Invitation sent"
    INVITATION_ACCEPTED = "membership.invitation_accepted", "Invitation accepted"
    INVITATION_REVOKED = "membership.invitation_revoked", "Invitation revoked"
    ROLES_CHANGED = "membership.roles_changed", "Roles changed"
    MEMBERSHIP_ENDED = "membership.ended", "Membership ended"
    PLATFORM_ADMIN_REFUSED = (
        "membership.platform_admin_refused",
        "Partnership membership refused to a platform administrator",
    )
    PARTNERSHIP_CREATED = "partnership.created", "Partnership created"
    PARTNERSHIP_UPDATED = "partnership.updated", "Partnership updated"
    AGENCY_CREATED = "agency.created", "Agency created"
    PEOPLE_VIEWED = "membership.people_viewed", "People list viewed"
    # Cases
    CASE_CREATED = "case.created", "Case created"
    CASE_UPDATED = "case.updated", "Case updated"
    CASE_UPDATE_CONFLICT = "case.update_conflict", "Case edit refused: changed by someone else"
    CASE_VIEWED = "case.viewed", "Case viewed"
    CASE_LIST_VIEWED = "case.list_viewed", "Case list viewed"
    CASE_MEMBER_ADDED = "case.member_added", "Person added to case"
    CASE_MEMBER_REMOVED = "case.member_removed", "Person removed from case"
    CASE_SHARED = "case.shared", "Case shared with another partnership"
    CASE_SHARE_ENDED = "case.share_ended", "Sharing ended"
    CASE_AUDIT_VIEWED = "case.audit_viewed", "Case access record viewed"
    CASE_STAGE_CHANGED = "case.stage_changed", "Stage changed"
    CASE_COMMITTEE_LISTED = "case.committee_listed", "Review added to the review committee's list"
    CASE_COMMITTEE_UNLISTED = "case.committee_unlisted", "Review removed from the review committee's list"
    # The independent reviewer (reviewers app)
    REVIEWER_APPOINTED = "reviewer.appointed", "Independent reviewer appointed"
    REVIEWER_DECLARED = "reviewer.declared", "Independence declaration made"
    REVIEWER_ACCEPTED = "reviewer.accepted", "Independent reviewer accepted"
    REVIEWER_REFUSED = "reviewer.refused", "Independent reviewer refused"
    REVIEWER_COMMISSION_RECORDED = "reviewer.commission_recorded", "Reviewer's commission recorded"
    REVIEWER_COMMISSION_CONFLICT = (
        "reviewer.commission_conflict",
        "Commission edit refused: changed by someone else",
    )
    IDENTITY_GRANTED = "subject.identity_granted", "Identity details granted to a reviewer"
    IDENTITY_GRANT_REVOKED = "subject.identity_grant_revoked", "Identity details grant revoked"
    COMMITTEE_COMMENTED = "reviewer.committee_commented", "Comment on the review by the committee"
    # Intake: subjects, referrals, documents
    SUBJECT_ADDED = "subject.added", "Person added to case"
    SUBJECT_UPDATED = "subject.updated", "Person in case updated"
    SUBJECT_UPDATE_CONFLICT = "subject.update_conflict", "Person edit refused: changed by someone else"
    SUBJECT_REMOVED = "subject.removed", "Person removed from referral"
    IDENTITY_VIEWED = "subject.identity_viewed", "Identity details viewed"
    # The practitioners register (names are identity details: showing them records IDENTITY_VIEWED)
    PRACTITIONER_ADDED = "practitioner.added", "Practitioner added to case"
    PRACTITIONER_UPDATED = "practitioner.updated", "Practitioner updated"
    PRACTITIONER_UPDATE_CONFLICT = (
        "practitioner.update_conflict",
        "Practitioner edit refused: changed by someone else",
    )
    PRACTITIONER_REMOVED = "practitioner.removed", "Practitioner removed from case"
    PRACTITIONER_INVITED = "practitioner.invited", "Practitioner invited to a conversation or event"
    PRACTITIONER_INVITATION_UPDATED = (
        "practitioner.invitation_updated",
        "Practitioner's reply or attendance recorded",
    )
    PRACTITIONER_STATEMENT_RECORDED = (
        "practitioner.statement_recorded",
        "No-blame statement recorded as given to a practitioner",
    )
    PRACTITIONER_DRAFT_RECORDED = (
        "practitioner.draft_recorded",
        "Draft shared with a practitioner, or their comments, recorded",
    )
    PRACTITIONER_INVOLVEMENT_CONFLICT = (
        "practitioner.involvement_conflict",
        "Practitioner's involvement edit refused: changed by someone else",
    )
    # The family's involvement in a local review (families app; names are identity details)
    FAMILY_MEMBER_ADDED = "family.member_added", "Family member added to the review"
    FAMILY_APPROACH_DECIDED = "family.approach_decided", "Decision whether to approach a family member"
    FAMILY_CONTACT_RECORDED = "family.contact_recorded", "Contact attempt or meeting with a family member"
    FAMILY_MEMBER_UPDATED = (
        "family.member_updated",
        "Family member's expectations, views used or draft shared recorded",
    )
    FAMILY_UPDATE_CONFLICT = (
        "family.update_conflict",
        "Family member edit refused: changed by someone else",
    )
    FAMILY_MEMBER_CHANGED = (
        "family.member_changed",
        "Family member's details changed (relationship, child and age, name or address)",
    )
    FAMILY_MEMBER_REMOVED = "family.member_removed", "Family member removed (recorded in error)"
    REPORT_DRAFT_UPLOADED = "report_draft.uploaded", "Draft of the report uploaded (a new version)"
    REPORT_DRAFT_COMMENTED = "report_draft.commented", "Comment on a draft of the report added"
    REPORT_DRAFT_RESPONDED = (
        "report_draft.responded",
        "Reviewer's response to a comment on a draft recorded",
    )
    REPORT_DRAFT_RESPONSE_CONFLICT = (
        "report_draft.response_conflict",
        "Response to a comment on a draft refused: changed by someone else",
    )
    REPORT_DRAFT_FACTUAL_REQUESTED = (
        "report_draft.factual_requested",
        "Agency asked to check a draft of the report for factual accuracy",
    )
    REPORT_DRAFT_FACTUAL_ANSWERED = (
        "report_draft.factual_answered",
        "Agency's reply to a factual-accuracy check of a draft",
    )
    REPORT_DRAFT_FACTUAL_WITHDRAWN = (
        "report_draft.factual_withdrawn",
        "Factual-accuracy check of a draft withdrawn by the business unit",
    )
    # The redaction check of a case's publishable files (redaction app): ids, kinds and counts only, never a
    # finding's text or a decision's reason. Running a check also records IDENTITY_VIEWED (it reads the case's
    # identity details); a check's page records it when it shows the findings' text.
    REDACTION_CHECK_RUN = "redaction.check_run", "Redaction check of a file run"
    REDACTION_FINDING_ACCEPTED = "redaction.finding_accepted", "Redaction finding accepted with a reason"
    REDACTION_FINDING_UNDONE = "redaction.finding_undone", "Acceptance of a redaction finding undone"
    REDACTION_DECISION_CONFLICT = (
        "redaction.decision_conflict",
        "Decision on a redaction finding refused: changed by someone else",
    )
    REFERRAL_STARTED = "referral.started", "Referral started"
    REFERRAL_UPDATED = "referral.updated", "Referral section saved"
    REFERRAL_UPDATE_CONFLICT = "referral.update_conflict", "Referral edit refused: changed by someone else"
    REFERRAL_SUBMITTED = "referral.submitted", "Referral submitted"
    REFERRAL_RECORDED = "referral.recorded", "Phone or email referral recorded by the business unit"
    REFERRAL_CONFIRMED_IN_WRITING = (
        "referral.confirmed_in_writing",
        "Written confirmation of referral received",
    )
    DOCUMENT_STORED = "document.stored", "Document uploaded"
    DOCUMENT_REMOVED = "document.removed", "Document removed"
    DOCUMENT_DOWNLOADED = "document.downloaded", "Document downloaded"
    # Calendar and clocks
    BANK_HOLIDAY_OVERRIDE_ADDED = "calendar.override_added", "Bank holiday override added"
    BANK_HOLIDAY_OVERRIDE_WITHDRAWN = "calendar.override_withdrawn", "Bank holiday override withdrawn"
    BANK_HOLIDAYS_IMPORTED = "calendar.imported", "Bank holidays imported"
    BANK_HOLIDAYS_SYNCED = "calendar.synced", "Bank holidays updated from the holidays package"
    CLOSURE_DAY_ADDED = "calendar.closure_added", "Partnership closure day added"
    CLOSURE_DAY_REMOVED = "calendar.closure_removed", "Partnership closure day removed"
    CLOCK_SETTINGS_UPDATED = "clocks.settings_updated", "Clock settings changed"
    MILESTONE_RECORDED = "clocks.milestone_recorded", "Milestone recorded"
    MILESTONE_CORRECTED = "clocks.milestone_corrected", "Milestone date corrected"
    DEADLINE_MOVED = "clocks.deadline_moved", "Deadline moved"
    DEADLINE_DELAY_REASON = "clocks.delay_reason", "Reason for delay recorded"
    DEADLINE_ADJUSTMENT_REQUESTED = "clocks.adjustment_requested", "Pause or extension requested"
    DEADLINE_ADJUSTMENT_DECIDED = "clocks.adjustment_decided", "Pause or extension decided"
    DEADLINE_RESUMED = "clocks.resumed", "Paused clock restarted"
    CASE_REBASED = "clocks.case_rebased", "Case re-based onto a rule set"
    REMINDER_SENT = "clocks.reminder_sent", "Deadline reminder sent"
    DEADLINE_WITHDRAWN = "clocks.deadline_withdrawn", "Clock withdrawn: it does not run on the case's route"
    # Refusals and the audit trail itself
    ACCESS_REFUSED = "access.refused", "Access refused"
    JOB_RATE_LIMITED = "job.rate_limited", "Refused: too many documents asked for in a short time"
    AUDIT_VERIFIED = "audit.verified", "Audit chain verified"
    # Operations: backups and housekeeping (system actions: no actor, counts only)
    BACKUP_CREATED = "backup.created", "Backup taken"
    TASK_RESULTS_PRUNED = "housekeeping.task_results_pruned", "Finished task records deleted"
    SESSIONS_CLEARED = "housekeeping.sessions_cleared", "Expired sessions deleted"
    ALERTS_PRUNED = "housekeeping.alerts_pruned", "Old alerts deleted"
    # Screening, the notification to the Panel, and alerts (decision helper)
    SCREENING_AWARENESS_RECORDED = (
        "screening.awareness_recorded",
        "Date the local authority became aware recorded",
    )
    SCREENING_PREPARED = "screening.prepared", "Screening checklist saved"
    SCREENING_DECIDED = "screening.decided", "Screening decision recorded"
    SCREENING_UPDATE_CONFLICT = "screening.update_conflict", "Screening edit refused: changed by someone else"
    SCRUTINY_COMMENTED = "screening.scrutiny_commented", "Scrutiny comment recorded"
    NOTIFICATION_UPDATED = "notification.updated", "Notification to the Panel saved"
    NOTIFICATION_CHILD_UPDATED = "notification.child_updated", "Notification child details saved"
    NOTIFICATION_ATTACHMENT_ADDED = "notification.attachment_added", "Attachment added to the notification"
    NOTIFICATION_SENT = "notification.sent", "Notification sent to the Panel recorded"
    NOTIFICATION_LOCAL_PARTNERS_TOLD = "notification.local_partners_told", "Local partners told recorded"
    NOTIFICATION_UPDATE_CONFLICT = (
        "notification.update_conflict",
        "Notification edit refused: changed by someone else",
    )
    NOTIFICATION_SUMMARY_DOWNLOADED = "notification.summary_downloaded", "Notification summary downloaded"
    ALERT_CREATED = "alert.created", "Alert raised"
    ALERT_READ = "alert.read", "Alert marked as read"
    HANDOFF_NOTIFIED = "alert.handoff_notified", "People told of a hand-off"
    # The Rapid Review chronology
    CHRONOLOGY_ENTRY_ADDED = "chronology.entry_added", "Chronology entry added"
    CHRONOLOGY_IMPORTED = "chronology.imported", "Chronology spreadsheet imported"
    CHRONOLOGY_EXPORTED = "chronology.exported", "Merged chronology exported"
    CHRONOLOGY_ENTRY_CORRECTED = "chronology.entry_corrected", "Chronology entry corrected"
    CHRONOLOGY_ENTRY_WITHDRAWN = "chronology.entry_withdrawn", "Chronology entry withdrawn"
    CHRONOLOGY_IMPORT_UNDONE = "chronology.import_undone", "Chronology spreadsheet import undone"
    CHRONOLOGY_DUPLICATE_DECIDED = "chronology.duplicate_decided", "Possible duplicate decided"
    CHRONOLOGY_IMPORT_DRAFT_CREATED = (
        "chronology.import_draft_created",
        "Chronology spreadsheet uploaded for mapping",
    )
    CHRONOLOGY_IMPORT_DRAFT_ERASED = (
        "chronology.import_draft_erased",
        "Chronology spreadsheet uploaded for mapping erased (imported or expired)",
    )
    CHRONOLOGY_IMPORT_DRAFT_CHANGED = (
        "chronology.import_draft_changed",
        "Chronology spreadsheet's sheet, agency or mapping chosen",
    )
    # Rapid Review: requests to agencies and their returns
    AGENCY_REQUEST_SENT = "agency_request.sent", "Agency return requested"
    AGENCY_REQUEST_ACKNOWLEDGED = "agency_request.acknowledged", "Agency return request acknowledged"
    AGENCY_REQUEST_WITHDRAWN = "agency_request.withdrawn", "Agency return request withdrawn"
    AGENCY_RETURN_SAVED = "agency_return.saved", "Agency return saved"
    AGENCY_RETURN_SUBMITTED = "agency_return.submitted", "Agency return submitted"
    AGENCY_RETURN_ACCEPTED = "agency_return.accepted", "Agency return accepted"
    AGENCY_RETURN_SENT_BACK = "agency_return.sent_back", "Agency return returned with questions"
    # Rapid review meetings
    MEETING_RECORDED = "meeting.recorded", "Rapid review meeting recorded"
    MEETING_UPDATED = "meeting.updated", "Rapid review meeting changed"
    MEETING_ATTENDEE_ADDED = "meeting.attendee_added", "Meeting attendee added"
    MEETING_ATTENDEE_REMOVED = "meeting.attendee_removed", "Meeting attendee removed"
    MEETING_ACTION_ADDED = "meeting.action_added", "Meeting action agreed"
    MEETING_ACTION_UPDATED = "meeting.action_updated", "Meeting action status changed"
    # The parallel-process register and the family told of the review
    PARALLEL_PROCESS_ADDED = "parallel_process.added", "Parallel process added"
    PARALLEL_PROCESS_UPDATED = "parallel_process.updated", "Parallel process changed"
    PARALLEL_PROCESSES_FROM_REFERRAL = (
        "parallel_process.from_referral",
        "Parallel processes started from the referral",
    )
    PARALLEL_CONSTRAINT_ADDED = "parallel_process.constraint_added", "Constraint on the local review added"
    PARALLEL_CONSTRAINT_LIFTED = "parallel_process.constraint_lifted", "Constraint on the local review lifted"
    FAMILY_TOLD_RECORDED = "family_told.recorded", "Family told of the review recorded"
    # The final report record of a local review (final_reports): ids and field names only, never the text
    FINAL_REPORT_SAVED = "final_report.saved", "Final report record changed"
    FINAL_REPORT_CONFLICT = (
        "final_report.conflict",
        "Final report change refused: someone else saved it first",
    )
    FINAL_REPORT_SUBMITTED = "final_report.submitted", "Final report submitted for the partners' sign-off"
    # Publication of a local review (publication): ids, codes, dates and checksums only, never the text
    PUBLICATION_FILE_ADDED = "publication.file_added", "Publishable file: a new version stored"
    PUBLICATION_FILE_CHECKED = (
        "publication.file_checked",
        "Publishable file: the redaction check run on a new version",
    )
    PUBLICATION_DECISION_SAVED = "publication.decision_saved", "Partners' publication decision recorded"
    PUBLICATION_CONFLICT = (
        "publication.conflict",
        "Publication change refused: someone else saved it first",
    )
    PUBLICATION_HOLD_REQUESTED = (
        "publication.hold_requested",
        "Hold on publication recorded (clock pause asked)",
    )
    PUBLICATION_HOLD_DECIDED = "publication.hold_decided", "Hold on publication approved or refused"
    PUBLICATION_HOLD_LIFTED = "publication.hold_lifted", "Hold on publication lifted"
    PUBLICATION_HOLD_REVIEW_CHANGED = (
        "publication.hold_review_changed",
        "Hold on publication: review date changed",
    )
    PUBLICATION_NOTICE_RECORDED = (
        "publication.notice_recorded",
        "Notice before publication sent to the Panel and the Secretary of State",
    )
    PUBLICATION_RECORDED = "publication.recorded", "Review recorded as published"
    PUBLICATION_RECORD_CHANGED = "publication.record_changed", "Publication record changed"
    PUBLICATION_REMINDER_SENT = "publication.reminder_sent", "Publication reminder sent"
    # The local review (LCSPR or local learning review)
    LOCAL_REVIEW_OPENED = "local_review.opened", "Local review opened"
    LOCAL_REVIEW_TARGET_UPDATED = "local_review.target_updated", "Local review plan target changed"
    LOCAL_REVIEW_TERMS_SAVED = "local_review.terms_saved", "Terms of reference version saved"
    LOCAL_REVIEW_TERMS_AGREED = "local_review.terms_agreed", "Terms of reference agreed by the LCPC"
    LOCAL_REVIEW_METHODOLOGY_SAVED = "local_review.methodology_saved", "Local review methodology saved"
    LOCAL_REVIEW_METHODOLOGY_AGREED = (
        "local_review.methodology_agreed",
        "Local review methodology agreed by the LCPC",
    )
    # The partnership's own review methods on the managed list (local_reviews.ReviewMethod)
    REVIEW_METHOD_ADDED = "review_method.added", "Review method added to the partnership's list"
    REVIEW_METHOD_RETIRED = "review_method.retired", "Review method retired"
    REVIEW_METHOD_REINSTATED = "review_method.reinstated", "Review method reinstated"
    LOCAL_REVIEW_PROGRESS_RECORDED = "local_review.progress_recorded", "LCPC progress review recorded"
    LOCAL_REVIEW_FAMILY_CONTACT = "local_review.family_contact", "Contact with the family recorded"
    # Written requests for information or drafts during the local review (reg 14)
    INFORMATION_REQUEST_SENT = "information_request.sent", "Request for information or a draft sent"
    INFORMATION_REQUEST_RECIPIENT_JOINED = (
        "information_request.recipient_joined",
        "Invited recipient of a request for information accepted",
    )
    INFORMATION_REQUEST_ANSWERED = "information_request.answered", "Request for information answered"
    INFORMATION_REQUEST_ACCEPTED = (
        "information_request.accepted",
        "Answer to a request for information accepted",
    )
    INFORMATION_REQUEST_ASKED_AGAIN = "information_request.asked_again", "Request for information asked again"
    INFORMATION_REQUEST_WITHDRAWN = "information_request.withdrawn", "Request for information withdrawn"
    INFORMATION_REQUEST_CHASED = "information_request.chased", "Request for information reminded or chased"
    MEETING_PLANNED = "meeting.planned", "Rapid review meeting planned"
    MEETING_HELD = "meeting.held", "Planned rapid review meeting recorded as held"
    MEETING_INVITEE_ADDED = "meeting.invitee_added", "Meeting invitee added"
    MEETING_INVITEE_REMOVED = "meeting.invitee_removed", "Meeting invitee removed"
    # The case action list
    CASE_ACTION_UPDATE_ADDED = "case_action.update_added", "Update added to a case action"
    CASE_ACTION_STATUS_CHANGED = "case_action.status_changed", "Case action status changed"
    OUTCOME_STARTED = "outcome.started", "Rapid review outcome started"
    OUTCOME_UPDATED = "outcome.updated", "Rapid review outcome changed"
    OUTCOME_ACTION_ADDED = "outcome.action_added", "Immediate action added to the outcome"
    OUTCOME_ACTION_UPDATED = "outcome.action_updated", "Immediate action changed"
    OUTCOME_ACTION_REMOVED = "outcome.action_removed", "Immediate action removed"
    OUTCOME_LEARNING_ADDED = "outcome.learning_added", "Learning added to the outcome"
    OUTCOME_LEARNING_REMOVED = "outcome.learning_removed", "Learning removed from the outcome"
    OUTCOME_EVIDENCE_ADDED = "outcome.evidence_added", "Evidence cited in the outcome"
    OUTCOME_EVIDENCE_REMOVED = "outcome.evidence_removed", "Evidence removed from the outcome"
    OUTCOME_VERSION_RAISED = "outcome.version_raised", "Outcome version raised by a change to the chronology"
    SIGNOFF_RECORDED = "signoff.recorded", "Partner sign-off recorded"
    SIGNOFF_SUPERSEDED = "signoff.superseded", "Sign-offs superseded by a change to the outcome"
    CHALLENGE_RAISED = "signoff.challenge_raised", "Independent Chair raised a challenge"
    CHALLENGE_ANSWERED = "signoff.challenge_answered", "Business unit answered a challenge"
    DISSENT_RESOLVED = (
        "signoff.dissent_resolved",
        "Business manager recorded how a partner's disagreement ended",
    )
    SIGNOFF_RECORD_GENERATED = "signoff.record_generated", "Sign-off record generated"
    SIGNOFF_RECORD_FAILED = "signoff.record_failed", "Sign-off record could not be generated"
    SIGNOFF_RECORD_RETRIED = "signoff.record_retried", "Sign-off record asked to be generated again"
    DOCUMENT_SIGNOFF_RECORDED = "signoff.document_recorded", "Partner sign-off of a document recorded"
    DOCUMENT_SIGNOFF_SUPERSEDED = (
        "signoff.document_superseded",
        "Sign-offs of a document superseded by a new version",
    )
    DOCUMENT_DISSENT_RESOLVED = (
        "signoff.document_dissent_resolved",
        "Business manager recorded how a partner's disagreement with a document ended",
    )
    PANEL_SUBMISSION_RECORDED = "panel.submission_recorded", "Rapid review report sent to the Panel"
    PANEL_RESPONSE_RECORDED = "panel.response_recorded", "Panel's response recorded"
    PANEL_LEARNING_ROUTE_RECORDED = "panel.learning_route_recorded", "Learning route recorded"
    PANEL_FOLLOW_UP_RECORDED = "panel.follow_up_recorded", "What follows the Panel's response recorded"
    # The Rapid Review chronology: Word export on the task worker
    CHRONOLOGY_EXPORT_REQUESTED = "chronology.export_requested", "Merged chronology Word export requested"
    CHRONOLOGY_EXPORT_FAILED = "chronology.export_failed", "Merged chronology Word export failed"
    CHRONOLOGY_EXPORT_REQUEUED = (
        "chronology.export_requeued",
        "Merged chronology Word export queued again (its worker stopped mid-build)",
    )
    CHRONOLOGY_EXPORT_EXPIRED = (
        "chronology.export_expired",
        "Merged chronology Word export deleted after the retention period",
    )
    # Rapid Review: the chase ladder and authors invited from the send form
    AGENCY_REQUEST_CHASED = "agency_request.chased", "Overdue agency return chased"
    AGENCY_REQUEST_AUTHOR_JOINED = "agency_request.author_joined", "Invited agency author accepted"
    # The Rapid Review report: templates, generation and downloads
    REPORT_TEMPLATE_UPLOADED = "report.template_uploaded", "Word template uploaded (a report template kind)"
    REPORT_GENERATED = "report.generated", "Rapid review report generated"
    REPORT_DOWNLOADED = "report.downloaded", "Rapid review report downloaded"
    # The report's template checks and generation jobs on the task worker (security finding 2)
    REPORT_TEMPLATE_PASSED = "report.template_passed", "Word template passed its test render"
    REPORT_TEMPLATE_REFUSED = (
        "report.template_refused",
        "Word template refused by its test render",
    )
    REPORT_TEMPLATE_FAILING = (
        "report.template_failing",
        "Word template failed with real data and was set aside",
    )
    REPORT_GENERATION_REQUESTED = "report.generation_requested", "Rapid review report generation requested"
    REPORT_GENERATION_FAILED = "report.generation_failed", "Rapid review report generation failed"
    # Word documents of other template kinds (reports.DocumentGeneration: the terms of reference first)
    DOCUMENT_GENERATION_REQUESTED = "report.document_requested", "Word document of a template kind requested"
    DOCUMENT_GENERATED = "report.document_generated", "Word document of a template kind made"
    DOCUMENT_GENERATION_FAILED = (
        "report.document_failed",
        "Word document of a template kind could not be made",
    )
    DOCUMENT_GENERATION_DOWNLOADED = (
        "report.document_downloaded",
        "Word document of a template kind downloaded",
    )
    # Action plans (issue 16, action_plans): ids, dates and codes only, never the text typed
    ACTION_PLAN_VIEWED = "action_plan.viewed", "Action plan page viewed (the cases shown named in the data)"
    RECOMMENDATION_ADDED = "recommendation.added", "Recommendation added to the action plans"
    RECOMMENDATION_CHANGED = "recommendation.changed", "Recommendation changed"
    RECOMMENDATION_CLOSED = "recommendation.closed", "Recommendation closed by the committee"
    RECOMMENDATION_REOPENED = "recommendation.reopened", "Recommendation reopened (impact not shown)"
    PLAN_ACTION_ADDED = "plan_action.added", "Action added to an action plan"
    PLAN_ACTION_UPDATED = "plan_action.updated", "Action plan progress update added"
    PLAN_ACTION_COMPLETED = "plan_action.completed", "Action marked completed, awaiting evidence"
    PLAN_ACTION_EVIDENCE_ADDED = "plan_action.evidence_added", "Evidence uploaded for an action"
    PLAN_ACTION_EVIDENCE_DOWNLOADED = "plan_action.evidence_downloaded", "Evidence for an action downloaded"
    PLAN_ACTION_EVIDENCE_DECIDED = (
        "plan_action.evidence_decided",
        "Evidence accepted or returned with questions",
    )
    PLAN_ACTION_WITHDRAWAL_REQUESTED = "plan_action.withdrawal_requested", "Withdrawal of an action asked for"
    PLAN_ACTION_WITHDRAWAL_DECIDED = (
        "plan_action.withdrawal_decided",
        "Withdrawal of an action approved or refused",
    )
    PLAN_ACTION_SUPERSEDED = "plan_action.superseded", "Action superseded by a new action"
    PLAN_ACTION_CHASED = "plan_action.chased", "Action reminded or escalated (chase ladder)"
    IMPACT_CHECK_RECORDED = "impact_check.recorded", "Impact check recorded"
    # The monitoring view and repeated recommendations (issue 16 items 5 and 6, action_plans): ids and codes
    RECOMMENDATIONS_LINKED = "recommendation.linked", "Recommendations linked as repeated"
    RECOMMENDATION_UNLINKED = "recommendation.unlinked", "Recommendation taken out of its linked group"
    ACTION_PLAN_EXPORT_REQUESTED = "action_plan.export_requested", "Monitoring view export requested"
    ACTION_PLAN_EXPORT_FAILED = "action_plan.export_failed", "Monitoring view export could not be built"
    ACTION_PLAN_EXPORTED = "action_plan.exported", "Monitoring view export downloaded"
