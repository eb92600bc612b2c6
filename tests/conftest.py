import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cms.models import HomePage


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped, with the reason, on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The five demo organisations, loaded once per test module and rolled
    back at the end of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", "--no-admin", stdout=open("/dev/null", "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused after rollbacks."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (emails, live updates) as it would run."""
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)
    return run
