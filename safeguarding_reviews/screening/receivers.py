"""Screening decides the case's route; the clocks ask for it (clocks.signals.case_route_wanted)."""

from __future__ import annotations

from typing import Any

from .selectors import case_route


def route_for_clocks(sender: Any, *, case_id: Any, **_: Any) -> str | None:
    return case_route(case_id)
