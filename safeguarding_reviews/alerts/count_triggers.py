"""The database triggers that keep alerts.UnreadAlertCount honest, on SQLite and PostgreSQL alike.

Which of a person's alerts count depends on the alerts (raised, read, deleted) and on what decides whether
they still see each alert's case (cases.policies.visible_case_q): their account (active, platform
administrator), their partnership memberships and roles, their places on cases, and each case's lead
partnership, restriction, shares and committee listing. A trigger on each of those tables inserts an
AlertCountStale row for every person the change may affect, in the same transaction as the change, so no
path (a service, a bulk update, a data migration, the scale generator) can leave a stale count trusted:

- a row about one person (an alert, a place on a case, a membership, a role, an account): that person;
- a row about one case (its restriction or lead partnership, a share, a committee listing): every person
  with an alert about that case.

The triggers only insert into a table with no unique constraint, so they never wait on one another.
alerts.services.alert_counts_refresh deletes the rows when it counts again.

Migration alerts 0003 creates them. SQLite drops a table's triggers when a later migration rebuilds the table
(some ALTERs do), so the alerts app's post_migrate receiver (apps.py) creates any that are missing and then
marks every count stale; alerts/tests/test_unread_counts.py checks each kind of change on both databases.
"""

from __future__ import annotations

from typing import Any

STALE = "alerts_alertcountstale"
# Tables whose rows are about one person: (table, the column holding the person's id).
PERSON_TABLES = (
    ("alerts_alert", "user_id"),
    ("cases_casemembership", "user_id"),
    ("organisations_membership", "user_id"),
)
# Tables whose rows are about one case: (table, the column holding the case's id).
CASE_TABLES = (
    ("cases_caseshare", "case_id"),
    ("cases_committeelisting", "case_id"),
)
_ALERTED = "SELECT DISTINCT user_id FROM alerts_alert WHERE case_id = {row}.{column}"
_ROLE_HOLDER = "SELECT user_id FROM organisations_membership WHERE id = {row}.membership_id"
_CASE_SEEN_CHANGED = (
    "OLD.is_restricted IS NOT NEW.is_restricted OR OLD.lead_partnership_id IS NOT NEW.lead_partnership_id"
)
_ACCOUNT_CHANGED = "OLD.is_active IS NOT NEW.is_active OR OLD.is_platform_admin IS NOT NEW.is_platform_admin"


# --- SQLite: one trigger per table and operation ----------------------------------------------------------


def _sqlite(name: str, timing: str, table: str, body: list[str], when: str = "") -> tuple[str, str]:
    statements = " ".join(f"{sql};" for sql in body)
    when_clause = f" WHEN {when}" if when else ""
    return (
        name,
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {timing} ON {table}{when_clause} BEGIN {statements} END",
    )


def _sqlite_triggers() -> list[tuple[str, str]]:
    triggers = []
    for table, column in PERSON_TABLES:
        new = f"INSERT INTO {STALE} (user_id) VALUES (NEW.{column})"
        old = f"INSERT INTO {STALE} (user_id) VALUES (OLD.{column})"
        triggers += [
            _sqlite(f"sr_alertcount_{table}_ins", "INSERT", table, [new]),
            _sqlite(f"sr_alertcount_{table}_upd", "UPDATE", table, [new, old]),
            _sqlite(f"sr_alertcount_{table}_del", "DELETE", table, [old]),
        ]
    role_new = f"INSERT INTO {STALE} (user_id) " + _ROLE_HOLDER.format(row="NEW")
    role_old = f"INSERT INTO {STALE} (user_id) " + _ROLE_HOLDER.format(row="OLD")
    table = "organisations_membershiprole"
    triggers += [
        _sqlite(f"sr_alertcount_{table}_ins", "INSERT", table, [role_new]),
        _sqlite(f"sr_alertcount_{table}_upd", "UPDATE", table, [role_new, role_old]),
        _sqlite(f"sr_alertcount_{table}_del", "DELETE", table, [role_old]),
    ]
    for table, column in CASE_TABLES:
        new = f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="NEW", column=column)
        old = f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="OLD", column=column)
        triggers += [
            _sqlite(f"sr_alertcount_{table}_ins", "INSERT", table, [new]),
            _sqlite(f"sr_alertcount_{table}_upd", "UPDATE", table, [new, old]),
            _sqlite(f"sr_alertcount_{table}_del", "DELETE", table, [old]),
        ]
    triggers += [
        _sqlite(
            "sr_alertcount_cases_case_upd",
            "UPDATE OF is_restricted, lead_partnership_id",
            "cases_case",
            [f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="NEW", column="id")],
            when=_CASE_SEEN_CHANGED,
        ),
        _sqlite(
            "sr_alertcount_accounts_user_upd",
            "UPDATE OF is_active, is_platform_admin",
            "accounts_user",
            [f"INSERT INTO {STALE} (user_id) VALUES (NEW.id)"],
            when=_ACCOUNT_CHANGED,
        ),
    ]
    return triggers


# --- PostgreSQL: a function per kind of row, one row-level trigger per table ----------------------------


def _pg_function(name: str, new_sql: str, old_sql: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {new_sql};
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {old_sql};
    END IF;
    RETURN NULL;
END;
$$"""


def _pg_statements() -> list[str]:
    statements = [
        _pg_function(
            "sr_alertcount_person",
            f"INSERT INTO {STALE} (user_id) VALUES (NEW.user_id)",
            f"INSERT INTO {STALE} (user_id) VALUES (OLD.user_id)",
        ),
        _pg_function(
            "sr_alertcount_role",
            f"INSERT INTO {STALE} (user_id) " + _ROLE_HOLDER.format(row="NEW"),
            f"INSERT INTO {STALE} (user_id) " + _ROLE_HOLDER.format(row="OLD"),
        ),
        _pg_function(
            "sr_alertcount_case",
            f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="NEW", column="case_id"),
            f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="OLD", column="case_id"),
        ),
        _pg_function(
            "sr_alertcount_case_row",
            f"INSERT INTO {STALE} (user_id) " + _ALERTED.format(row="NEW", column="id"),
            "NULL",
        ),
        _pg_function("sr_alertcount_account", f"INSERT INTO {STALE} (user_id) VALUES (NEW.id)", "NULL"),
    ]
    for table, _ in PERSON_TABLES:
        statements.append(
            f"CREATE TRIGGER sr_alertcount_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sr_alertcount_person()"
        )
    statements.append(
        "CREATE TRIGGER sr_alertcount_organisations_membershiprole AFTER INSERT OR UPDATE OR DELETE "
        "ON organisations_membershiprole FOR EACH ROW EXECUTE FUNCTION sr_alertcount_role()"
    )
    for table, _ in CASE_TABLES:
        statements.append(
            f"CREATE TRIGGER sr_alertcount_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sr_alertcount_case()"
        )
    statements += [
        "CREATE TRIGGER sr_alertcount_cases_case AFTER UPDATE OF is_restricted, lead_partnership_id "
        f"ON cases_case FOR EACH ROW WHEN ({_CASE_SEEN_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
        "EXECUTE FUNCTION sr_alertcount_case_row()",
        "CREATE TRIGGER sr_alertcount_accounts_user AFTER UPDATE OF is_active, is_platform_admin "
        f"ON accounts_user FOR EACH ROW WHEN ({_ACCOUNT_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
        "EXECUTE FUNCTION sr_alertcount_account()",
    ]
    return statements


def _pg_trigger_names() -> list[tuple[str, str]]:
    tables = [t for t, _ in PERSON_TABLES] + ["organisations_membershiprole"] + [t for t, _ in CASE_TABLES]
    return [(f"sr_alertcount_{t}", t) for t in tables] + [
        ("sr_alertcount_cases_case", "cases_case"),
        ("sr_alertcount_accounts_user", "accounts_user"),
    ]


PG_FUNCTIONS = (
    "sr_alertcount_person",
    "sr_alertcount_role",
    "sr_alertcount_case",
    "sr_alertcount_case_row",
    "sr_alertcount_account",
)


# --- what the migration and the post_migrate receiver call ------------------------------------------------


def create(connection: Any) -> None:
    """Create the triggers (SQLite: any that are missing; PostgreSQL: all, after dropping any)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for _, sql in _sqlite_triggers():
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            drop(connection)
            for sql in _pg_statements():
                cursor.execute(sql)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name, _ in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, table in _pg_trigger_names():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for function in PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def missing(connection: Any) -> list[str]:
    """The names of the triggers that are not in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            return [name for name, _ in _sqlite_triggers() if name not in present]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sr_alertcount_%%'")
            present = {row[0] for row in cursor.fetchall()}
            return [name for name, _ in _pg_trigger_names() if name not in present]
    return []
