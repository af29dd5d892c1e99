"""The registry of context builders for document generation (services.document_generation_request).

Dependency inversion: reports sits below the apps whose documents it makes, so it never imports them. An app
registers a builder once, in its AppConfig.ready:

    from safeguarding_reviews.reports import builders

    builders.register(
        builders.ContextBuilder(
            name="terms_of_reference",
            kind="terms_of_reference",
            purpose="terms_of_reference",
            build=tor_context,  # (case, subject_id) -> the kind's context (reports.kinds), or None if gone
            may_request=may_export,  # (user, case) -> bool: who may ask for the document
            may_read=may_read,  # (user, case) -> bool: who may see its status and download it
            subject_url=tor_url,  # (case, subject_id, subject_version) -> where the subject is read
            filename=tor_filename,  # (case, subject_version) -> the stem of the file name
        )
    )

`build` runs on the task worker and must not record reads. Nothing here touches the database.

A document about a partnership rather than one case (the action plans' committee report for a quarter) is
registered with `scope=PARTNERSHIP`: every callable then gets the Partnership where a case builder gets the
case, and its generations are requested with `partnership=` and no case
(services.document_generation_request). The case pages' status and download URLs never serve them; the owning
app shows their status and download on its own pages (policies.partnership_document_generation_get).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CASE = "case"
PARTNERSHIP = "partnership"


@dataclass(frozen=True)
class ContextBuilder:
    name: str
    kind: str
    purpose: str
    build: Callable[[Any, int], dict[str, Any] | None]
    may_request: Callable[[Any, Any], bool]
    may_read: Callable[[Any, Any], bool]
    subject_url: Callable[[Any, int, int], str]
    filename: Callable[[Any, int], str]
    label: str = "the document"
    # A reader `may_read` refuses gets 404, not 403, when the document's existence is itself to be hidden
    # (the family information letter names an identified person: families/wiring.py).
    refused_as_not_found: bool = False
    # Called after a download of a made document is recorded, with (user, case, subject_id): e.g. the family
    # information letter records the identity read its download is (families/wiring.py).
    on_download: Callable[[Any, Any, int], None] | None = None
    # CASE: the callables get the case; PARTNERSHIP: they get the partnership (no case).
    scope: str = CASE


class UnknownBuilderError(LookupError):
    """No context builder is registered with that name."""


_BUILDERS: dict[str, ContextBuilder] = {}


def register(builder: ContextBuilder) -> ContextBuilder:
    """Add a builder. Registering the same one again is harmless (ready() may run twice); another builder
    under a name already taken is an error."""
    existing = _BUILDERS.get(builder.name)
    if existing is not None and existing != builder:
        raise ValueError(f"A context builder {builder.name!r} is already registered")
    _BUILDERS[builder.name] = builder
    return builder


def unregister(name: str) -> None:
    """Remove a builder (tests only)."""
    _BUILDERS.pop(name, None)


def get(name: str) -> ContextBuilder:
    try:
        return _BUILDERS[name]
    except KeyError:
        raise UnknownBuilderError(name) from None
