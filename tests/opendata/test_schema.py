"""The API against its own OpenAPI schema (schemathesis), in-process through
the WSGI application, over a world with members-only, private, draft and
hidden content (tests/test_leaks.py builds it): generated requests never
make a server error, every answer is what the schema says, and nothing that
only some people may read ever comes out."""

import json
import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_leaks import _build, _leak_pattern

EXAMPLES = 25  # per operation: thirteen operations stay well under a minute
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
DETAIL = re.compile(r"^/api/v1/(?P<kind>[a-z]+)/\{(?:pk|slug)\}/$")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build()
        built.hidden_ids = {
            "actions": {built.private_action.pk, built.password_action.pk, built.draft_action.pk,
                        built.private_branch.pk},
            "projects": {built.draft_project.pk, built.hidden_project.pk},
            "consultations": {built.closed_consultation.pk, built.draft_consultation.pk},
            "meetings": {built.meeting.pk, built.upcoming.pk},
        }
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def schema(world, django_db_blocker):
    # As Django's test client does: neither the start nor the end of a
    # request may close the connection that holds the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _ids(data) -> set[int]:
    return {item["id"] for item in data.get("items", []) if isinstance(item, dict) and "id" in item}


def nothing_private(world):
    """No marker of what only some may read, in any answer; no id of a
    hidden item among the items of a list or as a detail."""

    def no_private_item(ctx, response, case):
        leaked = {match.decode() for match in _leak_pattern().findall(response.content)}
        assert not leaked, f"{case.path}: {sorted(leaked)}"
        if response.status_code != 200 or "json" not in response.headers.get("content-type", [""])[0]:
            return
        kind = case.path.removeprefix("/api/v1/").split("/", 1)[0]
        data = json.loads(response.content)
        hidden = world.hidden_ids.get(kind, set())
        assert not _ids(data) & hidden, f"{case.path}: {sorted(_ids(data) & hidden)}"
        if isinstance(data, dict) and "id" in data:
            assert data["id"] not in hidden, f"{case.path}: {data['id']}"

    return no_private_item


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
def test_generated_requests_meet_the_schema_and_never_leak(schema, world):
    checks = [*CHECKS, nothing_private(world)]
    operations = _operations(schema)
    assert len(operations) >= 13
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(checks=checks)

        run()


@pytest.mark.django_db
def test_every_detail_answers_for_a_public_item_and_hides_the_others(schema, world):
    """Generated ids rarely name a real item: here, each detail is asked for
    what the world holds, public and hidden, and checked the same way."""
    checks = [*CHECKS, nothing_private(world)]
    known = {
        "organisations": [world.organisation.slug, world.other_organisation.slug],
        "plans": [world.plan.pk],
        "actions": [world.public_action.pk, *world.hidden_ids["actions"]],
        "projects": [world.project.pk, *world.hidden_ids["projects"]],
        "consultations": [world.public_consultation.pk, *world.hidden_ids["consultations"]],
    }
    statuses = {}
    for operation in _operations(schema):
        match = DETAIL.match(operation.path)
        if not match:
            continue
        name = "slug" if "{slug}" in operation.path else "pk"
        for value in known[match["kind"]]:
            response = operation.Case(path_parameters={name: value}).call_and_validate(checks=checks)
            statuses[(match["kind"], value)] = response.status_code
    for kind, hidden in world.hidden_ids.items():
        for pk in hidden if kind != "meetings" else ():
            assert statuses[(kind, pk)] == 404, (kind, pk)
    assert statuses[("projects", world.project.pk)] == statuses[("actions", world.public_action.pk)] == 200
    assert statuses[("consultations", world.public_consultation.pk)] == 200
