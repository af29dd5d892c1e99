"""The platform administrator holds no partnership membership and no place on a case (SEC finding 1).

First, any membership or case place a platform administrator already holds is ended, each audited
(`organisations.services.platform_admin_memberships_end`). Then database triggers refuse, on SQLite and
PostgreSQL alike, whatever would break the rule from any path (a CHECK constraint cannot span two tables):

- an active row in organisations_membership or cases_casemembership for a platform administrator's account;
- making an account a platform administrator while it holds an active membership or case place.

PostgreSQL: the membership triggers take FOR SHARE on the account row, so a concurrent "make platform
administrator" and "add membership" are serialised rather than both passing under READ COMMITTED. SQLite has
one writer at a time. The triggers raise an integrity error (SQLSTATE 23514 on PostgreSQL, SQLITE_CONSTRAINT on
SQLite), which Django surfaces as IntegrityError.

SQLite rebuilds a table for some ALTERs and drops its triggers then:
organisations/tests/test_platform_admin.py checks the triggers work on both databases.
"""

from django.db import migrations

MESSAGE = "a platform administrator cannot hold a partnership membership or a place on a case"

PG_SQL = [
    f"""
CREATE OR REPLACE FUNCTION sr_membership_refuse_platform_admin() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    admin boolean;
BEGIN
    IF NEW.ended_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT is_platform_admin INTO admin FROM accounts_user WHERE id = NEW.user_id FOR SHARE;
    IF admin THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
    f"""
CREATE OR REPLACE FUNCTION sr_user_refuse_platform_admin_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_platform_admin AND (
        EXISTS (SELECT 1 FROM organisations_membership WHERE user_id = NEW.id AND ended_at IS NULL)
        OR EXISTS (SELECT 1 FROM cases_casemembership WHERE user_id = NEW.id AND ended_at IS NULL)
    ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
    """CREATE TRIGGER organisations_membership_no_platform_admin
    BEFORE INSERT OR UPDATE ON organisations_membership
    FOR EACH ROW EXECUTE FUNCTION sr_membership_refuse_platform_admin()""",
    """CREATE TRIGGER cases_casemembership_no_platform_admin
    BEFORE INSERT OR UPDATE ON cases_casemembership
    FOR EACH ROW EXECUTE FUNCTION sr_membership_refuse_platform_admin()""",
    """CREATE TRIGGER accounts_user_platform_admin_no_membership
    BEFORE INSERT OR UPDATE OF is_platform_admin ON accounts_user
    FOR EACH ROW EXECUTE FUNCTION sr_user_refuse_platform_admin_member()""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS accounts_user_platform_admin_no_membership ON accounts_user",
    "DROP TRIGGER IF EXISTS cases_casemembership_no_platform_admin ON cases_casemembership",
    "DROP TRIGGER IF EXISTS organisations_membership_no_platform_admin ON organisations_membership",
    "DROP FUNCTION IF EXISTS sr_user_refuse_platform_admin_member()",
    "DROP FUNCTION IF EXISTS sr_membership_refuse_platform_admin()",
]


def _sqlite_membership_trigger(table: str, when: str) -> str:
    return f"""
CREATE TRIGGER IF NOT EXISTS {table}_no_platform_admin_{when.lower()}
BEFORE {when} ON {table}
WHEN NEW.ended_at IS NULL
    AND EXISTS (SELECT 1 FROM accounts_user WHERE id = NEW.user_id AND is_platform_admin)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""


SQLITE_SQL = [
    _sqlite_membership_trigger("organisations_membership", "INSERT"),
    _sqlite_membership_trigger("organisations_membership", "UPDATE"),
    _sqlite_membership_trigger("cases_casemembership", "INSERT"),
    _sqlite_membership_trigger("cases_casemembership", "UPDATE"),
    f"""
CREATE TRIGGER IF NOT EXISTS accounts_user_platform_admin_no_membership
BEFORE UPDATE OF is_platform_admin ON accounts_user
WHEN NEW.is_platform_admin AND (
    EXISTS (SELECT 1 FROM organisations_membership WHERE user_id = NEW.id AND ended_at IS NULL)
    OR EXISTS (SELECT 1 FROM cases_casemembership WHERE user_id = NEW.id AND ended_at IS NULL)
)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS accounts_user_platform_admin_no_membership",
    *(
        f"DROP TRIGGER IF EXISTS {table}_no_platform_admin_{when}"
        for table in ("organisations_membership", "cases_casemembership")
        for when in ("insert", "update")
    ),
]


def end_platform_admin_memberships(apps, schema_editor):
    # Ask with the historical models first: on a new database there is nothing to end, and the live
    # service (which writes the audit events through the one audit writer) must then not run at all,
    # since a later migration may have added columns its models would select.
    Membership = apps.get_model("organisations", "Membership")
    CaseMembership = apps.get_model("cases", "CaseMembership")
    if not (
        Membership.objects.filter(user__is_platform_admin=True, ended_at__isnull=True).exists()
        or CaseMembership.objects.filter(user__is_platform_admin=True, ended_at__isnull=True).exists()
    ):
        return
    from safeguarding_reviews.organisations.services import platform_admin_memberships_end

    platform_admin_memberships_end(reason="platform_administrator")


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = PG_SQL if vendor == "postgresql" else SQLITE_SQL if vendor == "sqlite" else []
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = PG_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_agency_safeguarding_lead"),
        ("cases", "0002_case_rule_set"),
        ("accounts", "0001_initial"),
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.RunPython(end_platform_admin_memberships, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
    ]
