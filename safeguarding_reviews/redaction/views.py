"""The redaction check's pages: the case's checks, running a check of one of the case's files, a check with
its findings (and the previous version's, fixed or accepted), and a finding's decision (accept with a reason,
or undo). Views parse input, load through policies and selectors, call one service, render. Every GET records
one read of the case, and an identity read when it shows findings' text (services.check_record_view)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict

from . import policies, rules, selectors, services
from .forms import AcceptForm, RunForm, UndoForm
from .models import Decision

CONFLICT = (
    "Someone else decided on this finding while you were looking at it. What is saved now is shown; decide "
    "again if you still want to."
)


@login_required
@require_http_methods(["GET"])
def checks(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = policies.checks_case_get(user=request.user, case_id=case_id)
    rows = [
        (check, rules.STATE_LABELS[selectors.check_status(check=check)])
        for check in selectors.checks_of(case)
    ]
    context = case_nav(request.user, case) | {
        "rows": rows,
        "may_run": policies.may_run(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="redaction_checks")
    return render(request, "redaction/checks.html", context)


def _initial_run(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """What a link from another page (the publication pages) chose already: ?document=&label=&previous=."""
    initial: dict[str, Any] = {}
    for name in ("document", "previous"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    label = request.GET.get("label", "")
    if label in rules.LABELS:
        initial["label"] = label
    elif label:
        initial |= {"label": "other", "other_label": label[: rules.LABEL_MAX]}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def check_new(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = policies.checks_case_get(user=request.user, case_id=case_id, action="run")
    documents = selectors.document_choices(case)
    previous = selectors.previous_choices(case)
    status = 200
    if request.method == "POST":
        form = RunForm(request.POST, documents=documents, previous=previous)
        status = 400
        if form.is_valid():
            values = form.values()
            document = selectors.checkable_document_get(case, values["document_id"])
            previous_check = (
                selectors.check_in_case(case, values["previous_id"]) if values["previous_id"] else None
            )
            if document is None:
                raise Http404("No document found")
            try:
                check = services.redaction_check_run(
                    actor=request.user,
                    case=case,
                    document=document,
                    label=values["label"],
                    previous_check=previous_check,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "File checked")
                return redirect("redaction:check", case_id=case.pk, check_id=check.pk)
    else:
        form = RunForm(initial=_initial_run(request), documents=documents, previous=previous)
    context = case_nav(request.user, case) | {"form": form, "has_documents": bool(documents)}
    case_record_view(actor=request.user, case=case, page="redaction_check_new")
    return render(request, "redaction/check_new.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def check(request: AuthenticatedHttpRequest, case_id: UUID, check_id: int) -> HttpResponse:
    current = policies.check_get(user=request.user, case_id=case_id, check_id=check_id)
    case = current.case
    findings = selectors.findings_of(current)
    shows_text = policies.may_see_text(request.user, case, current.document)
    earlier = current.previous
    earlier_findings = selectors.findings_of(earlier) if earlier is not None else []
    earlier_text = earlier is not None and policies.may_see_text(request.user, case, earlier.document)
    superseded = selectors.is_superseded(current)
    context = case_nav(request.user, case) | {
        "summary": selectors.summary_of(current, findings, superseded=superseded),
        "findings": findings,
        "shows_text": shows_text,
        "may_decide": not superseded and policies.may_decide(request.user, case, current.document),
        "next_check": selectors.next_check(current) if superseded else None,
        "earlier": earlier,
        "earlier_summary": (
            selectors.summary_of(earlier, earlier_findings, superseded=True) if earlier is not None else None
        ),
        "earlier_findings": earlier_findings,
        "earlier_text": earlier_text,
    }
    shown = [f.pk for f in findings] if shows_text else []
    shown += [f.pk for f in earlier_findings] if earlier_text else []
    services.check_record_view(
        actor=request.user, case=case, check=current, shown_finding_ids=shown, page="redaction_check"
    )
    return render(request, "redaction/check.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finding(request: AuthenticatedHttpRequest, case_id: UUID, check_id: int, finding_id: int) -> HttpResponse:
    """One finding and its decisions: accept it with a reason, or undo an acceptance. For those who decide on
    the check's findings (policies.may_decide); other readers of the checks get 403."""
    current = policies.check_get(user=request.user, case_id=case_id, check_id=check_id)
    case = current.case
    item = selectors.finding_get(current, finding_id)
    if item is None:
        raise Http404("No finding found")
    decided = item  # what the form was about, for the save below (item is read again after a conflict)
    if not policies.may_decide(request.user, case, current.document):
        raise PermissionDenied(policies.WHY["decide"])
    superseded = selectors.is_superseded(current)
    # Which form: what the page offered when it was sent (so a second click on "Accept" is told the finding
    # is accepted already, not asked to confirm an undo), else what the finding's state calls for.
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in ("accept", "undo"):
        action = "undo" if item.decision == Decision.ACCEPTED else "accept"
    form_class: Any = AcceptForm if action == "accept" else UndoForm
    refusal = rules.decision_refusal(
        decision=item.decision,
        fixed=item.fixed_in_id is not None,
        superseded=superseded,
        accepting=item.decision != Decision.ACCEPTED,
    )
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            attempt = save_or_conflict(
                lambda: (
                    services.finding_accept(
                        actor=request.user,
                        case=case,
                        finding=decided,
                        reason=data["reason"],
                        expected_version=data["version"],
                    )
                    if action == "accept"
                    else services.finding_accept_undo(
                        actor=request.user, case=case, finding=decided, expected_version=data["version"]
                    )
                ),
                form=form,
                on_conflict=rebound(form_class, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Finding accepted" if action == "accept" else "Acceptance undone")
                url = reverse("redaction:check", kwargs={"case_id": case.pk, "check_id": current.pk})
                return redirect(f"{url}#finding-{item.pk}")
            form, status = attempt.form, attempt.status
            if attempt.stale is not None:
                item = selectors.finding_get(current, finding_id) or item
    else:
        form = form_class(initial={"version": item.version})
    context = case_nav(request.user, case) | {
        "check": current,
        "finding": item,
        "decisions": selectors.decisions_of(item),
        "form": form,
        "action": action,
        "refusal": refusal,
    }
    services.check_record_view(
        actor=request.user, case=case, check=current, shown_finding_ids=[item.pk], page="redaction_finding"
    )
    return render(request, "redaction/finding.html", context, status=status)
