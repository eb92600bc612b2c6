"""Reads: the consultations of a page, what a person may do with one, and
the results, computed from a handful of aggregate queries and cached until
the next ballot."""

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum, Value

from cms.searching import HITS_PER_SOURCE, hit, words_q
from cms.sitemaps import public_organisations_q
from committees import roles as committee_roles
from committees.models import CommitteeMember
from core.db import read_snapshot
from participation import roles

from . import counting
from .ballot_box import box_read
from .models import (
    Answer,
    AuditEntry,
    Ballot,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Method,
    Option,
    Question,
    VoteChannel,
    VoterRecord,
)
from .tally import Tally

VERSION_KEY = "consultation-results-version:{}"
# One entry per consultation, holding (version, results): a busy vote
# replaces it rather than piling up one entry per ballot.
RESULTS_KEY = "consultation-results:{}"


def results_version(consultation_id: int) -> str:
    return cache.get(VERSION_KEY.format(consultation_id)) or "0"


def results_version_bump(consultation_id: int) -> str:
    version = str(time.time_ns())
    cache.set(VERSION_KEY.format(consultation_id), version, timeout=None)
    return version


@dataclass
class QuestionResult:
    question: Question
    options: list[Option]
    result: object
    # option id (or YES/NO/ABSTAIN) -> {channel: count}, for the methods
    # counted by choices; the others are counted on all ballots together.
    by_channel: dict = field(default_factory=dict)
    ballots: dict = field(default_factory=dict)   # channel -> non-blank ballots

    @property
    def labels(self) -> dict:
        return {option.pk: option.label for option in self.options}


@dataclass
class Results:
    consultation_id: int
    ballots: dict           # channel -> ballots
    voters_online: int
    voters_paper_named: int
    paper_signatures: int   # signatures of anonymous batches by people without an account
    participation: counting.Participation
    questions: list[QuestionResult]
    # Secret ballots keep no channel: the results do not split by it.
    channels_split: bool = True
    # Live results of a secret vote: the number of ballots the published
    # snapshot holds (None for a full count).
    partial: int | None = None

    @property
    def ballots_total(self) -> int:
        return sum(self.ballots.values())

    @property
    def voters_paper(self) -> int:
        return self.voters_paper_named + self.paper_signatures


def consultation_turnout(consultation: Consultation) -> int:
    """People who voted, online or on paper (named, signers of a batch, and
    the signatures of people without an account)."""
    with read_snapshot():
        unnamed = consultation.paper_batches.aggregate(total=Sum("unnamed_signatures"))["total"] or 0
        return consultation.voters.count() + unnamed


# A consultation's questions with their options, read on every page of it
# and every ballot, are cached until one of them changes (a save or delete
# of a question or option bumps the version, see signals.py). The key holds
# the consultation's creation time: a recreated database hands out its ids
# again, never its creation times.
QUESTIONS_KEY = "consultation-questions:{}:{}"
QUESTIONS_VERSION_KEY = "consultation-questions-version:{}"


def questions_version_bump(consultation_id: int) -> None:
    cache.set(QUESTIONS_VERSION_KEY.format(consultation_id), str(time.time_ns()), timeout=None)


def consultation_questions(consultation: Consultation) -> list[Question]:
    key = QUESTIONS_KEY.format(consultation.pk, consultation.created_at.timestamp())
    version_key = QUESTIONS_VERSION_KEY.format(consultation.pk)
    found = cache.get_many([key, version_key])
    version = found.get(version_key) or "0"
    cached = found.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    # Read by id, not through `consultation.questions`, which would hang the
    # consultation (its state of the moment) on every cached question.
    questions = list(Question.objects.filter(consultation_id=consultation.pk).prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position", "pk"))))
    cache.set(key, (version, questions), timeout=3600)
    return questions


def electorate_user_ids(consultation: Consultation):
    """A subquery of the accounts the electorate's rows hold (a comité's
    members, the organisation's declared people, its register's members with
    a vote), or None when it is every account. Not the rule itself, which
    asks more (a confirmed address, the comité's privacy): consultations.vote."""
    if consultation.eligibility == Eligibility.COMMITTEE and consultation.committee_id:
        return CommitteeMember.objects.accepted().filter(committee_id=consultation.committee_id).values("user_id")
    if consultation.eligibility == Eligibility.ORGANISATION:
        return roles.declared_user_ids(consultation.organisation_id)
    if consultation.eligibility == Eligibility.MEMBERS:
        return roles.voting_user_ids(consultation.organisation_id)
    return None


def electorate_size(consultation: Consultation) -> int | None:
    people = electorate_user_ids(consultation)
    return None if people is None else people.distinct().count()


def cached_for_version(key: str, version: str, compute, timeout: int = 3600):
    """The value cached under `key` if it was computed for this version,
    else computed now and cached."""
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    value = compute()
    cache.set(key, (version, value), timeout=timeout)
    return value


def consultation_results(consultation: Consultation) -> Results:
    """The results anyone may see at this moment: the full count (public
    ballots, or secret ones once counted), or the live snapshot of a secret
    vote's box (see services/box.py)."""
    return cached_for_version(RESULTS_KEY.format(consultation.pk), results_version(consultation.pk),
                              lambda: _results_compute(consultation))


def _results_compute(consultation: Consultation) -> Results:
    questions = consultation_questions(consultation)
    # One snapshot: counts read by separate queries add up whatever is cast
    # meanwhile (a ballot seen by one query and not the next made
    # "blank must not be negative").
    with read_snapshot():
        voters = dict(VoterRecord.objects.filter(consultation=consultation).values_list("channel").annotate(
            n=Count("pk")))
        unnamed = consultation.paper_batches.aggregate(total=Sum("unnamed_signatures"))["total"] or 0
        electorate = electorate_size(consultation)
        partial = None
        if consultation.secret and consultation.counted_at is None:
            state = box_read(consultation, questions)
            partial, tally = state.shown if state.shown else (0, Tally())
        else:
            tally = _table_tally(consultation, questions)
    total_ballots = tally.ballots()
    voters_count = voters.get(VoteChannel.ONLINE, 0) + voters.get(VoteChannel.PAPER, 0) + unnamed
    return Results(
        consultation_id=consultation.pk, ballots=tally.by_channel(), voters_online=voters.get(VoteChannel.ONLINE, 0),
        voters_paper_named=voters.get(VoteChannel.PAPER, 0), paper_signatures=unnamed,
        participation=counting.participation(voters=voters_count, electorate=electorate,
                                             quorum=consultation.quorum, known_voters=voters_count - unnamed),
        questions=[_question_result(question, tally, total_ballots) for question in questions],
        channels_split=not consultation.secret, partial=partial,
    )


def _table_tally(consultation: Consultation, questions: list[Question]) -> Tally:
    """The counts of the ballot table, by aggregate queries (rankings are
    read ballot by ballot: their duels need each ballot's order)."""
    tally = Tally()
    for channel, n in Ballot.objects.filter(consultation=consultation).values_list("channel").annotate(n=Count("pk")):
        tally["ballots", channel] += n
    answers = Answer.objects.filter(question__consultation=consultation)
    for row in answers.exclude(question__method=Method.RANKING).values(
        "question_id", "option_id", "value", "ballot__channel"
    ).annotate(n=Count("pk")):
        tally["line", row["question_id"], row["option_id"], row["value"], row["ballot__channel"]] += row["n"]
    for row in answers.values("question_id", "ballot__channel").annotate(n=Count("ballot_id", distinct=True)):
        tally["answered", row["question_id"], row["ballot__channel"]] += row["n"]
    ranking = {question.pk: question for question in questions if question.method == Method.RANKING}
    if ranking:
        rankings = defaultdict(dict)
        for question_id, ballot_id, option_id, rank in answers.filter(question_id__in=ranking).values_list(
            "question_id", "ballot_id", "option_id", "rank"
        ):
            rankings[question_id, ballot_id][option_id] = rank
        for (question_id, _ballot_id), ranks in rankings.items():
            tally.duels_add(ranking[question_id], ranks)
    return tally


def _question_result(question: Question, tally: Tally, total_ballots: int) -> QuestionResult:
    options = list(question.options.all())
    option_ids = [option.pk for option in options]
    answered = tally.answered(question.pk)
    lines = tally.lines(question.pk)
    non_blank = sum(answered.values())
    blank = total_ballots - non_blank
    by_channel = defaultdict(lambda: defaultdict(int))
    for (option_id, value, channel), n in lines.items():
        by_channel[option_id if option_id is not None else value][channel] += n
    totals = {key: sum(channels.values()) for key, channels in by_channel.items()}
    method = question.method
    if method == Method.YES_NO:
        result = counting.count_yes_no(yes=totals.get(counting.YES, 0), no=totals.get(counting.NO, 0),
                                       abstain=totals.get(counting.ABSTAIN, 0), blank=blank)
    elif method == Method.SINGLE:
        result = counting.count_single(options=option_ids, counts=totals, blank=blank)
    elif method == Method.MULTIPLE:
        result = counting.count_multiple(options=option_ids, counts=totals, ballots=non_blank, blank=blank)
    elif method == Method.RANKING:
        result = counting.count_schulze_pairwise(options=option_ids, pairwise=tally.duels(question.pk),
                                                 ballots=non_blank, blank=blank)
    elif method == Method.MAJORITY:
        distributions = {option_id: [0] * counting.GRADES for option_id in option_ids}
        for (option_id, value, _channel), n in lines.items():
            distributions[option_id][value] += n
        result = counting.count_majority(options=option_ids, distributions=distributions, ballots=non_blank,
                                         blank=blank)
    else:
        distributions = {option_id: defaultdict(int) for option_id in option_ids}
        for (option_id, value, _channel), n in lines.items():
            distributions[option_id][value] += n
        result = counting.count_score(options=option_ids, distributions=distributions, low=question.score_min,
                                      high=question.score_max, blank=blank)
    return QuestionResult(question=question, options=options, result=result,
                          by_channel={key: dict(channels) for key, channels in by_channel.items()},
                          ballots=dict(answered))


def public_ballots(consultation: Consultation) -> list[Ballot]:
    """Who voted what, for public consultations only."""
    if consultation.secret:
        return []
    return list(Ballot.objects.filter(consultation=consultation).select_related("voter").prefetch_related(
        "answers").order_by("voter__display_name", "id"))


@dataclass(frozen=True)
class VoterState:
    has_voted: bool = False
    on_paper: bool = False


def voter_state(consultation: Consultation, user) -> VoterState:
    if not user.is_authenticated:
        return VoterState()
    channel = VoterRecord.objects.filter(consultation=consultation, user=user).values_list(
        "channel", flat=True).first()
    return VoterState(has_voted=channel is not None, on_paper=channel == VoteChannel.PAPER)


def manage_q(user) -> Q:
    """The consultations this person runs, as rules.can_manage says: of an
    organisation they are staff of, of a comité they run, or created by
    them where they may still create consultations, for the organisation or
    a comité they may give it to."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)  # not Q(): "x | Q()" is x
    staff = roles.staff_organisation_ids(user)
    run = committee_roles.run_committee_ids(user)
    councils = committee_roles.house_council_ids(user)
    council_organisations = committee_roles.house_council_organisation_ids(user)
    may_create = staff | council_organisations | committee_roles.running_organisation_ids(user)
    own_committee = (Q(committee__isnull=True, organisation_id__in=council_organisations)
                     | Q(committee_id__in=run | councils))
    return (Q(organisation_id__in=staff) | Q(committee_id__in=run)
            | (Q(created_by=user) & Q(organisation_id__in=may_create) & own_committee))


def view_q(user) -> Q:
    """The consultations this person may see, as rules.can_view says:
    published ones, but a members-only comité's are for its members and
    the organisation's staff; and those they run, drafts included."""
    from committees.models import ContentVisibility

    content = Q(committee__isnull=True) | Q(committee__visibility=ContentVisibility.PUBLIC)
    if user.is_authenticated and user.is_active:
        content |= Q(committee_id__in=committee_roles.committee_ids(user))
        content |= Q(organisation_id__in=roles.staff_organisation_ids(user))
    return (Q(published_at__isnull=False) & content) | manage_q(user)


def consultations_visible(user, queryset=None):
    """Published consultations this person may see (drafts: managed_drafts)."""
    queryset = queryset if queryset is not None else Consultation.objects.all()
    return queryset.published().filter(view_q(user))


def consultation_index(user, now) -> dict:
    consultations = list(consultations_visible(user).select_related("organisation", "committee").order_by(
        "closes_at"))
    groups = {status: [] for status in (ConsultationStatus.OPEN, ConsultationStatus.SCHEDULED,
                                        ConsultationStatus.CLOSED)}
    for consultation in consultations:
        groups[consultation.status(now)].append(consultation)
    groups[ConsultationStatus.CLOSED].reverse()
    return groups


def managed_drafts(user):
    """Drafts the person may finish (the same rule as their pages)."""
    return Consultation.objects.filter(published_at__isnull=True).filter(manage_q(user)).select_related(
        "organisation", "committee")


def may_create_somewhere(user) -> bool:
    """Staff of an organisation, member of a conseil de maison or running a
    comité (see rules.py: consultations.add_consultation)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles.staff_organisation_ids(user)
                                     | committee_roles.house_council_organisation_ids(user)
                                     | committee_roles.running_organisation_ids(user))


def _with_own_vote(queryset, user):
    """Each consultation marked `voted` when this person has voted in it (in
    the same query), so that a list offers them their vote, not a new one."""
    voted = Exists(VoterRecord.objects.filter(consultation=OuterRef("pk"), user=user)) if user.is_authenticated \
        else Value(False)
    return queryset.annotate(voted=voted)


def plan_item_consultations(page, user):
    return list(_with_own_vote(consultations_visible(user, Consultation.objects.filter(actions=page)), user)
                .order_by("-opens_at"))


def committee_consultations(committee, user):
    return list(_with_own_vote(consultations_visible(user, Consultation.objects.filter(committee=committee)), user)
                .order_by("-opens_at"))


def audit_entries(organisation_ids, consultation=None):
    entries = AuditEntry.objects.filter(organisation_id__in=organisation_ids).select_related("actor", "organisation")
    if consultation is not None:
        entries = entries.filter(consultation=consultation)
    return entries


def search_consultations(words: list[str]) -> list:
    """Consultations a visitor may read with every word (cms/searching.py)."""
    consultations = (consultations_visible(AnonymousUser()).filter(public_organisations_q(),
                                                                   words_q(words, ("title", "context")))
                     .select_related("organisation").order_by("-opens_at", "-pk")[:HITS_PER_SOURCE])
    return [hit(title=consultation.title, url=consultation.get_absolute_url(),
                context=consultation.organisation.title, text=consultation.context, words=words)
            for consultation in consultations]


def open_now(scope, user, now) -> list[Consultation]:
    """"En ce moment": the open consultations this person may see in the
    scope (participation/whats_on.py), closing soonest first, each marked
    when they have voted."""
    from participation.whats_on import LIMIT

    consultations = consultations_visible(user).filter(scope.q(), opens_at__lte=now, closes_at__gt=now)
    return list(_with_own_vote(consultations, user).select_related("organisation")
                .order_by("closes_at", "pk")[:LIMIT])
