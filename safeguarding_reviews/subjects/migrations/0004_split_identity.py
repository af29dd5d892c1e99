"""Split the identity details recorded as free text into their parts (data only; schema in 0003 and 0005).

Best effort (subjects/identity_parts.py, table-tested): the last word of the name is the last name and the
rest the first names ("SMITH, Jayden" is last name first; a nickname in brackets or quotes is a known-as name);
the other names used become known-as names; an address's last line shaped like a UK postcode is the postcode,
the line before it the town and the lines before that line 1; the school becomes the only school (or the
schools, if this migration's way back joined several with "; "). The text
as recorded stays in `name_as_recorded`, `other_names_as_recorded` and `address_as_recorded`: the business
unit checks each migrated person against it (docs/referrals.md, "Names and addresses in parts"). A row
already split (any part filled) is left alone.

Backwards fills the old columns of rows entered in parts (the name and address as one text, the schools
joined) so 0003's reverse can rename them back without losing anyone's name."""

from django.db import migrations

from safeguarding_reviews.subjects.identity_parts import clean_list, parts_from_recorded, recorded_from_parts

PARTS = ("first_names", "last_name", "known_as", "address_line_1", "town", "postcode", "schools")


def split_row(row):
    """Fill the parts of one identity from its text as recorded; False if it was already split."""
    if any(getattr(row, name) for name in PARTS):
        return False
    parts = parts_from_recorded(row.name_as_recorded, row.other_names_as_recorded, row.address_as_recorded)
    for name, value in parts.items():
        setattr(row, name, value)
    # One school as a rule; several only as this migration's way back joined them ("; ").
    row.schools = clean_list(row.school.split(";"))
    return True


def forwards(apps, schema_editor):
    SubjectIdentity = apps.get_model("subjects", "SubjectIdentity")
    changed = [row for row in SubjectIdentity.objects.order_by("pk").iterator() if split_row(row)]
    SubjectIdentity.objects.bulk_update(changed, PARTS, batch_size=500)


def backwards(apps, schema_editor):
    SubjectIdentity = apps.get_model("subjects", "SubjectIdentity")
    rows = list(SubjectIdentity.objects.order_by("pk"))
    for row in rows:
        name, address = recorded_from_parts(
            row.first_names, row.last_name, row.address_line_1, row.town, row.postcode
        )
        row.name_as_recorded = row.name_as_recorded or name
        row.address_as_recorded = row.address_as_recorded or address
        row.other_names_as_recorded = row.other_names_as_recorded or ", ".join(row.known_as or [])[:200]
        row.school = row.school or "; ".join(row.schools or [])[:200]
    SubjectIdentity.objects.bulk_update(
        rows, ["name_as_recorded", "other_names_as_recorded", "address_as_recorded", "school"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("subjects", "0003_identity_in_parts")]

    operations = [migrations.RunPython(forwards, backwards)]
