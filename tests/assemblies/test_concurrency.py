"""Proxies and votes clicked at the same instant, with real transactions
and one thread per click, on the SQLite default (IMMEDIATE transactions)
as on PostgreSQL: the cap of proxies per holder holds, one proxy per giver,
nothing given after the opening, one vote per voice, none lost at the
closing, and every loser gets a clear refusal, never an error."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assemblies.models import Proxy, SealedVote, VoiceRecord
from assemblies.services import door, preparation, proxies, session
from assemblies.services.convocation import assembly_convene
from tests.concurrency import race, wagtail_tree  # noqa: F401  (fixture)

from .conftest import add_member, make_assembly, make_statutes


@pytest.fixture
def room(wagtail_tree, transactional_db):  # noqa: F811  (wagtail_tree first: restored after the flush)
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_staff

    organisation = OrganisationFactory(title="Centre social concurrent")
    staff = make_staff(organisation)
    return organisation, staff


def _refusals_only(errors):
    """A refusal with its message (or, for a click that finds the assembly
    already open before it starts, no right to give one any more)."""
    assert all(error is None or isinstance(error, (ValidationError, PermissionDenied)) for error in errors), errors


def test_twenty_members_give_their_proxy_to_one_holder_at_once_and_the_cap_holds(room):
    organisation, staff = room
    statutes = make_statutes(organisation, proxy_cap=3)
    assembly = make_assembly(organisation, staff, statutes=statutes)
    holder = add_member(organisation, "Hélène")
    givers = [add_member(organisation) for _ in range(20)]
    errors = race(lambda giver: proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder), givers)
    _refusals_only(errors)
    assert sum(error is None for error in errors) == 3
    active = Proxy.objects.filter(assembly=assembly, holder=holder, revoked_at__isnull=True)
    assert active.count() == 3 and sorted(active.values_list("slot", flat=True)) == [1, 2, 3]
    # The threads speak the site's language.
    assert all("porte déjà 3 pouvoirs" in error.messages[0] for error in errors if error is not None)


def test_one_member_clicking_many_holders_at_once_leaves_one_proxy(room):
    organisation, staff = room
    assembly = make_assembly(organisation, staff)
    giver = add_member(organisation)
    holders = [add_member(organisation) for _ in range(10)]
    errors = race(lambda holder: proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder), holders)
    _refusals_only(errors)
    assert Proxy.objects.filter(assembly=assembly, giver=giver, revoked_at__isnull=True).count() == 1


def test_paper_and_online_proxies_to_one_holder_race_the_cap_together(room):
    organisation, staff = room
    assembly = make_assembly(organisation, staff)  # cap 2
    holder = add_member(organisation)
    givers = [add_member(organisation) for _ in range(12)]

    def give(index):
        giver = givers[index]
        if index % 2:
            proxies.proxy_record(assembly=assembly, user=staff, giver=giver, holder=holder)
        else:
            proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)

    errors = race(give, list(range(12)))
    _refusals_only(errors)
    assert Proxy.objects.filter(assembly=assembly, holder=holder, revoked_at__isnull=True).count() == 2


def test_nothing_is_given_or_revoked_after_the_opening_however_close_the_clicks(room):
    organisation, staff = room
    assembly = make_assembly(organisation, staff, statutes=make_statutes(organisation, proxy_cap=20))
    holder = add_member(organisation)
    door.attendance_arrive(assembly=assembly, user=staff, member=holder)
    givers = [add_member(organisation) for _ in range(10)]
    given = proxies.proxy_give(assembly=assembly, user=givers[0].user, holder=holder)

    def click(index):
        if index == 0:
            session.assembly_open(assembly=assembly, user=staff, president=holder, president_name="",
                                  secretary_name="Sam")
        elif index == 1:
            proxies.proxy_revoke(proxy=given, user=givers[0].user)
        else:
            proxies.proxy_give(assembly=assembly, user=givers[index].user, holder=holder)

    errors = race(click, list(range(10)))
    _refusals_only(errors)
    assembly.refresh_from_db()
    assert assembly.is_open
    late = Proxy.objects.filter(assembly=assembly, given_at__gt=assembly.opened_at)
    assert not late.exists()
    revoked = Proxy.objects.get(pk=given.pk).revoked_at
    assert revoked is None or revoked <= assembly.opened_at
    refused = [error for error in errors if isinstance(error, ValidationError)]
    assert all("ouverte" in error.messages[0] for error in refused), refused


def test_a_holder_clicking_each_voice_many_times_votes_once_per_voice_and_none_is_lost_at_the_close(room):
    organisation, staff = room
    statutes = make_statutes(organisation, proxy_cap=2)
    assembly = make_assembly(organisation, staff, statutes=statutes, items=(), convene=False)
    item = preparation.item_save(assembly=assembly, user=staff, kind="budget", title="Budget", method="electronique")
    assembly_convene(assembly=assembly, user=staff)
    holder, first, second = (add_member(organisation) for _ in range(3))
    others = [add_member(organisation) for _ in range(8)]
    for giver in (first, second):
        proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    for member in [holder, *others]:
        door.attendance_arrive(assembly=assembly, user=staff, member=member)
    session.assembly_open(assembly=assembly, user=staff, president=holder, president_name="", secretary_name="Sam")
    item.assembly = assembly
    session.vote_open(item=item, user=staff)
    clicks = [(holder.user, voice.pk) for voice in (holder, first, second) for _ in range(5)]
    errors = race(lambda click: session.room_vote_cast(item=item, user=click[0], voice_id=click[1], choice="pour"),
                  clicks)
    _refusals_only(errors)
    assert VoiceRecord.objects.filter(item=item).count() == 3
    # The others vote while the secretary closes the vote.
    work = [("close", None)] + [("vote", member) for member in others]

    def act(step):
        if step[0] == "close":
            session.vote_close(item=item, user=staff)
        else:
            session.room_vote_cast(item=item, user=step[1].user, voice_id=step[1].pk, choice="contre")

    errors = race(act, work)
    _refusals_only(errors)
    item.refresh_from_db()
    recorded = VoiceRecord.objects.filter(item=item).count()
    assert item.votes_for + item.votes_against == recorded and item.votes_for == 3
    assert not SealedVote.objects.filter(item=item).exists()
