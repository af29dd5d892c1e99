"""{% case_breadcrumbs %}: partnership › case › section on every case page (base.html shows it when the
context has a case). The case link appears only to someone who may open the case page: an agency author
reaches their own request by its link and never sees the case's other pages (cases.policies.visible_cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms, template
from django.urls import reverse

from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.wayfinding import back_for, is_section_start, section_for
from safeguarding_reviews.organisations.roles import PARTNERSHIP_WIDE_ROLES, RESTRICTED_CASE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

register = template.Library()

BUSINESS_UNIT = frozenset({Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER})


def _may_open_case(user: User, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    # The common case needs no query: a partnership-wide role in the lead partnership (cached roles).
    if roles & PARTNERSHIP_WIDE_ROLES and (not case.is_restricted or roles & RESTRICTED_CASE_ROLES):
        return True
    return visible_cases(user).filter(pk=case.pk).exists()


@register.inclusion_tag("cases/_breadcrumbs.html", takes_context=True)
def case_breadcrumbs(context: template.Context) -> dict[str, Any]:
    request: Any = context.get("request")
    case = context.get("case")
    match = getattr(request, "resolver_match", None)
    if case is None or match is None or not getattr(case, "pk", None) or not request.user.is_authenticated:
        return {"crumbs": []}
    back = _back_link(context, match)
    if not _may_open_case(request.user, case):
        return {"crumbs": [], "back": back}
    roles = roles_by_partnership(request.user).get(case.lead_partnership_id, frozenset())
    partnership_url = (
        reverse("business_unit_dashboard") + f"?partnership={case.lead_partnership_id}"
        if roles & BUSINESS_UNIT
        else reverse("home")
    )
    crumbs: list[tuple[str, str | None]] = [(case.lead_partnership.name, partnership_url)]
    namespace, url_name = match.namespace, match.url_name
    section = section_for(namespace, url_name)
    if namespace == "cases" and url_name == "detail":
        crumbs.append((case.reference, None))
    else:
        crumbs.append((case.reference, reverse("cases:detail", args=[case.pk])))
        if section is not None:
            link = (
                None if is_section_start(namespace, url_name) else reverse(section.url_name, args=[case.pk])
            )
            crumbs.append((section.label, link))
    return {"crumbs": crumbs, "back": back}


def _back_link(context: template.Context, match: Any) -> tuple[str, str] | None:
    """A back link on every case form page (issue 18, item 9), to the page the form belongs under."""
    has_form = any(isinstance(value, forms.BaseForm) for value in context.flatten().values())
    found = back_for(match.namespace, match.url_name, has_form=has_form)
    if found is None:
        return None
    url_name, words = found
    wanted = {"case_id", "request_id"} if url_name.startswith("rapid_review:request") else {"case_id"}
    return reverse(url_name, kwargs={k: v for k, v in match.kwargs.items() if k in wanted}), words
