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


def lock_shared(model, pk, using: str = DEFAULT_DB_ALIAS) -> None:
    """Hold a shared lock on one row until the transaction ends: others may
    hold it too, while a `select_for_update()` of the row waits for them
    all, and they for it. (Django offers FOR UPDATE only; a foreign key does
    not lock its row either, PostgreSQL checking Django's deferred
    constraints at commit.) SQLite needs nothing: our transactions take the
    database's write lock when they begin."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("lock_shared() only makes sense inside a transaction")
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR SHARE", [pk])
