"""The live results websocket: anyone who may see the consultation watches
it; each vote sends the results if they are visible, else only the count;
who may watch is asked again when it may have changed (logout, leaving the
comité, the consultation given to a members-only comité)."""

import asyncio
import re

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser

from consultations import services
from consultations.models import ResultsVisibility
from tests.concurrency import run_async
from tests.participation.test_live import (  # noqa: F401
    LAYERS,
    Communicator,
    app_for,
    channel_layer,
    closed_with,
    committed,
    keep_the_test_connection,
    refused_with,
    session_cookie,
    through_the_stack,
)

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
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, secret=False)
    voter = member_of(organisation)

    async def scenario():
        watcher = Communicator(app_for(AnonymousUser()), path_for(consultation))
        assert (await watcher.connect())[0]
        await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        update = await watcher.receive_json_from(timeout=3)
        assert update["voters"] == 1 and update["status"] == "ouverte"
        assert "results__table" in update["html"] and 'scope="row">A' in update["html"]
        await watcher.disconnect()

    run_async(scenario)


def test_live_results_of_a_secret_vote_move_by_groups_of_ballots(channel_layer, organisation, staff,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    """With 3 ballots per update: nothing for the first 5 ballots, the count
    of the first 3 at the 6th, of the first 6 at the 9th; never one ballot
    alone between two updates, nor between the last update and the box."""
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, live_step=3)
    voters = [member_of(organisation) for _ in range(9)]

    async def scenario():
        watcher = Communicator(app_for(AnonymousUser()), path_for(consultation))
        assert (await watcher.connect())[0]
        seen = []
        for voter in voters:
            await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
            update = await watcher.receive_json_from(timeout=3)
            # The turnout changes at every ballot (who voted is not what
            # they voted); the results below it must not.
            seen.append((update["voters"], re.sub(r'<dl class="results__turnout">.*?</dl>', "", update["html"],
                                                  flags=re.S)))
        await watcher.disconnect()
        return seen

    seen = run_async(scenario)
    assert [voters for voters, _html in seen] == list(range(1, 10))
    distinct = [html for index, (_voters, html) in enumerate(seen) if index == 0 or html != seen[index - 1][1]]
    assert len(distinct) == 3
    assert "results__table" not in seen[4][1] and "results__table" in seen[5][1]
    assert "3 premiers bulletins" in seen[5][1] and "3 premiers bulletins" in seen[7][1]
    assert "6 premiers bulletins" in seen[8][1]


def test_hidden_results_send_only_the_count(channel_layer, organisation, staff,  # noqa: F811
                                            django_capture_on_commit_callbacks):
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.AFTER)
    voter = member_of(organisation)

    async def scenario():
        watcher = Communicator(app_for(staff), path_for(consultation))
        assert (await watcher.connect())[0]
        await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        update = await watcher.receive_json_from(timeout=3)
        assert update["voters"] == 1 and "html" not in update
        await watcher.disconnect()

    run_async(scenario)


def test_votes_in_a_burst_arrive_as_two_updates_at_most(channel_layer, organisation, staff,  # noqa: F811
                                                        django_capture_on_commit_callbacks, monkeypatch):
    """The first ballot after a quiet moment goes out at once (well before
    the window ends); those that follow it within the window, together at
    its end: never one update per ballot, and never a ballot left unsent."""
    from consultations import consumers

    monkeypatch.setattr(consumers, "COALESCE_SECONDS", 6)  # longer than the five ballots take
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, secret=False)
    voters = [member_of(organisation) for _ in range(5)]

    async def scenario():
        watcher = Communicator(app_for(AnonymousUser()), path_for(consultation))
        assert (await watcher.connect())[0]
        await sync_to_async(_vote)(consultation, voters[0], django_capture_on_commit_callbacks)
        first = await watcher.receive_json_from(timeout=3)  # before the window's end: at once
        assert first["voters"] == 1
        for voter in voters[1:]:
            await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        assert (await watcher.receive_json_from(timeout=10))["voters"] == len(voters)
        assert await watcher.receive_nothing(timeout=0.5)
        await watcher.disconnect()

    run_async(scenario)


def test_members_only_and_drafts_are_refused(channel_layer, organisation, staff):  # noqa: F811
    from tests.participation.conftest import make_committee

    private = make_committee(organisation, "Comité famille", visibility="membres")
    members_only = make_consultation(organisation, staff, committee=private)
    draft = make_consultation(organisation, staff, open_=False)

    async def scenario():
        for consultation in (members_only, draft):
            communicator = Communicator(app_for(AnonymousUser()),
                                                 path_for(consultation))
            assert await refused_with(communicator) == 4403
        staff_watch = Communicator(app_for(staff), path_for(members_only))
        assert (await staff_watch.connect())[0]
        await staff_watch.disconnect()

    run_async(scenario)


# Checked again: a members-only comité's results stop within a second of
# its member leaving or logging out, and never reach them afterwards.


def _members_only_vote(organisation, staff):
    from tests.participation.conftest import make_committee, make_user, seat

    committee = make_committee(organisation, "Comité famille", visibility="membres")
    member, animator = make_user("membre"), make_user("anim")
    seat(committee, member)
    seat(committee, animator, role="animateur")
    consultation = make_consultation(organisation, staff, committee=committee, eligibility="comite",
                                     results_visibility=ResultsVisibility.LIVE, secret=False)
    return committee, member, animator, consultation


def test_leaving_the_comite_stops_its_live_results(channel_layer, organisation, staff,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    from committees.services import committee_leave

    committee, member, animator, consultation = _members_only_vote(organisation, staff)

    async def scenario():
        watcher = Communicator(app_for(member), path_for(consultation))
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: committee_leave(user=member, committee=committee))
        assert await closed_with(watcher) == 4403
        await sync_to_async(_vote)(consultation, animator, django_capture_on_commit_callbacks)
        assert await watcher.receive_nothing(timeout=0.5)  # nothing after the close

    run_async(scenario)


def test_logging_out_stops_members_only_results(client, channel_layer, organisation, staff,  # noqa: F811
                                                django_capture_on_commit_callbacks):
    from django.urls import reverse

    _committee, member, _animator, consultation = _members_only_vote(organisation, staff)
    cookie = session_cookie(client, member)

    async def scenario():
        watcher = through_the_stack(path_for(consultation), cookie)
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: client.post(reverse("account_logout")))
        assert await closed_with(watcher) == 4403

    run_async(scenario)


def test_logging_out_of_a_public_vote_keeps_watching_as_anyone(client, channel_layer, organisation, staff,  # noqa: F811
                                                               django_capture_on_commit_callbacks):
    """What anyone may see needs no account: the socket carries on."""
    from django.urls import reverse

    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, secret=False)
    cookie, voter = session_cookie(client, member_of(organisation)), member_of(organisation)

    async def scenario():
        watcher = through_the_stack(path_for(consultation), cookie)
        assert (await watcher.connect())[0]
        await committed(django_capture_on_commit_callbacks, lambda: client.post(reverse("account_logout")))
        await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
        assert (await watcher.receive_json_from(timeout=3))["voters"] == 1
        await watcher.disconnect()

    run_async(scenario)


def test_a_vote_given_to_a_members_only_comite_closes_the_others_sockets(channel_layer, organisation,  # noqa: F811
                                                                          staff, django_capture_on_commit_callbacks):
    from tests.participation.conftest import make_committee

    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, secret=False)
    committee = make_committee(organisation, "Comité famille", visibility="membres")

    def give_to_the_comite():
        consultation.committee = committee
        consultation.save()

    async def scenario():
        watcher = Communicator(app_for(AnonymousUser()), path_for(consultation))
        staff_watch = Communicator(app_for(staff), path_for(consultation))
        assert (await watcher.connect())[0] and (await staff_watch.connect())[0]
        await committed(django_capture_on_commit_callbacks, give_to_the_comite)
        assert await closed_with(watcher) == 4403
        assert await staff_watch.receive_nothing(timeout=0.3)  # the staff still may
        await staff_watch.disconnect()

    run_async(scenario)


def test_many_watchers_of_one_process_share_one_read_of_each_update(channel_layer, organisation, staff,  # noqa: F811
                                                                      django_capture_on_commit_callbacks,
                                                                      monkeypatch):
    """Every watcher gets the update, read once for all of them: not one
    trip to the database thread and the cache each, one after the other."""
    from consultations import consumers

    reads = []
    real = consumers.cached_for_version
    monkeypatch.setattr(consumers, "cached_for_version",
                        lambda *args, **kwargs: reads.append(args[1]) or real(*args, **kwargs))
    consultation = make_consultation(organisation, staff, results_visibility=ResultsVisibility.LIVE, secret=False)
    voters = [member_of(organisation) for _ in range(2)]

    async def scenario():
        watchers = [Communicator(app_for(AnonymousUser()), path_for(consultation)) for _ in range(20)]
        for watcher in watchers:
            assert (await watcher.connect())[0]
        received = []
        for voter in voters:
            await sync_to_async(_vote)(consultation, voter, django_capture_on_commit_callbacks)
            received.append([await watcher.receive_json_from(timeout=5) for watcher in watchers])
        for watcher in watchers:
            await watcher.disconnect()
        # What is kept is the updates themselves, not the tasks that read them (which would keep
        # their event loop, the weak key, alive).
        kept = consumers._READS[asyncio.get_running_loop()]
        assert kept and all(isinstance(update, dict) for update in kept.values())
        return received

    first, second = run_async(scenario)
    assert {update["voters"] for update in first} == {1} and {update["voters"] for update in second} == {2}
    assert all("results__table" in update["html"] for update in first + second)
    # One read per version, whatever the number of watchers.
    assert len(reads) == len(set(reads)) == 2
