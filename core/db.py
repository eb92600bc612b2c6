"""Database helpers that every app may use, for both engines we run on.

SQLite, the embedded default, is configured for concurrent writers in
`config/settings/base.py` (WAL journal, a busy timeout, and transactions that
take the write lock when they begin). This module holds what the settings
cannot say: a read of several queries that must agree with each other."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS):
    """Run the reads inside in one consistent snapshot of the database, so
    that counts taken by separate queries add up whatever commits meanwhile.

    PostgreSQL: a read-only REPEATABLE READ transaction. SQLite: a deferred
    transaction, which in WAL mode reads one snapshot without taking the write
    lock (our transactions are IMMEDIATE by default, see the settings).
    Inside a transaction already begun, its own isolation applies and the
    block runs as it is. Nothing may be written inside."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic(using=using):
        yield
