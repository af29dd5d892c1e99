"""The roles a partnership membership can hold. Who may do what with them is docs/roles.md."""

from __future__ import annotations

from safeguarding_reviews.core.choices import TextChoices


class Role(TextChoices):
    BUSINESS_UNIT_OFFICER = "business_unit_officer", "Business unit officer"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    DELEGATE_LOCAL_AUTHORITY = "delegate_local_authority", "Safeguarding partner delegate: local authority"
    DELEGATE_ICB = "delegate_icb", "Safeguarding partner delegate: integrated care board"
    DELEGATE_POLICE = "delegate_police", "Safeguarding partner delegate: police"
    INDEPENDENT_CHAIR = "independent_chair", "Independent Chair or scrutineer"
    REVIEW_COMMITTEE_MEMBER = "review_committee_member", "Review committee (LCPC) member"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    AGENCY_AUTHOR = "agency_author", "Agency author"
    INDEPENDENT_REVIEWER = "independent_reviewer", "Independent reviewer"
    AUDITOR = "auditor", "Auditor"
    # Issue 16: the partnership's monitoring committee, which chases action plans every quarter. It reads the
    # action plans and records the committee's decisions, never case pages or identity details, so it is
    # not in PARTNERSHIP_WIDE_ROLES (which open every case); action_plans.policies lets it in.
    MONITORING_COMMITTEE_MEMBER = "monitoring_committee_member", "Monitoring committee member"


DELEGATE_ROLES = frozenset({Role.DELEGATE_LOCAL_AUTHORITY, Role.DELEGATE_ICB, Role.DELEGATE_POLICE})
# Roles tied to one agency: the membership role names the agency it acts for.
AGENCY_ROLES = frozenset({Role.AGENCY_REPRESENTATIVE, Role.AGENCY_AUTHOR})
# Roles that see every (unrestricted) case of their partnership: the business unit, the partners and
# the scrutineer need the whole picture; the auditor reads who did what. Everyone else is need-to-know:
# they see a case only when they are named on it.
PARTNERSHIP_WIDE_ROLES = frozenset(
    {
        Role.BUSINESS_UNIT_OFFICER,
        Role.BUSINESS_MANAGER,
        Role.DELEGATE_LOCAL_AUTHORITY,
        Role.DELEGATE_ICB,
        Role.DELEGATE_POLICE,
        Role.INDEPENDENT_CHAIR,
        Role.AUDITOR,
    }
)
# Only these may see a restricted case without being named on it.
RESTRICTED_CASE_ROLES = frozenset({Role.BUSINESS_MANAGER})
# The business unit: they run cases (create, edit, manage the people on them) and invite agency authors.
CASE_RUNNERS = frozenset({Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER})
# Who uses the action plans (issue 16; action_plans.policies says what each may do there): their readers, the
# agency representatives (their agency's actions) and authors (the actions assigned to them). The
# navigation's "Action plans" link is shown to these.
PLAN_ROLES = frozenset(
    {
        Role.BUSINESS_UNIT_OFFICER,
        Role.BUSINESS_MANAGER,
        Role.DELEGATE_LOCAL_AUTHORITY,
        Role.DELEGATE_ICB,
        Role.DELEGATE_POLICE,
        Role.INDEPENDENT_CHAIR,
        Role.AUDITOR,
        Role.MONITORING_COMMITTEE_MEMBER,
        Role.AGENCY_REPRESENTATIVE,
        Role.AGENCY_AUTHOR,
    }
)
