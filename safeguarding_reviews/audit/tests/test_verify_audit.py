"""manage.py verify_audit: an intact chain passes; every kind of tampering is found and named."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguarding_reviews.audit.chain import GENESIS_HASH, canonical_payload, link_hash
from safeguarding_reviews.audit.checkpoint import read_checkpoint, write_checkpoint
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.audit.verify import verify_chain
from tests.factories import UserFactory


def run_verify(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def broken_message(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run_verify(*args)
    return str(caught.value)


def test_intact_chain_passes_and_reports_rate(chain):
    output = run_verify()
    assert "Audit chain verified: 10 rows checked" in output
    assert "rows/s" in output
    assert "no checkpoint" in output  # warned, not failed


def test_empty_chain_passes(db):
    assert "0 rows checked" in run_verify()


@pytest.mark.parametrize("batch_size", [1, 3, 10, 11])
def test_batches_walk_every_row(chain, batch_size):
    result = verify_chain(batch_size=batch_size)
    assert result.ok
    assert result.rows_checked == 10
    assert result.head_sequence == 10


def test_checkpoint_option_records_verification_and_moves_checkpoint(chain):
    output = run_verify("--checkpoint")
    assert "Checkpoint moved to sequence 11" in output
    event = AuditEvent.objects.get(sequence=11)
    assert event.event_type == EventType.AUDIT_VERIFIED
    assert event.data == {"rows_checked": 10, "head_sequence": 10}
    assert read_checkpoint() == {"sequence": 11, "hash": event.hash}
    # The verification event is itself part of the chain the next run checks.
    assert "11 rows checked" in run_verify()
    assert "Checkpoint at sequence 11 matches" in run_verify()


def test_plain_run_writes_nothing(chain):
    run_verify()
    assert AuditEvent.objects.count() == 10
    assert read_checkpoint() is None


# --- Tampering, as someone with write access to the table would do it ------------------------------


def test_edited_data_is_found(chain, tamper):
    AuditEvent.objects.filter(sequence=4).update(data={"page": "somewhere else", "i": 3})
    message = broken_message()
    assert "BROKEN at sequence 4: hash does not match the row's contents" in message
    assert "somewhere else" not in message  # names the place, never the data
    assert "3 rows before it are intact" in message


def test_edited_event_type_is_found(chain, tamper):
    AuditEvent.objects.filter(sequence=7).update(event_type=EventType.SIGN_IN)
    assert "sequence 7: hash does not match" in broken_message()


def test_edited_actor_is_found(chain, tamper):
    AuditEvent.objects.filter(sequence=2).update(actor=UserFactory.create())
    assert "sequence 2: hash does not match" in broken_message()


def test_edited_time_is_found_by_raw_sql(chain, tamper):
    tamper.execute(
        "UPDATE audit_auditevent SET occurred_at = occurred_at - interval '1 day' WHERE sequence = 5"
        if connection.vendor == "postgresql"
        else "UPDATE audit_auditevent SET occurred_at = '2020-01-01 00:00:00' WHERE sequence = 5"
    )
    assert "sequence 5: hash does not match" in broken_message()


def test_deleted_middle_row_is_found(chain, tamper):
    tamper.execute("DELETE FROM audit_auditevent WHERE sequence = 6")
    assert "BROKEN at sequence 6: row missing (the next row is sequence 7)" in broken_message()


def test_swapped_sequence_numbers_are_found(chain, tamper):
    AuditEvent.objects.filter(sequence=3).update(sequence=-3)
    AuditEvent.objects.filter(sequence=4).update(sequence=3)
    AuditEvent.objects.filter(sequence=-3).update(sequence=4)
    assert "sequence 3: prev_hash is not the hash of the row before" in broken_message()


def test_forged_row_on_the_end_is_found(chain, tamper):
    head = AuditEvent.objects.get(sequence=10)
    AuditEvent.objects.create(
        sequence=11,
        occurred_at=head.occurred_at,
        event_type=EventType.CASE_VIEWED,
        data={},
        prev_hash=head.hash,
        hash="f" * 64,
    )
    assert "sequence 11: hash does not match" in broken_message()


def test_forged_row_in_the_middle_is_found_even_with_a_correct_hash(chain, tamper):
    # The forger knows the algorithm: shifts rows 6..10 up by one and writes a well-formed row 6.
    for sequence in range(10, 5, -1):
        AuditEvent.objects.filter(sequence=sequence).update(sequence=sequence + 1)
    before = AuditEvent.objects.get(sequence=5)
    fields: dict[str, Any] = {
        "sequence": 6,
        "occurred_at": before.occurred_at,
        "event_type": str(EventType.CASE_VIEWED),
        "actor_id": None,
        "partnership_id": None,
        "case_id": None,
        "object_type": "",
        "object_id": "",
        "data": {},
        "request_id": "",
    }
    AuditEvent.objects.create(
        **fields, prev_hash=before.hash, hash=link_hash(before.hash, canonical_payload(**fields))
    )
    # Row 7 (the old 6) now carries a sequence number its hash was not made with.
    assert "sequence 7: prev_hash is not the hash of the row before" in broken_message()


def test_forged_row_before_the_start_is_found(chain, tamper):
    AuditEvent.objects.create(
        sequence=0, occurred_at=chain[0].occurred_at, event_type="x", prev_hash=GENESIS_HASH, hash="e" * 64
    )
    assert "sequence 0: row out of place" in broken_message()


def test_rows_cut_off_the_end_are_found_by_the_checkpoint(chain, tamper):
    write_checkpoint()
    assert "Checkpoint at sequence 10 matches" in run_verify()
    tamper.execute("DELETE FROM audit_auditevent WHERE sequence > 7")
    message = broken_message()
    assert (
        "sequence 8: row missing: the chain ends at sequence 7 but the checkpoint names sequence 10"
        in message
    )


def test_cut_and_overtaken_by_new_writes_is_still_found(chain, tamper):
    write_checkpoint()
    tamper.execute("DELETE FROM audit_auditevent WHERE sequence > 7")
    for _ in range(5):  # the service carries on: sequences 8..12 are written again, differently
        record_event(event_type=EventType.SIGN_IN)
    write_checkpoint()  # tick must not move the checkpoint past the damage
    checkpoint = read_checkpoint()
    assert checkpoint is not None and checkpoint["sequence"] == 10
    assert "sequence 10: hash differs from the checkpoint" in broken_message()


def test_everything_deleted_is_found_by_the_checkpoint(chain, tamper):
    write_checkpoint()
    tamper.execute("DELETE FROM audit_auditevent")
    assert "sequence 1: row missing: the chain ends at sequence 0" in broken_message()


def test_chain_rewritten_from_scratch_is_found_by_the_checkpoint(chain, tamper):
    write_checkpoint()
    tamper.execute("DELETE FROM audit_auditevent")
    for _ in range(12):
        record_event(event_type=EventType.SIGN_IN)  # a perfectly consistent, different chain
    assert "sequence 10: hash differs from the checkpoint" in broken_message()


def test_offsite_checkpoint_copy_can_be_used(chain, tamper, tmp_path):
    write_checkpoint()
    offsite = tmp_path / "offsite.json"
    offsite.write_text(json.dumps(read_checkpoint()))
    tamper.execute("DELETE FROM audit_auditevent WHERE sequence > 8")
    write_checkpoint()  # harmless: the local file cannot move backwards either
    assert "checkpoint names sequence 10" in broken_message("--checkpoint-file", str(offsite))


@pytest.mark.parametrize("content", ["not json", "[]", '{"sequence": "9", "hash": "x"}', '{"sequence": 0}'])
def test_unreadable_checkpoint_fails(chain, settings, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    settings.AUDIT_CHECKPOINT_PATH = str(path)
    assert "NOT verified: the checkpoint file" in broken_message()


def test_failure_does_not_record_or_move_checkpoint(chain, tamper):
    write_checkpoint()
    AuditEvent.objects.filter(sequence=9).update(request_id="forged")
    broken_message("--checkpoint")
    assert AuditEvent.objects.filter(event_type=EventType.AUDIT_VERIFIED).count() == 0
    checkpoint = read_checkpoint()
    assert checkpoint is not None and checkpoint["sequence"] == 10
