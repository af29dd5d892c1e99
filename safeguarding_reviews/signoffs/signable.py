"""The registry of signable kinds: documents the three safeguarding partners sign off (issue 13 item 2).

Dependency inversion: signoffs sits below the apps whose documents are signed, so it never imports them.
An app that owns a signable document registers its kind once, in its AppConfig.ready:

    from safeguarding_reviews.signoffs import signable

    signable.register(
        signable.SignableKind(code="terms_of_reference", label="Terms of reference", current=tor_current)
    )

`current(case)` returns the version to sign now (a SignableVersion), or None when there is nothing to sign;
it must not record reads (the sign page records its own). When the app makes a new version it calls
signoffs.services.document_signoffs_supersede in the same transaction. Pure: nothing from Django here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A code travels in URLs (cases/<id>/sign/<code>/) and is stored on each sign-off.
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class SignableVersion:
    """One version of one document, as the signer reads it. `document_id` names the document across its
    versions (a sign-off is superseded per kind and document_id); `sha256` is the checksum of exactly what
    is signed; `drafted_by` the ids of everyone who wrote any part of it (they may not sign it)."""

    document_id: int
    version: int
    sha256: str
    drafted_by: frozenset[int]
    title: str
    url: str
    download_url: str | None = None


@dataclass(frozen=True)
class SignableKind:
    code: str
    label: str
    current: Callable[[Any], SignableVersion | None]  # (case) -> the version to sign now, or None


class UnknownKindError(LookupError):
    """No signable kind is registered with that code."""


_KINDS: dict[str, SignableKind] = {}


def register(kind: SignableKind) -> SignableKind:
    """Add a kind. Registering the same kind again is harmless (ready() can run twice in tests); another
    kind with a code already taken is an error."""
    if not CODE_PATTERN.match(kind.code):
        raise ValueError(f"A signable kind's code must match {CODE_PATTERN.pattern}: {kind.code!r}")
    existing = _KINDS.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"A signable kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    """Remove a kind (tests only)."""
    _KINDS.pop(code, None)


def get(code: str) -> SignableKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise UnknownKindError(code) from None


def kinds() -> list[SignableKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)
