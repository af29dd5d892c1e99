"""Split added family members' names and addresses recorded as free text into their parts (data only; the
schema is 0003). The same best-effort split as subjects 0004 (subjects/identity_parts.py); the text as
recorded stays in `name_as_recorded` and `address_as_recorded` for the business unit to check against.
Backwards fills those of rows entered in parts, so 0003's reverse loses no one's name."""

from django.db import migrations

from safeguarding_reviews.subjects.identity_parts import parts_from_recorded, recorded_from_parts

PARTS = ("first_names", "last_name", "known_as", "address_line_1", "town", "postcode")


def forwards(apps, schema_editor):
    FamilyMemberIdentity = apps.get_model("families", "FamilyMemberIdentity")
    changed = []
    for row in FamilyMemberIdentity.objects.order_by("pk").iterator():
        if any(getattr(row, name) for name in PARTS):
            continue
        for name, value in parts_from_recorded(row.name_as_recorded, "", row.address_as_recorded).items():
            setattr(row, name, value)
        changed.append(row)
    FamilyMemberIdentity.objects.bulk_update(changed, PARTS, batch_size=500)


def backwards(apps, schema_editor):
    FamilyMemberIdentity = apps.get_model("families", "FamilyMemberIdentity")
    rows = list(FamilyMemberIdentity.objects.order_by("pk"))
    for row in rows:
        name, address = recorded_from_parts(
            row.first_names, row.last_name, row.address_line_1, row.town, row.postcode
        )
        row.name_as_recorded = row.name_as_recorded or name
        row.address_as_recorded = row.address_as_recorded or address
    FamilyMemberIdentity.objects.bulk_update(
        rows, ["name_as_recorded", "address_as_recorded"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("families", "0003_identity_in_parts")]

    operations = [migrations.RunPython(forwards, backwards)]
