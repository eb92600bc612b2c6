"""Threads racing on a real database (the SQLite file of the test run, or
PostgreSQL).

Each thread has its own connection, so the data must be committed: these
tests run with transactional_db, which empties every table afterwards,
Wagtail's root page and collection, the home page, the partners' domains
and the actions' tag vocabulary included.
`wagtail_tree` puts back what the migrations wrote after that flush, so the
tests that follow (and a reused test database) find it.
"""

import importlib
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection


def restore_initial_pages() -> None:
    """What the migrations create and a flush removes: the default locale,
    Wagtail's root page and root collection, the site's home page, the
    partners' domains, the actions' publics and domains."""
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    def migration(name):
        return importlib.import_module(name)

    if not Locale.objects.exists():
        migration("wagtail.migrations.0054_initial_locale").initial_locale(apps, None)
    if not Page.objects.filter(depth=1).exists():
        Page.objects.create(title="Root", draft_title="Root", slug="root", path="0001", depth=1, numchild=1,
                            url_path="/", locale=Locale.objects.first(), live=True,
                            content_type=ContentType.objects.get_for_model(Page))
    if not Collection.objects.filter(depth=1).exists():
        migration("wagtail.migrations.0025_collection_initial_data").initial_data(apps, None)
    migration("cms.migrations.0002_create_homepage").create_homepage(apps, None)
    migration("projects.migrations.0002_domains").add_domains(apps, None)
    migration("cms.migrations.0005_action_tags_vocabulary").seed(apps, None)


@pytest.fixture
def wagtail_tree(django_db_blocker):
    """Request it BEFORE transactional_db: its teardown then runs after the flush."""
    yield
    with django_db_blocker.unblock():
        restore_initial_pages()


def race(worker, arguments: list, timeout: float = 30) -> list:
    """Run worker(argument) in one thread per argument, all released at once;
    returns what each raised (None when it did not)."""
    barrier = threading.Barrier(len(arguments))
    errors = [None] * len(arguments)

    def run(index, argument):
        try:
            barrier.wait(timeout)
            worker(argument)
        except Exception as error:  # reported to the test
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, argument)) for i, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return errors


def run_async(scenario):
    """Drive an async test scenario (a coroutine function) from the test's
    thread: its database calls come back to this thread, inside the test's
    transaction. What it leaves running (the application of a socket the
    server closed, a consumer still handling a disconnect) is cancelled and
    awaited before it returns, while this thread still serves those calls:
    left to the event loop's closing, such a task once waited forever for a
    thread that no longer served it, and the whole run hung."""
    import asyncio

    from asgiref.sync import async_to_sync

    async def whole():
        try:
            return await scenario()
        finally:
            await asyncio.sleep(0.1)  # what was just started settles first (a channel layer's receive)
            current = asyncio.current_task()
            leftover = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
            for task in leftover:
                task.cancel()
            if leftover:
                _done, pending = await asyncio.wait(leftover, timeout=30)
                assert not pending, f"tasks that ignored their cancellation: {pending}"

    return async_to_sync(whole)()
