"""The database itself refuses changes to audit rows from anyone but the table's owner."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.audit.services import record_event

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles and triggers")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite trigger")

APP_ROLE = "sr_audit_test_app_role"


@pytest.fixture
def app_role(db):
    """A role like the application's runtime role: SELECT and INSERT on the audit table, nothing more.
    CREATE ROLE is transactional in PostgreSQL, so the test's rollback removes it again."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT ON audit_auditevent TO {APP_ROLE}")
        cursor.execute(f"GRANT USAGE ON SEQUENCE audit_auditevent_id_seq TO {APP_ROLE}")
    return APP_ROLE


def as_role(role: str, sql: str) -> None:
    """Run `sql` as `role` in a savepoint (rolling back also undoes SET ROLE)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
        cursor.execute(sql)


@postgres_only
def test_triggers_are_installed_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"audit_auditevent_no_update_delete", "audit_auditevent_no_truncate"}


@postgres_only
def test_app_role_can_append_and_read(app_role):
    record_event(event_type=EventType.SIGN_IN)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
        record_event(event_type=EventType.SIGN_OUT)  # the advisory lock, the head read and the insert
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone()[0] == 2


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET data = '{}' WHERE sequence = 1",
        "UPDATE audit_auditevent SET data = '{}' WHERE sequence = -1",  # refused even if it matches nothing
        "DELETE FROM audit_auditevent WHERE sequence = 1",
        "TRUNCATE audit_auditevent",
    ],
)
def test_app_role_cannot_change_or_remove_rows(app_role, sql):
    record_event(event_type=EventType.SIGN_IN)
    # Give the app role table privileges too, to show the trigger (not just the grants) refuses.
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO {app_role}")
    with pytest.raises(DatabaseError, match="append-only"):
        as_role(app_role, sql)
    assert AuditEvent.objects.get(sequence=1).data == {}


@postgres_only
def test_app_role_without_grants_is_refused_by_privileges(app_role):
    with pytest.raises(DatabaseError, match="permission denied"):
        as_role(app_role, "DELETE FROM audit_auditevent")


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
        "SET session_replication_role = replica",
    ],
)
def test_app_role_cannot_switch_the_trigger_off(app_role, sql):
    with pytest.raises(DatabaseError, match="must be owner|permission denied"):
        as_role(app_role, sql)


@postgres_only
def test_owner_can_still_manage_the_table(db):
    """The owner runs migrations and the test suite's flush (TRUNCATE), so the trigger lets it through."""
    record_event(event_type=EventType.SIGN_IN)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET request_id = 'x' WHERE sequence = 1")
        cursor.execute("TRUNCATE audit_auditevent")
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == 1


@sqlite_only
def test_sqlite_refuses_updates(db):
    record_event(event_type=EventType.SIGN_IN)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["audit_auditevent_no_update"]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(sequence=1).update(data={"x": 1})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event = AuditEvent.objects.get(sequence=1)
        event.request_id = "changed"
        event.save()
    assert AuditEvent.objects.get(sequence=1).data == {}


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_flush_still_works_with_the_trigger():
    """Transactional tests empty every table with DELETE between tests: the trigger must allow it."""
    record_event(event_type=EventType.SIGN_IN)
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
