"""The room over a websocket: the screen and the phones of the members are
sent the room's counts after each arrival; nobody else may listen."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from assemblies.services import door
from tests.cms.factories import OrganisationFactory
from tests.concurrency import run_async
from tests.participation.test_live import LAYERS, app_for, channel_layer, keep_the_test_connection, refused_with  # noqa: F401

from .conftest import add_member, make_assembly, make_staff, make_user, place  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_room_reaches_the_screen_after_each_arrival(channel_layer, place,  # noqa: F811
                                                        django_capture_on_commit_callbacks):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    members = [add_member(organisation) for _ in range(4)]

    def arrive(member):
        with django_capture_on_commit_callbacks(execute=True):
            door.attendance_arrive(assembly=assembly, user=staff, member=member)

    async def scenario():
        screen = WebsocketCommunicator(app_for(members[0].user), f"/ws/assemblees/{assembly.pk}/")
        assert (await screen.connect())[0]
        await sync_to_async(arrive)(members[1])
        update = await screen.receive_json_from(timeout=3)
        assert update["status"] == "convoquee" and "room__figures" in update["html"]
        assert "<dd>1</dd>" in update["html"] and members[1].name not in update["html"]  # counts, no names
        await screen.disconnect()

    run_async(scenario)


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other_staff", "lapsed"])
def test_nobody_else_listens_to_the_room(channel_layer, place, who):  # noqa: F811
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    user = {"anonymous": lambda: AnonymousUser(), "stranger": lambda: make_user("passant"),
            "other_staff": lambda: make_staff(OrganisationFactory(title="Ailleurs")),
            "lapsed": lambda: add_member(organisation, lapsed=True).user}[who]()

    async def scenario():
        watcher = WebsocketCommunicator(app_for(user), f"/ws/assemblees/{assembly.pk}/")
        assert await refused_with(watcher) == 4403

    run_async(scenario)
