"""The live results websocket: anyone who may see the consultation watches
it; each vote sends the results if they are visible, else only the count."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from consultations import services
from consultations.models import ResultsVisibility
from tests.participation.test_live import LAYERS, app_for, channel_layer, keep_the_test_connection  # noqa: F401

from .conftest import make_consultation, member_of, option_ids

pytestmark = pytest.mark.django_db


def path_for(consultation):
    return f"/ws/consultations/{consultation.pk}/"


def _vote(consultation, voter, capture):
    question, (a, *_rest) = option_ids(consultation)
    with capture(execute=True):
        services.ballot_cast(consultation=consultation, user=voter, answers={question.pk: a})


def test_live_results_reach_anonymous_watchers(channel_layer, organisation, staff,  # noqa: F811
                                              django_capture_on_commit_callbacks):
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE)
    voter = member_of(organisation)

    async def scenario():
        watcher = WebsocketCommunicator(app_for(AnonymousUser()), path_for(consultation))
        assert (await watcher.connect())[0]
        await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        update = await watcher.receive_json_from(timeout=3)
        assert update["voters"] == 1 and update["status"] == "ouverte"
        assert "results__table" in update["html"] and 'scope="row">A' in update["html"]
        await watcher.disconnect()

    async_to_sync(scenario)()


def test_hidden_results_send_only_the_count(channel_layer, organisation, staff,  # noqa: F811
                                            django_capture_on_commit_callbacks):
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.AFTER)
    voter = member_of(organisation)

    async def scenario():
        watcher = WebsocketCommunicator(app_for(staff), path_for(consultation))
        assert (await watcher.connect())[0]
        await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        update = await watcher.receive_json_from(timeout=3)
        assert update["voters"] == 1 and "html" not in update
        await watcher.disconnect()

    async_to_sync(scenario)()


def test_votes_in_a_burst_arrive_as_one_update(channel_layer, organisation, staff,  # noqa: F811
                                               django_capture_on_commit_callbacks):
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE)
    voters = [member_of(organisation) for _ in range(3)]

    async def scenario():
        watcher = WebsocketCommunicator(app_for(AnonymousUser()), path_for(consultation))
        assert (await watcher.connect())[0]
        for voter in voters:
            await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        update = await watcher.receive_json_from(timeout=3)
        assert update["voters"] == 3
        assert await watcher.receive_nothing(timeout=0.5)
        await watcher.disconnect()

    async_to_sync(scenario)()


def test_members_only_and_drafts_are_refused(channel_layer, organisation, staff):  # noqa: F811
    from tests.participation.conftest import make_committee

    private = make_committee(organisation, "Comité famille", visibility="membres")
    members_only = make_consultation(organisation, staff, committee=private)
    draft = make_consultation(organisation, staff, open_=False)

    async def scenario():
        for consultation in (members_only, draft):
            communicator = WebsocketCommunicator(app_for(AnonymousUser()),
                                                 path_for(consultation))
            connected, code = await communicator.connect()
            assert not connected and code == 4403
        staff_watch = WebsocketCommunicator(app_for(staff), path_for(members_only))
        assert (await staff_watch.connect())[0]
        await staff_watch.disconnect()

    async_to_sync(scenario)()
