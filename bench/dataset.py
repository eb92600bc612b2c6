"""The large dataset `make bench` measures the site on: a federation's server
with 3 organisations whose plans hold 600 actions, 5,000 comments (20 of
them on one action), 200 residents' projects with their supports, 30
comités, and a consultation with 10,000 secret ballots.

Plans go through the real importer; the volume (comments, projects,
ballots) is written directly, in bulk, since only reading it is measured.
`Dataset` names what the benchmark visits."""

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta

import openpyxl
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

ORGANISATIONS = 3
AXES, GOALS, OBJECTIVES, ACTIONS = 4, 5, 2, 5  # 200 actions per plan
COMMENTS, ON_TARGET = 5_000, 20
PROJECTS, SUPPORTS_PER_PROJECT = 200, 10
COMMITTEES = 30
MEETINGS_PER_COMMITTEE = 10  # past ones, each with its presences marked
ENTRIES_PER_ACTION = 2  # journal updates on the first organisation's actions
BALLOTS = 10_000
LIVE_VOTERS = 410  # members with a confirmed address who have not voted: for the vote benchmarks
PASSWORD = "bench-plan-commun"
HEADER = ["Axe", "Objectif général", "Objectif opérationnel", "N° Action", "Action", "Pilote",
          "Acteurs mobilisés", "Indicateur de réussite"] + [f"S{h} {y}" for y in (2025, 2026) for h in (1, 2)]


def plan_workbook(title: str, axes: int, goals: int, objectives: int, actions: int) -> bytes:
    """A plan spreadsheet in the shape of the seeds' Entraide export: one row
    per action, the upper levels written only where they change."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append([title])
    sheet.append(HEADER)
    for a in range(1, axes + 1):
        for g in range(1, goals + 1):
            for o in range(1, objectives + 1):
                for n in range(1, actions + 1):
                    first = n == 1
                    sheet.append([
                        f"Axe {a} : Orientation {a}" if first and g == 1 and o == 1 else None,
                        f"Engagement n°{(a - 1) * goals + g} : Engagement {a}.{g}" if first and o == 1 else None,
                        f"Objectif {a}.{g}.{o}" if first else None,
                        f"{(a - 1) * goals + g}.{o}.{n}",
                        f"Action {a}.{g}.{o}.{n} : mener le travail prévu avec les habitants",
                        "Direction", "Bénévoles, partenaires", "Nombre de participants",
                        "X" if n % 2 else None, "X", None, "X" if n % 3 == 0 else None,
                    ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Dataset:
    organisation: object = None
    plan: object = None
    axis: object = None
    action: object = None  # the one with 20 comments
    project: object = None
    committee: object = None
    consultation: object = None
    reader: object = None  # a signed-in resident of the organisation
    staff: object = None  # its salariée (the bilan)
    live_voters: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _users(prefix: str, count: int, *, verified: bool):
    from allauth.account.models import EmailAddress

    from participation.models import User

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.local", display_name=f"{prefix.title()} {n}",
             password=password) for n in range(count))
    if verified:
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users)
    return users


def _members(organisation, users, role="habitant"):
    from participation.models import Membership, MembershipStatus

    Membership.objects.bulk_create(Membership(user=user, organisation=organisation, role=role,
                                              status=MembershipStatus.ACCEPTED) for user in users)


def _plans(home):
    from cms.importing.plans import read_plan_file
    from cms.models import ActionPage, AxisPage
    from cms.services import LoadReport, organisation_upsert, plans_import

    organisations = []
    for n in range(1, ORGANISATIONS + 1):
        organisation = organisation_upsert(
            home=home, data={"slug": f"centre-{n}", "name": f"Centre social n° {n}", "kind": "centre_social"},
            report=LoadReport())
        content = plan_workbook(f"Projet social {n}", AXES, GOALS, OBJECTIVES, ACTIONS)
        plans_import(organisation=organisation, plans=[plan.data for plan in read_plan_file(content, "plan.xlsx")])
        organisations.append(organisation)
    actions_of = {organisation.pk: list(ActionPage.objects.live().descendant_of(organisation).order_by("path"))
                  for organisation in organisations}
    axis = AxisPage.objects.live().descendant_of(organisations[0]).order_by("path").first()
    return organisations, axis.get_parent().specific, axis, actions_of


def _comments(target, actions_of, people):
    """20 comments on the target (10 threads with a reply each, and likes),
    the others spread over every action."""
    from participation.models import Comment
    from participation.services import comment_like, comment_post

    action_type = ContentType.objects.get_for_model(target)
    now = timezone.now()
    for n in range(ON_TARGET // 2):
        comment = comment_post(user=people[n % 5], target=target, text=f"Avis n° {n} : **d'accord** sur le fond.",
                               stance="pour" if n % 2 else "question")
        comment_post(user=people[(n + 1) % 5], target=target, text="Réponse : merci, précisons le calendrier.",
                     parent=comment)
        comment_like(comment=comment, user=people[(n + 2) % 5])
        # Spread them over days, so that the rate limit never sees a burst.
        Comment.objects.filter(pk__in=[comment.pk]).update(submit_date=now - timedelta(days=n + 1))
    others = [(organisation_id, action) for organisation_id, actions in actions_of.items() for action in actions
              if action.pk != target.pk]
    for n in range(COMMENTS - ON_TARGET):
        organisation_id, action = others[n % len(others)]
        author = people[n % len(people)]
        Comment(content_type=action_type, object_pk=str(action.pk), site_id=1, user=author, user_name=str(author)[:50],
                comment=f"Commentaire n° {n} sur l'action.", submit_date=now - timedelta(minutes=n), is_public=True,
                organisation_id=organisation_id, parent_id=0).save()


def _projects(organisations, actions_of, people):
    from projects.models import Project, ProjectStatus, Support

    statuses = [ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.ACCOMPANIED,
                ProjectStatus.IN_PROGRESS, ProjectStatus.DONE]
    now = timezone.now()
    projects = Project.objects.bulk_create(
        Project(organisation=organisations[n % len(organisations)], title=f"Projet d'habitants n° {n}",
                summary="Un potager partagé au pied des immeubles, ouvert aux familles.",
                description="Nous voulons créer un lieu de rencontre entre voisins.", quartier="Centre",
                status=statuses[n % len(statuses)], created_by=people[n % len(people)],
                submitted_at=now - timedelta(days=n))
        for n in range(PROJECTS))
    through = Project.plan_items.through
    through.objects.bulk_create(
        through(project_id=project.pk, page_id=random.choice(actions_of[project.organisation_id]).pk)
        for project in projects)
    Support.objects.bulk_create(
        Support(project=project, user=people[(index + k) % len(people)])
        for index, project in enumerate(projects) for k in range(SUPPORTS_PER_PROJECT))
    return projects



def _committees(organisations, actions_of, people):
    from committees.models import Committee, CommitteeKind, CommitteeMember, CommitteeMemberStatus, CommitteePlanItem

    kinds = [CommitteeKind.HOUSE_COUNCIL, CommitteeKind.THEMATIC, CommitteeKind.WORKING_GROUP]
    committees = Committee.objects.bulk_create(
        Committee(organisation=organisations[n % len(organisations)], name=f"Comité n° {n}", slug=f"comite-{n}",
                  kind=kinds[n % len(kinds)], description="Le comité suit les actions de son thème.",
                  sort_order=n)
        for n in range(COMMITTEES))
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, user=people[(index * 3 + k) % len(people)],
                        role="animateur" if k == 0 else "membre", status=CommitteeMemberStatus.ACCEPTED,
                        listed=True)
        for index, committee in enumerate(committees) for k in range(10))
    CommitteePlanItem.objects.bulk_create(
        CommitteePlanItem(committee=committee, page=actions_of[committee.organisation_id][index])
        for index, committee in enumerate(committees))
    from committees.models import Meeting, MeetingAttendance

    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(committee=committee, title=f"Réunion {n}", starts_at=now - timedelta(days=30 * (n + 1)),
                ends_at=now - timedelta(days=30 * (n + 1), hours=-2))
        for committee in committees for n in range(MEETINGS_PER_COMMITTEE))
    seats = {}
    for member in CommitteeMember.objects.filter(committee__in=committees).values("committee_id", "user_id"):
        seats.setdefault(member["committee_id"], []).append(member["user_id"])
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, user_id=user_id, answer="oui", present=k % 4 != 0)
        for meeting in meetings for k, user_id in enumerate(seats[meeting.committee_id]))
    return committees


def _journal(organisation, actions, staff):
    """Two dated updates per action, the later one setting its status."""
    from journal.models import JournalEntry

    today = timezone.localdate()
    statuses = ["planned", "in_progress", "done", "late"]
    JournalEntry.objects.bulk_create(
        JournalEntry(action=action, organisation=organisation, date=today - timedelta(days=40 * k + index % 300),
                     text="Atelier tenu avec les habitants ; la suite au prochain comité.", author=staff,
                     status_before="planned" if k == 0 else "", status=statuses[index % 4] if k == 0 else "planned",
                     progress=10 * (index % 10))
        for index, action in enumerate(actions) for k in range(ENTRIES_PER_ACTION))


def _consultation(organisation, target, staff, voters):
    """A majority-judgment vote on the target action, open with live
    results, its 10,000 secret ballots sealed in the box as the services
    seal them (services/box.py), written in bulk."""
    import uuid

    from consultations import services
    from consultations.ballot_box import BoxState, box_pack, box_size
    from consultations.models import BallotBox, Method, ResultsVisibility, SealedBallot, VoterRecord
    from consultations.sealing import ballot_pack, envelope_size, keys_of
    from consultations.selectors import consultation_questions
    from consultations.services.live import results_changed
    from consultations.tally import NO_CHANNEL, Line, Tally, TallyLayout

    now = timezone.now()
    consultation = services.consultation_create(
        user=staff, organisation=organisation, actions=[target], title="Quelle formule pour le café ?",
        context="Donnez une mention à chaque formule.", opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=5), results_visibility=ResultsVisibility.LIVE)
    question = services.question_save(consultation=consultation, user=staff, text="Quelle formule ?",
                                      method=Method.MAJORITY, labels=["Associatif", "Cantine", "Familles", "Numérique"])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    questions = consultation_questions(consultation)
    options = list(question.options.values_list("pk", flat=True))
    VoterRecord.objects.bulk_create(VoterRecord(consultation=consultation, user=voter) for voter in voters)
    rng = random.Random(7)
    keys, size, running = keys_of(consultation), envelope_size(questions), Tally()
    by_id = {item.pk: item for item in questions}
    envelopes = []
    for _voter in voters:
        lines = [Line(question=question.pk, option=option, value=rng.randrange(7)) for option in options]
        running.add(by_id, lines, channel=NO_CHANNEL)
        envelopes.append(SealedBallot(id=uuid.uuid4(), consultation=consultation,
                                      envelope=keys.seal(ballot_pack(uuid.uuid4().hex * 2, lines), size)))
    SealedBallot.objects.bulk_create(envelopes, batch_size=2_000)
    layout = TallyLayout(questions)
    shown = len(voters) - consultation.live_step
    state = BoxState(ballots=len(voters), running=running, shown=(shown, running.copy()))
    BallotBox.objects.create(consultation=consultation, envelope=keys.seal(box_pack(state, layout), box_size(layout)))
    transaction.on_commit(lambda: results_changed(consultation.pk))
    return consultation


@transaction.atomic
def build() -> Dataset:
    from cms.models import HomePage
    from participation.models import Membership, MembershipStatus

    random.seed(7)
    data = Dataset()
    organisations, data.plan, data.axis, actions_of = _plans(HomePage.objects.get())
    data.organisation = organisations[0]
    data.action = actions_of[data.organisation.pk][0]
    staff = _users("equipe", 1, verified=True)[0]
    data.staff = staff
    Membership.objects.create(user=staff, organisation=data.organisation, role="salarie",
                              status=MembershipStatus.ACCEPTED)
    people = _users("habitant", 500, verified=True)
    for organisation in organisations:
        _members(organisation, people)
    data.reader = people[0]
    _comments(data.action, actions_of, people)
    projects = _projects(organisations, actions_of, people)
    data.project = next(project for project in projects if project.organisation_id == data.organisation.pk)
    committees = _committees(organisations, actions_of, people)
    _journal(data.organisation, actions_of[data.organisation.pk], staff)
    data.committee = next(c for c in committees if c.organisation_id == data.organisation.pk)
    voters = _users("votant", BALLOTS, verified=False)
    _members(data.organisation, voters)
    data.consultation = _consultation(data.organisation, data.action, staff, voters)
    data.live_voters = _users("direct", LIVE_VOTERS, verified=True)
    _members(data.organisation, data.live_voters)
    actions = sum(len(actions) for actions in actions_of.values())
    data.counts = {"organisations": ORGANISATIONS, "actions": actions, "comments": COMMENTS,
                   "comments_on_action": ON_TARGET, "projects": PROJECTS,
                   "supports": PROJECTS * SUPPORTS_PER_PROJECT, "committees": COMMITTEES, "ballots": BALLOTS,
                   "meetings": COMMITTEES * MEETINGS_PER_COMMITTEE,
                   "journal_entries": len(actions_of[data.organisation.pk]) * ENTRIES_PER_ACTION}
    return data
