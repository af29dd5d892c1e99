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
    "audit": Section("Who has viewed or changed this case", "audit:case_access"),
}
# Pages of an app that belong to another section, or are a section of their own.
PAGES: dict[tuple[str, str], Section] = {
    ("cases", "edit"): Section("Change the case details", "cases:edit"),
    ("cases", "members"): Section("People on this case", "cases:members"),
    ("cases", "sharing"): Section("Sharing with another partnership", "cases:sharing"),
    ("cases", "reopen"): Section("Reopen the case", "cases:reopen"),
    ("rapid_review", "family_told"): Section("The family told of the review", "rapid_review:family_told"),
}


def section_for(namespace: str, url_name: str) -> Section | None:
    """The section a case page belongs to; None for the case page itself (the case is the last crumb)."""
    if (namespace, url_name) in PAGES:
        return PAGES[(namespace, url_name)]
    return SECTIONS.get(namespace)


def is_section_start(namespace: str, url_name: str) -> bool:
    """Whether the page is its section's first page (the section is then the current page, not a link)."""
    section = section_for(namespace, url_name)
    return section is not None and section.url_name == f"{namespace}:{url_name}"
