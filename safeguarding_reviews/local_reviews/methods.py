"""The managed list of review methods (issue 13 item 6), as pure rules: which methods a partnership may choose
for a review's methodology, when the methodology must describe how the method is used, what its business
manager may do with a method on the list, and the code a new method of its own gets. The records are
models.ReviewMethod; callers pass plain values (MethodFacts), so these rules import nothing from Django."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

# The national list as seeded by migration 0005 (Working Together to Safeguard Children 2023, chapter 5).
NATIONAL_VERSION = "wt2023-1"
# The vocabulary version a partnership's own additions carry.
PARTNERSHIP_VERSION = "partnership"

NOT_ON_LIST = "Select a method from your partnership's list"
RETIRED = "This method has been retired: select another method"
NATIONAL_READ_ONLY = "The national list comes from its source and cannot be changed here"


@dataclass(frozen=True)
class MethodFacts:
    """What the rules need of one method on the list."""

    partnership_id: int | None
    is_active: bool
    requires_description: bool
    label: str = ""


class ListAction(enum.Enum):
    RETIRE = "retire"
    REINSTATE = "reinstate"


def choice_refusal(method: MethodFacts, *, partnership_id: int, current: bool = False) -> str:
    """Why a review of `partnership_id` may not use `method` ('' when it may). A partnership chooses from the
    active national methods and its own active ones. `current`: the review's methodology already uses it, so
    a method retired since stays on the record it was chosen for (and may be kept when the rest changes)."""
    if method.partnership_id is not None and method.partnership_id != partnership_id:
        return NOT_ON_LIST
    if not method.is_active and not current:
        return RETIRED
    return ""


def description_refusal(method: MethodFacts, description: str) -> str:
    """Why the methodology's description is not enough for `method` ('' when it is)."""
    if method.requires_description and not (description or "").strip():
        name = method.label or "This method"
        return f"Describe how the method will be used: {name} needs a description"
    return ""


def list_action_refusal(method: MethodFacts, action: ListAction, *, partnership_id: int) -> str:
    """Why the business manager of `partnership_id` may not retire or reinstate `method` ('' if they may)."""
    if method.partnership_id is None:
        return NATIONAL_READ_ONLY
    if method.partnership_id != partnership_id:
        return NOT_ON_LIST
    if action is ListAction.RETIRE and not method.is_active:
        return "This method is already retired"
    if action is ListAction.REINSTATE and method.is_active:
        return "This method is in use: only a retired method can be reinstated"
    return ""


def normalised(label: str) -> str:
    """A label as compared for clashes: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def label_refusal(label: str, taken: list[str]) -> str:
    """Why a new method may not be called `label` ('' when it may): `taken` are the labels of the methods the
    partnership can already choose from or has retired (the national list and its own)."""
    wanted = normalised(label)
    if not wanted:
        return "Enter the name of the method"
    if any(normalised(other) == wanted for other in taken):
        return "There is already a method with this name on the list"
    return ""


def code_for(label: str, taken: set[str]) -> str:
    """A code for a partnership's own method: its label as a slug (at most 50 characters, 'method' if
    nothing is left), made unique among `taken` (every code on the national list and the partnership's own)
    with -2, -3 and so on."""
    base = normalised(label).replace(" ", "-")[:50].strip("-") or "method"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code
