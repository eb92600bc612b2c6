"""The assembly's services, played as the secretary and the members would
on the evening, and as someone trying what they must not."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assemblies.models import AssemblyStatus, ItemStatus, Outcome, Proxy, SealedVote, VoiceRecord
from assemblies.selectors import assembly_quorum, assembly_voices
from assemblies.services import door, preparation, proxies, session
from assemblies.services.convocation import assembly_convene
from assemblies.services.minutes import minutes_finalise, minutes_save, minutes_sign

from .conftest import add_member, make_assembly, make_staff, make_statutes, place  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are matched in their source language here (the views'
    tests read them in French; e-mails and printed pieces are always in
    the site's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _open(assembly, staff, *present, president=None):
    for member in present:
        door.attendance_arrive(assembly=assembly, user=staff, member=member)
    return session.assembly_open(assembly=assembly, user=staff, president=president, president_name="" if president else "Pat Président",
                                 secretary_name="Sam Secrétaire")


# Statutes and preparation


def test_statutes_held_under_become_history_and_a_new_version_is_made(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    statutes = assembly.statutes
    preparation.statutes_save(organisation=organisation, user=staff, statutes=statutes, proxy_cap=3)
    _open(assembly, staff, add_member(organisation))
    with pytest.raises(ValidationError, match="new version"):
        preparation.statutes_save(organisation=organisation, user=staff, statutes=statutes, proxy_cap=1)
    copy = preparation.statutes_copy(statutes=statutes, user=staff)
    assert copy.pk != statutes.pk and copy.proxy_cap == 3 and copy.majorities == statutes.majorities


def test_statutes_are_kept_by_their_staff_only(place):
    organisation, staff = place
    from tests.cms.factories import OrganisationFactory

    other = make_staff(OrganisationFactory(title="Ailleurs"))
    with pytest.raises(PermissionDenied):
        preparation.statutes_save(organisation=organisation, user=other, title="Faux")


# Convocation


def test_convocation_by_email_and_by_letter_with_the_notice_of_the_statutes(place,
                                                                          django_capture_on_commit_callbacks):
    organisation, staff = place
    with_email = add_member(organisation, "Awa", account=False, email="awa@example.org")
    with_account = add_member(organisation, "Bruno")
    add_member(organisation, "Chloé", account=False)
    add_member(organisation, "Ancien", account=False, lapsed=True, email="ancien@example.org")
    assembly = make_assembly(organisation, staff, convene=False, days=20)
    with django_capture_on_commit_callbacks(execute=True):
        report = assembly_convene(assembly=assembly, user=staff)
    assert (report.emailed, report.letters) == (2, 1)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([with_email.email, with_account.user.email])
    assert "Rapport moral" in mail.outbox[0].body and "Ordre du jour" in mail.outbox[0].body  # always in French
    assert assembly.status == AssemblyStatus.CONVENED
    with pytest.raises(ValidationError, match="already convened"):
        assembly_convene(assembly=assembly, user=staff)

    late = make_assembly(organisation, staff, statutes=assembly.statutes, convene=False, days=10)  # 15 days' notice
    with pytest.raises(ValidationError, match="15 days' notice"):
        assembly_convene(assembly=late, user=staff)
    empty = make_assembly(organisation, staff, statutes=assembly.statutes, convene=False, items=())
    with pytest.raises(ValidationError, match="at least one item"):
        assembly_convene(assembly=empty, user=staff)


def test_the_date_and_place_no_longer_change_once_convened(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    with pytest.raises(ValidationError, match="convened for this date"):
        preparation.assembly_update(assembly=assembly, user=staff, starts_at=assembly.starts_at + timedelta(days=1))
    preparation.assembly_update(assembly=assembly, user=staff, title="AG 2026 (ordre du jour complété)")


# Proxies


def test_a_member_gives_a_proxy_online_and_the_holder_sees_it(place):
    organisation, staff = place
    giver, holder = add_member(organisation, "Awa"), add_member(organisation, "Bruno")
    assembly = make_assembly(organisation, staff)
    proxy = proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    assert (proxy.giver, proxy.holder, proxy.slot, proxy.cap) == (giver, holder, 1, 2)
    # A new one replaces the first.
    other = add_member(organisation, "Chloé")
    proxies.proxy_give(assembly=assembly, user=giver.user, holder=other)
    assert list(Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True).values_list("holder", flat=True)) == [
        other.pk]


def test_the_cap_of_proxies_per_holder(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    holder = add_member(organisation, "Bruno")
    givers = [add_member(organisation) for _ in range(3)]
    for giver in givers[:2]:
        proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    with pytest.raises(ValidationError, match="already carries 2 proxies"):
        proxies.proxy_give(assembly=assembly, user=givers[2].user, holder=holder)
    # A revoked proxy frees its slot.
    proxies.proxy_revoke(proxy=Proxy.objects.get(giver=givers[0], revoked_at__isnull=True), user=givers[0].user)
    assert proxies.proxy_give(assembly=assembly, user=givers[2].user, holder=holder).slot == 1


def test_the_database_refuses_a_proxy_beyond_the_cap_whatever_writes_it(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    holder = add_member(organisation)
    givers = [add_member(organisation) for _ in range(3)]
    now = timezone.now()
    for slot, giver in enumerate(givers[:2], start=1):
        Proxy.objects.create(assembly=assembly, giver=giver, holder=holder, slot=slot, cap=2, given_at=now)
    for slot in (1, 2, 3, 0):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proxy.objects.create(assembly=assembly, giver=givers[2], holder=holder, slot=slot, cap=2, given_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proxy.objects.create(assembly=assembly, giver=givers[2], holder=givers[2], slot=1, cap=2, given_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():  # a second active proxy of one giver
        Proxy.objects.create(assembly=assembly, giver=givers[0], holder=givers[2], slot=1, cap=2, given_at=now)


def test_proxies_go_to_members_with_a_vote_of_the_organisation(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    giver = add_member(organisation, "Awa")
    from tests.cms.factories import OrganisationFactory

    elsewhere = add_member(OrganisationFactory(title="Un autre centre"), "Étrangère")
    lapsed = add_member(organisation, "Ancien", lapsed=True)
    honorary = add_member(organisation, "Honneur", category="honneur", vote="consultative")
    for holder, message in ((elsewhere, "member of the register"), (lapsed, "has no vote"),
                            (honorary, "has no vote"), (giver, "another member")):
        with pytest.raises(ValidationError, match=message):
            proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    # Nor may a member without a vote give one.
    with pytest.raises(PermissionDenied):
        proxies.proxy_give(assembly=assembly, user=lapsed.user, holder=giver)
    assert not Proxy.objects.exists()


def test_no_chains_and_no_blank_proxy_unless_the_statutes_allow_it(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    awa, bruno, chloe = (add_member(organisation, name) for name in ("Awa", "Bruno", "Chloé"))
    proxies.proxy_give(assembly=assembly, user=bruno.user, holder=chloe)
    with pytest.raises(ValidationError, match="given their own proxy"):
        proxies.proxy_give(assembly=assembly, user=awa.user, holder=bruno)
    with pytest.raises(ValidationError, match="carries the proxies"):
        proxies.proxy_give(assembly=assembly, user=chloe.user, holder=awa)
    with pytest.raises(ValidationError, match="blank proxies"):
        proxies.proxy_give(assembly=assembly, user=awa.user, holder=None, to_president=True)


def test_proxies_are_given_and_revoked_until_the_opening_only(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    giver, holder, late = add_member(organisation), add_member(organisation), add_member(organisation)
    proxy = proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    _open(assembly, staff, holder)
    with pytest.raises(ValidationError, match="assembly is open"):
        proxies.proxy_revoke(proxy=proxy, user=giver.user)
    with pytest.raises(ValidationError, match="assembly is open"):
        proxies.proxy_revoke(proxy=proxy, user=staff)
    with pytest.raises(PermissionDenied):
        proxies.proxy_give(assembly=assembly, user=late.user, holder=holder)
    with pytest.raises(ValidationError, match="assembly is open"):
        proxies.proxy_record(assembly=assembly, user=staff, giver=late, holder=holder)
    assert Proxy.objects.get(pk=proxy.pk).revoked_at is None


def test_only_its_giver_or_the_staff_revoke_a_proxy_and_staff_record_paper_ones(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    giver, holder, nosy = add_member(organisation), add_member(organisation), add_member(organisation)
    proxy = proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    with pytest.raises(PermissionDenied):
        proxies.proxy_revoke(proxy=proxy, user=holder.user)
    with pytest.raises(PermissionDenied):
        proxies.proxy_record(assembly=assembly, user=nosy.user, giver=nosy, holder=holder)
    from tests.cms.factories import OrganisationFactory

    with pytest.raises(PermissionDenied):
        proxies.proxy_record(assembly=assembly, user=make_staff(OrganisationFactory(title="Autre")), giver=nosy,
                             holder=holder)
    paper = proxies.proxy_record(assembly=assembly, user=staff, giver=nosy, holder=holder)
    assert paper.channel == "papier" and paper.given_by == staff


# The door and the quorum


def test_a_giver_who_comes_before_the_opening_takes_their_voice_back(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    giver, holder = add_member(organisation), add_member(organisation)
    proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    door.attendance_arrive(assembly=assembly, user=staff, member=holder)
    assert assembly_voices(assembly).room.represented == 1
    revoked = door.attendance_arrive(assembly=assembly, user=staff, member=giver)
    assert revoked.holder == holder
    room = assembly_voices(assembly).room
    assert (room.present, room.represented) == (2, 0)


def test_after_the_opening_a_late_giver_stays_represented_and_counts_once(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    giver, holder = add_member(organisation), add_member(organisation)
    proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    _open(assembly, staff, holder)
    assert door.attendance_arrive(assembly=assembly, user=staff, member=giver) is None
    voices = assembly_voices(assembly)
    assert (voices.room.present, voices.room.represented) == (1, 1)
    assert voices.carried_by(holder.pk) == [holder.pk, giver.pk]
    # The holder leaves: the giver, in the room, votes in person again.
    door.attendance_leave(assembly=assembly, user=staff, member=holder)
    voices = assembly_voices(assembly)
    assert (voices.room.present, voices.room.represented) == (1, 0) and voices.carried_by(giver.pk) == [giver.pk]


def test_the_quorum_is_checked_again_before_each_vote(place):
    organisation, staff = place
    statutes = make_statutes(organisation, ordinary_quorum="part", ordinary_quorum_share="1/2")
    members = [add_member(organisation) for _ in range(6)]
    assembly = make_assembly(organisation, staff, statutes=statutes, items=("Rapport moral", "Comptes"))
    proxies.proxy_give(assembly=assembly, user=members[3].user, holder=members[0])
    _open(assembly, staff, *members[:2])
    assert assembly_quorum(assembly).counted == 3 and assembly_quorum(assembly).required == 3
    first, second = list(assembly.items.exclude(kind="divers"))
    first.assembly = second.assembly = assembly
    assert session.vote_open(item=first, user=staff).met
    session.vote_enter(item=first, user=staff, votes_for=3, against=0, abstentions=0)
    door.attendance_leave(assembly=assembly, user=staff, member=members[1])
    assert not session.vote_open(item=second, user=staff).met
    second.refresh_from_db()
    assert second.status == ItemStatus.NOT_VOTED and second.voices_present == 1 and second.voices_represented == 1


def test_a_second_convocation_lifts_the_quorum_where_the_statutes_say_so(place):
    organisation, staff = place
    statutes = make_statutes(organisation, ordinary_quorum="nombre", ordinary_quorum_number=50)
    [add_member(organisation) for _ in range(3)]
    first = make_assembly(organisation, staff, statutes=statutes)
    second = make_assembly(organisation, staff, statutes=statutes, second_call=True)
    assert not assembly_quorum(first).met
    assert assembly_quorum(second).met and assembly_quorum(second).lifted


def test_volunteers_at_the_door_tick_and_renew_and_nobody_else(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff)
    volunteer = add_member(organisation).user
    preparation.helpers_set(assembly=assembly, user=staff, people=[volunteer])
    lapsed = add_member(organisation, "Ancien", lapsed=True)
    member = add_member(organisation)
    with pytest.raises(PermissionDenied):
        door.attendance_arrive(assembly=assembly, user=member.user, member=member)
    door.door_renew(assembly=assembly, user=volunteer, member=lapsed)
    assert lapsed.pk in assembly_voices(assembly).own
    newcomer = door.door_member_add(assembly=assembly, user=volunteer, name="  Nouvelle   Venue ")
    assert newcomer.name == "Nouvelle Venue" and newcomer.pk in assembly_voices(assembly).in_room
    with pytest.raises(ValidationError, match="already ticked"):
        door.attendance_arrive(assembly=assembly, user=volunteer, member=newcomer)
    from tests.cms.factories import OrganisationFactory

    stranger = add_member(OrganisationFactory(title="Autre centre"))
    with pytest.raises(ValidationError, match="not in the register"):
        door.attendance_arrive(assembly=assembly, user=volunteer, member=stranger)


# Votes


def _electronic(organisation, staff, **item):
    assembly = make_assembly(organisation, staff, items=(), convene=False)
    preparation.item_save(assembly=assembly, user=staff, kind=item.get("kind", "comptes"), title="Les comptes",
                          method="electronique", seats=item.get("seats", 1), candidates=item.get("candidates"))
    assembly_convene(assembly=assembly, user=staff)
    return assembly, assembly.items.exclude(kind="divers").get()


def test_an_electronic_vote_counts_each_voice_once_proxies_included(place):
    organisation, staff = place
    assembly, item = _electronic(organisation, staff)
    holder, awa, bruno, alone = (add_member(organisation, name) for name in ("Hélène", "Awa", "Bruno", "Seul"))
    proxies.proxy_give(assembly=assembly, user=awa.user, holder=holder)
    proxies.proxy_give(assembly=assembly, user=bruno.user, holder=holder)
    _open(assembly, staff, holder, alone)
    item.assembly = assembly
    session.vote_open(item=item, user=staff)
    for voice, choice in ((holder, "pour"), (awa, "pour"), (bruno, "contre")):
        session.room_vote_cast(item=item, user=holder.user, voice_id=voice.pk, choice=choice)
    with pytest.raises(ValidationError, match="already voted"):
        session.room_vote_cast(item=item, user=holder.user, voice_id=awa.pk, choice="contre")
    # Nobody casts another's voice: not the giver's own account, not another member.
    for user, voice in ((awa.user, awa.pk), (alone.user, holder.pk), (alone.user, bruno.pk)):
        with pytest.raises(ValidationError):
            session.room_vote_cast(item=item, user=user, voice_id=voice, choice="contre")
    session.room_vote_cast(item=item, user=alone.user, voice_id=alone.pk, choice="abstention")
    assert VoiceRecord.objects.filter(item=item).count() == 4
    assert not VoiceRecord.objects.filter(item=item, member=awa).exclude(cast_by=holder.user).exists()
    session.vote_close(item=item, user=staff)
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.abstentions, item.outcome) == (2, 1, 1, Outcome.ADOPTED)
    assert not SealedVote.objects.filter(item=item).exists()
    with pytest.raises(ValidationError, match="closed"):
        session.room_vote_cast(item=item, user=alone.user, voice_id=alone.pk, choice="pour")


def test_a_late_giver_cannot_vote_again_what_their_holder_voted(place):
    organisation, staff = place
    assembly, item = _electronic(organisation, staff)
    giver, holder = add_member(organisation), add_member(organisation)
    proxies.proxy_give(assembly=assembly, user=giver.user, holder=holder)
    _open(assembly, staff, holder)
    item.assembly = assembly
    session.vote_open(item=item, user=staff)
    session.room_vote_cast(item=item, user=holder.user, voice_id=giver.pk, choice="pour")
    door.attendance_arrive(assembly=assembly, user=staff, member=giver)
    with pytest.raises(ValidationError):
        session.room_vote_cast(item=item, user=giver.user, voice_id=giver.pk, choice="contre")
    assert VoiceRecord.objects.filter(item=item).count() == 1


def test_a_secret_electronic_election_keeps_no_link_between_voter_and_ballot(place):
    organisation, staff = place
    assembly, item = _electronic(organisation, staff, kind="election", seats=2, candidates=["Awa", "Bruno", "Chloé"])
    voters = [add_member(organisation) for _ in range(5)]
    _open(assembly, staff, *voters)
    item.assembly = assembly
    assert item.is_secret
    session.vote_open(item=item, user=staff)
    awa, bruno, chloe = item.candidates.all()
    choices = [[awa.pk, bruno.pk], [awa.pk], [awa.pk, chloe.pk], [], [bruno.pk]]
    for voter, chosen in zip(voters, choices):
        session.room_vote_cast(item=item, user=voter.user, voice_id=voter.pk, chosen=chosen)
    with pytest.raises(ValidationError, match="at most 2"):
        session.room_vote_cast(item=item, user=voters[0].user, voice_id=voters[0].pk,
                               chosen=[awa.pk, bruno.pk, chloe.pk])
    # What each voted is only in sealed envelopes, which name nobody.
    assert {field.name for field in SealedVote._meta.fields} == {"id", "item", "envelope"}
    envelopes = [bytes(envelope) for envelope in SealedVote.objects.values_list("envelope", flat=True)]
    assert len({len(envelope) for envelope in envelopes}) == 1  # a blank ballot looks like a full one
    assert not any(b'"c"' in envelope for envelope in envelopes)  # ciphertext, not the ballot
    session.vote_close(item=item, user=staff)
    item.refresh_from_db()
    assert [(c.name, c.votes, c.elected) for c in item.candidates.all()] == [
        ("Awa", 3, True), ("Bruno", 2, False), ("Chloé", 1, False)]  # absolute majority of 4 expressed: 3
    assert (item.ballots, item.blank_ballots) == (5, 1)


def test_a_show_of_hands_and_a_paper_ballot_are_checked_against_the_room(place):
    organisation, staff = place
    statutes = make_statutes(organisation, majorities={"statuts": {"threshold": "deux_tiers", "base": "votants"}})
    assembly = make_assembly(organisation, staff, statutes=statutes, items=(), convene=False)
    preparation.item_save(assembly=assembly, user=staff, kind="statuts", title="Article 5", method="main_levee")
    preparation.item_save(assembly=assembly, user=staff, kind="statuts", title="Article 7", method="papier")
    assembly_convene(assembly=assembly, user=staff)
    members = [add_member(organisation) for _ in range(9)]
    _open(assembly, staff, *members)
    hands, paper = assembly.items.exclude(kind="divers")
    hands.assembly = paper.assembly = assembly
    session.vote_open(item=hands, user=staff)
    with pytest.raises(ValidationError, match="10 votes for 9 voices"):
        session.vote_enter(item=hands, user=staff, votes_for=6, against=2, abstentions=2)
    session.vote_enter(item=hands, user=staff, votes_for=6, against=2, abstentions=1)
    assert hands.outcome == Outcome.ADOPTED  # 6 of 9 cast: two thirds
    session.vote_open(item=paper, user=staff)
    with pytest.raises(ValidationError, match="not the 9 ballots"):
        session.vote_enter(item=paper, user=staff, ballots=9, blank=1, spoilt=0, votes_for=5, against=2)
    session.vote_enter(item=paper, user=staff, ballots=9, blank=2, spoilt=1, votes_for=5, against=1)
    assert paper.outcome == Outcome.REJECTED  # 5 of 8 cast (blank ones counted, spoilt not): short of two thirds
    from assemblies.outcomes import item_statement

    assert "deux tiers" in item_statement(paper) or "two-thirds" in item_statement(paper)


def test_one_vote_at_a_time_and_no_closing_while_one_runs(place):
    organisation, staff = place
    assembly = make_assembly(organisation, staff, items=("Un", "Deux"))
    _open(assembly, staff, add_member(organisation))
    first, second = assembly.items.exclude(kind="divers")
    first.assembly = second.assembly = assembly
    session.vote_open(item=first, user=staff)
    with pytest.raises(ValidationError, match="Another vote"):
        session.vote_open(item=second, user=staff)
    with pytest.raises(ValidationError, match="still in progress"):
        session.assembly_close(assembly=assembly, user=staff)


# The minutes


def test_the_minutes_are_drawn_up_signed_and_archived(place):
    organisation, staff = place
    president = add_member(organisation, "Paule Présidente")
    assembly, item = _electronic(organisation, staff, kind="election", seats=1, candidates=["Awa"])
    voters = [president] + [add_member(organisation) for _ in range(2)]
    _open(assembly, staff, *voters, president=president)
    item.assembly = assembly
    with pytest.raises(ValidationError, match="closed"):
        minutes_finalise(assembly=assembly, user=staff)
    session.vote_open(item=item, user=staff)
    for voter in voters:
        session.room_vote_cast(item=item, user=voter.user, voice_id=voter.pk, chosen=[item.candidates.get().pk])
    session.vote_close(item=item, user=staff)
    session.assembly_close(assembly=assembly, user=staff)
    minutes_save(assembly=assembly, user=staff, summary="Débat nourri.", debates={item.pk: "Awa se présente."},
                 president_name="", secretary_name="")
    minutes_finalise(assembly=assembly, user=staff)
    with pytest.raises(ValidationError, match="no longer change"):
        minutes_save(assembly=assembly, user=staff, summary="Réécrit", debates={}, president_name="",
                     secretary_name="")
    with pytest.raises(ValidationError, match="staff record the secretary"):
        minutes_sign(assembly=assembly, user=president.user, role="secretary")
    with pytest.raises(PermissionDenied):
        minutes_sign(assembly=assembly, user=voters[1].user, role="president")
    minutes_sign(assembly=assembly, user=president.user, role="president")
    assert not assembly.minutes_file
    minutes_sign(assembly=assembly, user=staff, role="secretary")
    assembly.refresh_from_db()
    pdf = assembly.minutes_file.read()
    assert pdf.startswith(b"%PDF") and assembly.minutes_signed
    from PIL import ImageFile

    # Printing leaves the uploads' image checks as strict as they were.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    from assemblies.record import minutes_record

    record = minutes_record(assembly)
    assert record.prefecture and record.prefecture_reasons == ["Les comptes"]
    closed = timezone.localdate(assembly.closed_at)
    deadline = assembly.prefecture_deadline()
    assert (deadline.year * 12 + deadline.month) - (closed.year * 12 + closed.month) == 3
