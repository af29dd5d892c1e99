"""Where a case page sits, for its breadcrumbs: partnership › case › section (issue 18, item 9).

Pure: a URL's namespace and name in, the section's words and the URL name of its first page out. The
breadcrumbs tag (cases.templatetags.wayfinding) resolves the request and builds the links; base.html shows
them on every page whose context has a case, so no case template has to remember them.
"""

from __future__ import annotations

from typing import NamedTuple


class Section(NamedTuple):
    label: str
    url_name: str  # the section's first page; takes the case id only


# Each case app's section: its words and its first page.
SECTIONS: dict[str, Section] = {
    "clocks": Section("Clocks and deadlines", "clocks:case_clocks"),
    "subjects": Section("Children and household", "subjects:case_subjects"),
    "referrals": Section("Referral", "referrals:case_referral"),
    "screening": Section("Screening", "screening:detail"),
    "notifications": Section("Notification to the Panel", "notifications:detail"),
    "chronology": Section("Merged chronology", "chronology:merged"),
    "rapid_review": Section("Requests to agencies", "rapid_review:requests"),
    "meetings": Section("Rapid review meetings", "meetings:list"),
    "parallel_processes": Section("Parallel processes", "parallel_processes:register"),
    "outcomes": Section("Rapid review outcome", "outcomes:overview"),
    "actions": Section("Case action list", "actions:list"),
    "reports": Section("Rapid review report", "reports:case_reports"),
    "signoffs": Section("Sign-off and scrutiny", "signoffs:overview"),
    "panel": Section("Sent to the Panel", "panel:submission"),
    "redaction": Section("Redaction checks", "redaction:checks"),
    "audit": Section("Who has viewed or changed this case", "audit:case_access"),
}
# Pages of an app that belong to another section, or are a section of their own.
PAGES: dict[tuple[str, str], Section] = {
    ("cases", "edit"): Section("Change the case details", "cases:edit"),
    ("cases", "members"): Section("People on this case", "cases:members"),
    ("cases", "sharing"): Section("Sharing with another partnership", "cases:sharing"),
    ("cases", "reopen"): Section("Reopen the case", "cases:reopen"),
    ("rapid_review", "family_told"): Section("The family told of the review", "rapid_review:family_told"),
    # The sign page of any signed document (signoffs.signable), and its resolution form's answer: a page of
    # its own (its URL takes the document's kind too, so it is never linked as a section).
    ("signoffs", "document"): Section("Sign-off of a document", "signoffs:document"),
    ("signoffs", "document_resolve"): Section("Sign-off of a document", "signoffs:document_resolve"),
}


# Pages with their own back link, or pages another part of the service owns (the agency request and return
# pages): no generic back link.
OWN_BACK_LINK = frozenset(
    {
        ("chronology", "map_upload"),
        ("chronology", "map_choose"),
        ("chronology", "map_columns"),
        ("chronology", "map_preview"),
        ("rapid_review", "request"),
        ("rapid_review", "return_edit"),
        ("rapid_review", "return_submit"),
        ("rapid_review", "return_review"),
        ("rapid_review", "request_map_upload"),
        ("rapid_review", "request_map_choose"),
        ("rapid_review", "request_map_columns"),
        ("rapid_review", "request_map_preview"),
    }
)
# An agency author's pages go back to their request (they never see the case's other pages).
AUTHOR_BACK = {
    ("rapid_review", "request_chronology"): ("rapid_review:request", "Back to your request"),
    ("rapid_review", "request_chronology_import"): (
        "rapid_review:request_chronology",
        "Back to your chronology",
    ),
}


def back_for(namespace: str, url_name: str, *, has_form: bool) -> tuple[str, str] | None:
    """(URL name, words) of the back link on a case page with a form, or None. A form page goes back to its
    section's first page (the case page when it has no section); a section's first page has breadcrumbs."""
    if (namespace, url_name) in AUTHOR_BACK:
        return AUTHOR_BACK[(namespace, url_name)]
    if not has_form or (namespace, url_name) in OWN_BACK_LINK or (namespace, url_name) == ("cases", "detail"):
        return None
    if (namespace, url_name) in PAGES:  # a page of its own under the case (its details, people, sharing)
        return ("cases:detail", "Back to the case")
    if is_section_start(namespace, url_name):
        return None
    section = section_for(namespace, url_name)
    if section is None:
        return ("cases:detail", "Back to the case")
    return (section.url_name, f"Back to {section.label[0].lower()}{section.label[1:]}")


def section_for(namespace: str, url_name: str) -> Section | None:
    """The section a case page belongs to; None for the case page itself (the case is the last crumb)."""
    if (namespace, url_name) in PAGES:
        return PAGES[(namespace, url_name)]
    return SECTIONS.get(namespace)


def is_section_start(namespace: str, url_name: str) -> bool:
    """Whether the page is its section's first page (the section is then the current page, not a link)."""
    section = section_for(namespace, url_name)
    return section is not None and section.url_name == f"{namespace}:{url_name}"
