"""The checkpoint file: moves forward with the chain, never backwards, never past damage."""

from __future__ import annotations

import json

from django.core.management import call_command

from safeguarding_reviews.audit.checkpoint import checkpoint_path, read_checkpoint, write_checkpoint
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.audit.services import record_event


def test_no_events_no_checkpoint(db):
    assert write_checkpoint() is None
    assert not checkpoint_path().exists()


def test_follows_the_head(chain):
    assert write_checkpoint() == {"sequence": 10, "hash": chain[-1].hash}
    event = record_event(event_type=EventType.SIGN_IN)
    write_checkpoint()
    assert read_checkpoint() == {"sequence": 11, "hash": event.hash}
    assert json.loads(checkpoint_path().read_text()) == {"sequence": 11, "hash": event.hash}
    assert [p.name for p in checkpoint_path().parent.iterdir() if p.suffix == ".tmp"] == []


def test_tick_writes_it(chain):
    call_command("tick", stdout=None)
    # tick's housekeeping records its own system events first; the checkpoint names the head after them.
    checkpoint, head = read_checkpoint(), AuditEvent.objects.order_by("-sequence").first()
    assert checkpoint is not None and head is not None
    assert checkpoint["sequence"] == head.sequence > 10


def test_never_moves_backwards(chain, tamper):
    write_checkpoint()
    tamper.execute("DELETE FROM audit_auditevent WHERE sequence > 5")
    assert write_checkpoint() == read_checkpoint() == {"sequence": 10, "hash": chain[-1].hash}


def test_does_not_move_past_a_changed_row(chain, tamper):
    write_checkpoint()
    AuditEvent.objects.filter(sequence=10).update(hash="a" * 64)
    record_event(event_type=EventType.SIGN_IN)
    assert write_checkpoint() == read_checkpoint() == {"sequence": 10, "hash": chain[-1].hash}


def test_unreadable_file_is_left_alone(chain):
    checkpoint_path().write_text("garbage")
    assert write_checkpoint() is None
    assert checkpoint_path().read_text() == "garbage"
