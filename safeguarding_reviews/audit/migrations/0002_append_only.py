"""Append-only audit table.

PostgreSQL: a statement trigger refuses UPDATE, DELETE and TRUNCATE unless the current role is a member
of the role that owns the table. The owner runs migrations (and the test suite's flush); the
application's runtime role is not a member, so it can only SELECT and INSERT (docs/operations.md).
`current_user` rather than `session_user`, so that `SET ROLE app` is refused too; the function is
SECURITY INVOKER (the default), so current_user is the role running the statement.

SQLite: a trigger refuses UPDATE only. DELETE stays possible because Django's flush (used between
transactional tests) empties tables with DELETE; a deleted row still shows as a gap to verify_audit.
SQLite rebuilds a table for some ALTERs and drops its triggers then: test_append_only checks they exist.
"""

from django.db import migrations, models

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN NULL;  -- the owner (migrations, maintenance, test flush); statement triggers ignore this
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused for role %', TG_OP, current_user
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
PG_TRIGGERS = [
    """CREATE TRIGGER audit_auditevent_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_change()""",
    """CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_change()""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update_delete ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_change()",
]
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update
BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_auditevent_no_update;"


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    # params=None: the SQL holds a literal % (plpgsql's RAISE format), which must not be read as a placeholder.
    if vendor == "postgresql":
        for sql in [PG_FUNCTION, *PG_TRIGGERS]:
            schema_editor.execute(sql, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_DROP:
            schema_editor.execute(sql, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="event_type",
            field=models.CharField(max_length=60),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_seq_idx"),
        ),
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
    ]
