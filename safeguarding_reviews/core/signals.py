"""Asking the apps above: a lower app declares a Signal, a higher app connects a receiver in its
AppConfig.ready, and the lower app reads the receivers' answers. So the lower app never imports the higher
one (the layers contract, docs/architecture.md "Layers")."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal


def answers(signal: Signal, *, sender: Any, **kwargs: Any) -> list[Any]:
    """What each receiver returned, in the order they were connected. `send`, never `send_robust`: a
    receiver's failure is the caller's failure (and, inside a transaction, rolls it back)."""
    return [answer for _receiver, answer in signal.send(sender=sender, **kwargs)]


# A job-creating POST was refused by the rate limit (core.throttle): kwargs actor and kind. The audit trail
# records it (audit connects its receiver), as every refusal is recorded.
job_refused = Signal()
