"""Who may read and generate a case's Rapid Review report, and who manages the partnership's report templates.
Roles are those held in the case's lead partnership.

- Read (the report page, a generation's status page, DOCX and PDF downloads): the business unit (officer
  and manager), the three safeguarding partner delegates, the Independent Chair and the auditor.
- Generate: the business unit officer and the business manager.
- Templates (list, upload, download any version, download the default): the business manager of the
  partnership; another member gets 403, a non-member 404 (as on the clock settings page).
Anyone else who can see the case gets 403; a case they cannot see is 404 (an agency author never sees it).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.policies import partnership_get_for_manager
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from . import builders
from .models import DocumentGeneration, GeneratedReport, ReportGeneration

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

TEMPLATE_MANAGERS = frozenset({Role.BUSINESS_MANAGER})


class ReportAction(enum.Enum):
    VIEW = "view"
    GENERATE = "generate"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
GENERATORS = CASE_RUNNERS
_ALLOWED = {ReportAction.VIEW: READERS, ReportAction.GENERATE: GENERATORS}


def may(user: User, action: ReportAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def may_manage_templates(user: User, partnership: Partnership) -> bool:
    return bool(roles_by_partnership(user).get(partnership.pk, frozenset()) & TEMPLATE_MANAGERS)


def reports_case_get(*, user: User, case_id: UUID | str, action: ReportAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its report."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def report_get(*, user: User, case_id: UUID | str, report_id: int) -> GeneratedReport:
    case = reports_case_get(user=user, case_id=case_id, action=ReportAction.VIEW)
    report = GeneratedReport.objects.filter(case=case, pk=report_id).select_related("docx", "pdf").first()
    if report is None:
        raise Http404("No report found")
    report.case = case
    return report


def generation_get(*, user: User, case_id: UUID | str, generation_id: UUID | str) -> ReportGeneration:
    """A generation of the case's report, whoever asked for it, for anyone who may read the case's reports
    (404 if the case is invisible, 403 if they may not read its reports, 404 if no such generation)."""
    case = reports_case_get(user=user, case_id=case_id, action=ReportAction.VIEW)
    generation = (
        ReportGeneration.objects.filter(case=case, pk=generation_id)
        .select_related("report", "requested_by")
        .first()
    )
    if generation is None:
        raise Http404("No report generation found")
    generation.case = case
    return generation


def templates_partnership_get(*, user: User, slug: str) -> Partnership:
    """The partnership whose templates `user` manages: 404 if not a member, 403 if not its manager."""
    return partnership_get_for_manager(user, slug)


def document_generation_get(
    *, user: User, case_id: UUID | str, generation_id: UUID | str
) -> DocumentGeneration:
    """A document generation (reports.DocumentGeneration) for whoever may read its subject (the builder's
    `may_read`, registered by the owning app): 404 if the case is invisible or there is no such generation on
    it, 403 if the user may see the case but not read the subject (404 for a builder whose refusals are
    `refused_as_not_found`)."""
    case = case_get_for_user(user=user, case_id=case_id)
    generation = (
        DocumentGeneration.objects.filter(case=case, pk=generation_id)
        .select_related("document", "requested_by")
        .first()
    )
    if generation is None:
        raise Http404("No document generation found")
    try:
        builder = builders.get(generation.builder)
    except builders.UnknownBuilderError:
        raise Http404("No document generation found") from None
    if not builder.may_read(user, case):
        if builder.refused_as_not_found:
            raise Http404("No document generation found")
        raise PermissionDenied
    generation.case = case
    return generation


def partnership_document_generation_get(
    *, user: User, partnership: Partnership, generation_id: UUID | str
) -> DocumentGeneration:
    """A partnership document's generation (a partnership-scoped builder's: no case) for whoever its builder's
    `may_read` lets read it, asked for by the owning app's page once it has checked the partnership: 404 if
    there is no such generation of this partnership, 403 if the user may not read it (404 for a builder whose
    refusals are `refused_as_not_found`)."""
    generation = (
        DocumentGeneration.objects.filter(partnership=partnership, case__isnull=True, pk=generation_id)
        .select_related("document", "requested_by", "partnership")
        .first()
    )
    if generation is None:
        raise Http404("No document generation found")
    try:
        builder = builders.get(generation.builder)
    except builders.UnknownBuilderError:
        raise Http404("No document generation found") from None
    if builder.scope != builders.PARTNERSHIP:
        raise Http404("No document generation found")
    if not builder.may_read(user, partnership):
        if builder.refused_as_not_found:
            raise Http404("No document generation found")
        raise PermissionDenied
    return generation
