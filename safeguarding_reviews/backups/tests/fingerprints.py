"""Every table's row count and content hash, read straight from a database connection (Django's, or a raw
one to a restored copy), so two databases can be compared whatever Python types their drivers return."""

from __future__ import annotations

import hashlib
from typing import Any


def sqlite_fingerprints(conn: Any) -> dict[str, tuple[int, str]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    result = {}
    for table in tables:
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        # quote() turns every value into its SQL literal: no driver conversion, exact bytes and types.
        select = ", ".join(f'quote("{column}")' for column in columns)
        rows = sorted("|".join(row) for row in conn.execute(f'SELECT {select} FROM "{table}"'))
        result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def postgresql_fingerprints(cursor: Any) -> dict[str, tuple[int, str]]:
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        # The server's own text form of each row, sorted: the same rows give the same hash.
        cursor.execute(
            f"SELECT count(*), encode(sha256(convert_to(coalesce("
            f"string_agg(t::text, E'\\n' ORDER BY t::text), ''), 'UTF8')), 'hex') FROM \"{table}\" AS t"
        )
        count, digest = cursor.fetchone()
        result[table] = (count, digest)
    return result
