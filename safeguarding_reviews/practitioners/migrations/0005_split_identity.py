"""Split practitioners' names recorded as free text into first names and last name (data only; the schema
is 0004), with the same best-effort split as subjects 0004 (a title such as "Dr" is dropped; the name as
recorded stays in `name_as_recorded`). Backwards fills it for names entered in parts."""

from django.db import migrations

from safeguarding_reviews.subjects.identity_parts import parts_from_recorded, recorded_from_parts


def forwards(apps, schema_editor):
    PractitionerIdentity = apps.get_model("practitioners", "PractitionerIdentity")
    changed = []
    for row in PractitionerIdentity.objects.order_by("pk").iterator():
        if row.first_names or row.last_name:
            continue
        parts = parts_from_recorded(row.name_as_recorded)
        row.first_names, row.last_name = parts["first_names"], parts["last_name"]
        changed.append(row)
    PractitionerIdentity.objects.bulk_update(changed, ["first_names", "last_name"], batch_size=500)


def backwards(apps, schema_editor):
    PractitionerIdentity = apps.get_model("practitioners", "PractitionerIdentity")
    rows = list(PractitionerIdentity.objects.filter(name_as_recorded=""))
    for row in rows:
        row.name_as_recorded = recorded_from_parts(row.first_names, row.last_name)[0]
    PractitionerIdentity.objects.bulk_update(rows, ["name_as_recorded"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("practitioners", "0004_identity_in_parts")]

    operations = [migrations.RunPython(forwards, backwards)]
