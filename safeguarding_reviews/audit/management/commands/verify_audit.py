"""manage.py verify_audit: is the audit chain whole? Exit status 0 if so, 1 at the first broken link.

Run it daily from cron with --checkpoint (docs/operations.md). Output names sequence numbers and the
kind of break only, never the data in a row.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding_reviews.audit.checkpoint import checkpoint_path, read_checkpoint, write_checkpoint
from safeguarding_reviews.audit.services import audit_verification_record
from safeguarding_reviews.audit.verify import DEFAULT_BATCH_SIZE, verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit chain in sequence order and check it: sequence gapless from 1, each prev_hash "
        "the previous row's hash, each hash recomputes, and the checkpoint's row is there unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="store_true",
            help="After a successful check, record an 'Audit chain verified' event and move the "
            "checkpoint to the new head (the daily run).",
        )
        parser.add_argument(
            "--checkpoint-file",
            default=None,
            help="Compare against this copy of the checkpoint (for example one shipped off the machine) "
            "instead of AUDIT_CHECKPOINT_PATH. Only read.",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="Rows per query.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["checkpoint_file"] or checkpoint_path()
        try:
            checkpoint = read_checkpoint(source)
        except ValueError as error:
            raise CommandError(f"Audit chain NOT verified: {error} ({source}).") from error
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")

        result = verify_chain(checkpoint=checkpoint, batch_size=options["batch_size"])
        if not result.ok:
            raise CommandError(
                f"Audit chain BROKEN at {result.broken}. {result.rows_checked} rows before it are intact."
            )

        self.stdout.write(
            f"Audit chain verified: {result.rows_checked} rows checked in {result.seconds:.2f} s "
            f"({result.rows_per_second:,.0f} rows/s); head is sequence {result.head_sequence or 0}."
        )
        if checkpoint is None:
            self.stderr.write(
                f"Warning: no checkpoint at {source}, so rows cut off the end could not be detected. "
                "Run `manage.py tick` or `verify_audit --checkpoint` to write one."
            )
        else:
            self.stdout.write(f"Checkpoint at sequence {checkpoint['sequence']} matches.")

        if options["checkpoint"]:
            # The event goes after the verified head and is itself checked on the next run; the new
            # checkpoint names it, so it also pins everything verified now.
            audit_verification_record(rows_checked=result.rows_checked, head_sequence=result.head_sequence)
            written = write_checkpoint()
            if written is not None:
                self.stdout.write(f"Checkpoint moved to sequence {written['sequence']}.")
