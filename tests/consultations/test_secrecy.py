"""The attacker of docs/voting-security.md, played on a real secret vote.

60 members vote through the vote page, each giving a score no one else
gives, so that the test (and only the test) knows whose ballot is whose.
The attacker holds copies of everything but the ballot key, taken after
every ballot and after the count: every table with its rows in physical
order (SQLite's rowid, PostgreSQL's ctid), the sessions, the cache, the
cookies, the logs with every SQL statement, the notifications, and every
live update a watcher received. Each linking route is tried; each must give
nothing better than chance. The rank correlations are printed (`pytest -s`)
and must be near 0: 60 voters give a standard deviation of about 0.13 under
chance, so the bound of 0.55 fails a fair shuffle about once in 40,000 runs
and a shuffle that keeps any trace of the voters' order at once.

Runs on the database of the run: SQLite by default, PostgreSQL in CI's
second pass."""

import hashlib
import logging
import pickle
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client

from consultations.consumers import live_update
from consultations.models import Answer, Ballot, BallotBox, Method, ResultsVisibility, SealedBallot, VoterRecord
from consultations.sealing import SealError
from consultations.selectors import consultation_results
from participation.models import Notification

from .conftest import make_consultation, member_of

pytestmark = pytest.mark.django_db

VOTERS = 60
STEP = 5
BOUND = 0.55


def spearman(xs: list, ys: list) -> float:
    """Rank correlation of two sequences of distinct values."""
    n = len(xs)
    rank_x = {value: rank for rank, value in enumerate(sorted(xs))}
    rank_y = {value: rank for rank, value in enumerate(sorted(ys))}
    squares = sum((rank_x[x] - rank_y[y]) ** 2 for x, y in zip(xs, ys))
    return 1 - 6 * squares / (n * (n * n - 1))


def physical_order(model) -> list:
    """The primary keys in the order the rows lie in the table's storage."""
    table = model._meta.db_table
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


def database_dump() -> str:
    """Every row of every table, as text."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            lines.extend(f"{table}: {row!r}" for row in cursor.fetchall())
    return "\n".join(lines)


def cache_dump() -> str:
    """Every key and value of the (local memory) cache, unpickled."""
    values = []
    for key, value in list(cache._cache.items()):
        try:
            values.append(f"{key}: {pickle.loads(value)!r}")
        except Exception:
            values.append(f"{key}: {value!r}")
    return "\n".join(values)


def sessions_dump() -> str:
    return "\n".join(repr(session.get_decoded()) for session in Session.objects.all())


class Attacker:
    """What leaks, gathered as the vote goes: the copies and the live updates."""

    def __init__(self):
        self.snapshots = []
        self.updates = []

    def copy(self, consultation):
        self.snapshots.append({
            "voters": list(VoterRecord.objects.filter(consultation=consultation).order_by("pk").values_list(
                "user_id", flat=True)),
            "sealed": {bytes(envelope) for envelope in SealedBallot.objects.values_list("envelope", flat=True)},
            "lookups": set(SealedBallot.objects.exclude(lookup=None).values_list("lookup", flat=True)),
            "box": [len(bytes(envelope)) for envelope in BallotBox.objects.values_list("envelope", flat=True)],
            "plain": Ballot.objects.count() + Answer.objects.count(),
        })

    def watch(self, consultation):
        results = consultation_results(consultation)
        update = live_update(consultation.pk)
        self.updates.append((update["voters"], results.partial, results.ballots_total))


class _LogCopy(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def vote(django_db_setup, django_db_blocker):
    """A secret vote with live results, cast through the pages by 60 members,
    watched and copied after every ballot, then closed and counted; once for
    the module, rolled back at its end."""
    from django.db import transaction
    from django.test import TestCase

    from consultations import services
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_staff

    logs = _LogCopy()
    root, sql = logging.getLogger(), logging.getLogger("django.db.backends")
    levels = root.level, sql.level
    root.addHandler(logs)
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        connection.force_debug_cursor = True  # every SQL statement in the logs, with its parameters
        organisation = OrganisationFactory(title="Centre social du secret")
        staff = make_staff(organisation, "scrutatrice")
        consultation = make_consultation(
            organisation, staff, results_visibility=ResultsVisibility.LIVE, live_step=STEP,
            questions=(("Notez le projet", Method.SCORE, ["Le café"]), ("Pour ?", Method.YES_NO, [])))
        consultation.questions.filter(method=Method.SCORE).update(score_min=0, score_max=VOTERS)
        cache.clear()
        score, yes_no = consultation.questions.order_by("position")
        option = score.options.get()
        attacker, codes, truth, clients = Attacker(), {}, {}, []
        for index in range(VOTERS):
            voter = member_of(organisation, f"votante{index}")
            client = Client()
            client.force_login(voter)
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = client.post(f"/consultations/{consultation.pk}/vote/", {
                    f"q{score.pk}_o{option.pk}": str(index), f"q{yes_no.pk}": str(index % 3 - 1)})
            assert response.status_code == 200
            codes[voter.pk] = re.search(r"data-receipt>([A-Z0-9-]{14})<", response.content.decode()).group(1)
            truth[index] = voter.pk  # the ballot scoring `index` is this voter's
            clients.append(client)
            attacker.copy(consultation)
            attacker.watch(consultation)
        mid_vote = {"database": database_dump(), "cache": cache_dump(), "sessions": sessions_dump()}
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.consultation_close(consultation=consultation, user=staff)
        consultation.refresh_from_db()
        attacker.copy(consultation)
        attacker.watch(consultation)
        connection.force_debug_cursor = False
        root.removeHandler(logs)
        root.setLevel(levels[0])
        sql.setLevel(levels[1])
        yield {
            "consultation": consultation, "score": score, "codes": codes, "truth": truth, "attacker": attacker,
            "clients": clients, "mid_vote": mid_vote, "logs": "\n".join(logs.lines),
            "after": {"database": database_dump(), "cache": cache_dump(), "sessions": sessions_dump()},
        }
        transaction.set_rollback(True)


def _voter_rank_of_ballots(vote, ballot_ids: list) -> list[int]:
    """For ballots in the attacker's order, the rank of their true voter in
    the voters' order (known here from each ballot's unique score)."""
    voters = vote["attacker"].snapshots[-1]["voters"]
    score_of = dict(Answer.objects.filter(question=vote["score"]).values_list("ballot_id", "value"))
    return [voters.index(vote["truth"][score_of[ballot_id]]) for ballot_id in ballot_ids]


def _matches(ranks: list[int]) -> int:
    """Correct links if the attacker joins the i-th voter to the i-th ballot."""
    return sum(rank == position for position, rank in enumerate(ranks))


def test_no_order_of_the_ballots_follows_the_voters(vote, capsys):
    """Physical order, id order, and the answers' orders: near 0."""
    import uuid

    ids = {ballot.hex: ballot for ballot in Ballot.objects.values_list("id", flat=True)}
    orders = {
        "ballots, physical order": [ids[key] for key in physical_order(Ballot)],
        "ballots, by id": sorted(ids.values()),
    }
    answer_ballot = dict(Answer.objects.filter(question=vote["score"]).values_list("id", "ballot_id"))
    answers_physical = [uuid.UUID(key) for key in physical_order(Answer)]
    orders["answers, physical order"] = [answer_ballot[key] for key in answers_physical if key in answer_ballot]
    orders["answers, by id"] = [answer_ballot[key] for key in sorted(answer_ballot)]
    with capsys.disabled():
        print(f"\n[secrecy, {connection.vendor}, {VOTERS} voters]")
        for name, ballot_ids in orders.items():
            ranks = _voter_rank_of_ballots(vote, ballot_ids)
            rho = spearman(list(range(len(ranks))), ranks)
            print(f"  {name}: rank correlation with the voters' order {rho:+.3f}, "
                  f"{_matches(ranks)} of {len(ranks)} linked by order (chance: 1)")
            assert len(ranks) == VOTERS
            assert abs(rho) < BOUND, name
            assert _matches(ranks) <= 8, name


def test_nothing_readable_is_in_the_box_while_the_vote_runs(vote):
    """No plain ballot before the count; envelopes of one length, the box
    of one length; neither opens without the ballot key."""
    during = vote["attacker"].snapshots[:-1]
    assert all(snapshot["plain"] == 0 for snapshot in during)
    lengths = {len(envelope) for snapshot in during for envelope in snapshot["sealed"]}
    assert len(lengths) == 1
    assert len({length for snapshot in during for length in snapshot["box"]}) == 1
    envelope = next(iter(during[-1]["sealed"]))
    with pytest.raises(SealError):
        _open_with_a_guessed_key(vote["consultation"], envelope)


def _open_with_a_guessed_key(consultation, envelope):
    from django.test import override_settings

    from consultations.sealing import keys_of

    with override_settings(SECRET_KEY="a guess of the key", BALLOT_SECRET_KEY=""):
        return keys_of(consultation).open(envelope)


def test_the_count_leaves_no_envelope_and_no_handle_that_joins_the_two_phases(vote):
    after = vote["attacker"].snapshots[-1]
    assert not after["sealed"] and not after["box"]
    lookups = set().union(*(snapshot["lookups"] for snapshot in vote["attacker"].snapshots))
    receipts = set(Ballot.objects.values_list("receipt_hash", flat=True))
    assert len(lookups) == len(receipts) == VOTERS and not lookups & receipts


def test_no_receipt_code_is_kept_anywhere(vote):
    """Not in the database, the cache, the sessions, the cookies or the logs,
    during the vote or after; nor as the old sha256(voter:code)."""
    codes = vote["codes"]
    places = {**{f"mid-vote {k}": v for k, v in vote["mid_vote"].items()},
              **{f"after {k}": v for k, v in vote["after"].items()},
              "logs": vote["logs"],
              "cookies": "\n".join(str(client.cookies) for client in vote["clients"])}
    for voter_id, code in codes.items():
        bare = code.replace("-", "")
        legacy = hashlib.sha256(f"{voter_id}:{bare}".encode()).hexdigest()
        for name, text in places.items():
            assert code not in text and bare not in text and legacy not in text, name


def test_no_timestamp_sits_beside_a_ballot(vote):
    date_types = {"DateTimeField", "DateField", "TimeField"}
    for model in (Ballot, Answer, SealedBallot, BallotBox):
        assert not {field.get_internal_type() for field in model._meta.concrete_fields} & date_types, model
    with connection.cursor() as cursor:
        for model in (Ballot, Answer, SealedBallot, BallotBox):
            cursor.execute(f"SELECT * FROM {model._meta.db_table} WHERE 1 = 0")
            columns = [column[0] for column in cursor.description]
            assert not any(re.search(r"(_at|date|time)$", column) for column in columns), model


def test_live_updates_never_isolate_fewer_than_k_ballots(vote):
    """Each change of the live results adds at least k ballots, and the
    final count holds at least k more than the last live update."""
    updates = vote["attacker"].updates
    during, final = updates[:-1], updates[-1]
    shown = [partial for _voters, partial, _total in during]
    changes = [shown[0]] + [b for a, b in zip(shown, shown[1:]) if b != a]
    steps = [b - a for a, b in zip(changes, changes[1:])]
    assert changes[0] == 0 and len(changes) > 3
    assert min(steps) >= STEP
    for voters, partial, _total in during:
        assert partial == 0 or voters - partial >= STEP
    assert final[1] is None and final[2] == VOTERS and VOTERS - changes[-1] >= STEP


def test_the_vote_told_nobody_anything(vote):
    assert not Notification.objects.exists()
    logged = vote["logs"]
    # The logs the attacker holds do have every statement.
    assert "consultations_sealedballot" in logged and "consultations_voterrecord" in logged
    for ballot_id in Ballot.objects.values_list("id", flat=True):
        # The count writes ballots in one statement, in their shuffled order:
        # their ids appear in the SQL log there, never beside a voter.
        for line in logged.splitlines():
            if ballot_id.hex in line.replace("-", ""):
                assert "voterrecord" not in line.lower()
