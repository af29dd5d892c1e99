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
    DRAFT_SAVED = "account.draft_saved", "Answers kept after session expiry"
    # People and access
    INVITATION_SENT = "membership.invitation_sent", "Invitation sent"
    INVITATION_ACCEPTED = "membership.invitation_accepted", "Invitation accepted"
    INVITATION_REVOKED = "membership.invitation_revoked", "Invitation revoked"
    ROLES_CHANGED = "membership.roles_changed", "Roles changed"
    MEMBERSHIP_ENDED = "membership.ended", "Membership ended"
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
    # Refusals and the audit trail itself
    ACCESS_REFUSED = "access.refused", "Access refused"
    AUDIT_VERIFIED = "audit.verified", "Audit chain verified"
