"""Pseudonymous labels: "Child A", "Child B", … "Child Z", "Child AA", … and "Mother of Child A". Pure."""

from __future__ import annotations

import string
from collections.abc import Iterator


def _letters() -> Iterator[str]:
    size = 1
    while True:
        total = 26**size
        for n in range(total):
            code = ""
            for _ in range(size):
                n, r = divmod(n, 26)
                code = string.ascii_uppercase[r] + code
            yield code
        size += 1


def next_child_labels(taken: set[str], count: int = 1) -> list[str]:
    """The first `count` labels "Child X" not in `taken`, in order."""
    found: list[str] = []
    for letters in _letters():
        label = f"Child {letters}"
        if label not in taken:
            found.append(label)
            if len(found) == count:
                return found
    raise AssertionError("unreachable")


def household_label(relationship: str, child_label: str, number: int) -> str:
    relationship = " ".join(relationship.split())
    if not relationship:
        return f"Household member {number} of {child_label}"[:80]
    return f"{relationship[:1].upper()}{relationship[1:]} of {child_label}"[:80]
