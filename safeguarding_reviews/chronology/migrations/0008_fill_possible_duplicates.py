"""Store the possible-duplicate pairs (0007) of every chronology that exists, case by case, with the rule in
duplicates.py (pure) as chronology.services.duplicate_pairs_store applies it from now on. The rule reads only
the two entries of a pair, so every entry counts (withdrawn and restricted ones too; readers filter)."""

from django.db import migrations

from safeguarding_reviews.chronology.duplicates import (
    ROW_FIELDS,
    candidate_from_row,
    duplicate_flags,
    pair_key,
)


def fill(apps, schema_editor):
    ChronologyEntry = apps.get_model("chronology", "ChronologyEntry")
    PossibleDuplicate = apps.get_model("chronology", "PossibleDuplicate")
    case_ids = ChronologyEntry.objects.order_by().values_list("case_id", flat=True).distinct()
    for case_id in case_ids:
        rows = ChronologyEntry.objects.filter(case_id=case_id).values(*ROW_FIELDS)
        flags = duplicate_flags(candidate_from_row(row) for row in rows)
        pairs = {pair_key(entry_id, f.other_id): f for entry_id, found in flags.items() for f in found}
        PossibleDuplicate.objects.bulk_create(
            [
                PossibleDuplicate(
                    case_id=case_id, entry_low_id=low, entry_high_id=high, why=f.why, words=f.words
                )
                for (low, high), f in sorted(pairs.items())
            ],
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [("chronology", "0007_possible_duplicates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
