"""The bilan: its counting held to the definitions written on the page, the
same figures on the page, in the workbook, the PDF, the public version and
the federation's sum, who may read what, and flat query counts."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from bilan.counting import DEFINITIONS, bilan_compute
from bilan.models import BilanSharing
from bilan.services import plan_copy
from committees.models import CommitteePlanItem, MeetingAttendance
from consultations.models import Consultation, PaperBatch, VoterRecord
from journal.services import entry_create
from participation.models import Comment, Membership, RegisterMember, Subscription
from participation.services import comment_post
from projects.models import EventKind, Project, ProjectAuthor, ProjectEvent, Support
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.participation.conftest import make_committee, make_meeting, make_staff, make_user, seat
from tests.queries import page_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NOW = timezone.now()


def declare(user, organisation, role="habitant"):
    Membership.objects.create(user=user, organisation=organisation, role=role, status="accepted")
    return user


def build(organisation=None, *, scale=1):
    """A centre with two axes: residents commenting (one comment hidden, one
    before the period), a project carried by two with supports, a vote
    online and on paper, a comité that meets, a journal update; `scale`
    multiplies the people and their contributions."""
    organisation = organisation or OrganisationFactory(title="Centre social des Tilleuls", slug="tilleuls")
    plan = PlanFactory(parent=organisation, title="Projet social")
    first, second = AxisFactory(parent=plan, number="1", title="Familles"), AxisFactory(parent=plan, number="2",
                                                                                      title="Jeunesse")
    action_a = ActionFactory(parent=first, number="1.1", title="Ateliers parents")
    action_b = ActionFactory(parent=second, number="2.1", title="Chantiers jeunes")
    staff = make_staff(organisation)
    people = []
    for n in range(3 * scale):
        person = declare(make_user(quartier="Les Tilleuls" if n % 3 else "Centre-ville"), organisation,
                         "benevole" if n % 3 == 2 else "habitant")
        people.append(person)
        comment_post(user=person, target=action_a if n % 2 else action_b, text=f"Avis {n}")
    hidden = comment_post(user=make_user(), target=action_a, text="Masqué")
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=NOW)
    old = comment_post(user=make_user(), target=action_a, text="Ancien")
    Comment.objects.filter(pk=old.pk).update(submit_date=NOW - timedelta(days=800))
    project = Project.objects.create(organisation=organisation, created_by=people[0], title="Jardin",
                                     status="accompagne", submitted_at=NOW - timedelta(days=3))
    project.plan_items.set([action_b])
    ProjectAuthor.objects.create(project=project, user=people[0], accepted=True)
    ProjectAuthor.objects.create(project=project, user=people[1], accepted=True)
    ProjectEvent.objects.create(project=project, kind=EventKind.STATUS, from_status="etude", to_status="accompagne")
    supporter = make_user()
    Support.objects.create(project=project, user=supporter)
    Support.objects.create(project=project, user=people[1])
    consultation = Consultation.objects.create(organisation=organisation, title="Le nom du jardin",
                                               opens_at=NOW - timedelta(days=2), closes_at=NOW + timedelta(days=2),
                                               published_at=NOW - timedelta(days=2), eligibility="organisation")
    consultation.actions.set([action_b])
    voter = make_user()
    VoterRecord.objects.create(consultation=consultation, user=voter)
    VoterRecord.objects.create(consultation=consultation, user=people[2], channel="papier")
    PaperBatch.objects.create(consultation=consultation, unnamed_signatures=4)
    committee = make_committee(organisation, "Comité familles")
    CommitteePlanItem.objects.create(committee=committee, page=first)
    member = make_user()
    seat(committee, member)
    meeting = make_meeting(committee, days=-5)
    MeetingAttendance.objects.create(meeting=meeting, user=member, present=True)
    MeetingAttendance.objects.create(meeting=meeting, user=people[0], present=False)
    entry_create(user=staff, action=action_a, date=TODAY - timedelta(days=1), text="Trois ateliers.",
                 status="in_progress", notify=False)
    return {"organisation": organisation, "plan": plan, "axes": (first, second), "actions": (action_a, action_b),
            "staff": staff, "people": people, "supporter": supporter, "voter": voter, "member": member}


def compute(world, **extra):
    return bilan_compute(world["organisation"], TODAY - timedelta(days=365), TODAY, **extra)


def test_a_participant_is_counted_as_the_definition_says():
    world = build()
    bilan = compute(world)
    people = world["people"]
    # 3 commenters (the hidden comment's and the old one's authors do not count), the
    # supporter, the online and the paper voter (a commenter too), the comité member
    # marked present; the staff's journal update is not participation.
    expected = {*[p.pk for p in people], world["supporter"].pk, world["voter"].pk, world["member"].pk}
    assert bilan.total.people == expected
    assert bilan.total.participants == 6
    assert bilan.total.anonymous == 4  # the batch's signatures without an account
    summary = bilan.summary()
    assert (summary["comments"], summary["projects"], summary["projects_accompanied"], summary["supports"],
            summary["votes"], summary["votes_paper"], summary["presences"], summary["updates"]) == (3, 1, 1, 2, 6, 5,
                                                                                                   1, 1)
    assert [key for key, _text in DEFINITIONS][:2] == ["participant", "anonymous"]


def test_contributions_count_for_their_items_and_every_level_above_once_per_person():
    world = build()
    bilan = compute(world)
    rows = {row.page.pk: row for row in bilan.plan_rows}
    first, second = world["axes"]
    action_a, action_b = world["actions"]
    # Axis 1: comments of people 1 (n odd) and the comité (member present).
    assert rows[action_a.pk].tally.participants == 1
    assert rows[first.pk].tally.participants == 2
    assert rows[first.pk].tally.count("presence") == 1
    # Axis 2: comments of people 0 and 2, the project's two carriers, two supporters,
    # the consultation's voters (and 4 without an account).
    assert rows[second.pk].tally.people == {world["people"][0].pk, world["people"][1].pk, world["people"][2].pk,
                                            world["supporter"].pk, world["voter"].pk}
    assert rows[second.pk].tally.anonymous == 4 and rows[second.pk].tally.count("vote") == 6
    assert rows[action_a.pk].tally.count("update") == 1


def test_roles_and_neighbourhoods_add_up_to_the_participants():
    world = build()
    RegisterMember.objects.create(organisation=world["organisation"], user=world["voter"], name="Votant")
    Subscription.objects.create(member=RegisterMember.objects.get(), starts_on=TODAY - timedelta(days=5),
                                ends_on=TODAY + timedelta(days=5))
    bilan = compute(world)
    roles = dict(bilan.roles)
    assert sum(roles.values()) == bilan.total.participants
    assert roles["Bénévoles"] == 1 and roles["Habitant·es"] == 2 and roles["Adhérent·es au registre"] == 1
    assert sum(count for _label, count in bilan.neighbourhoods) == bilan.total.participants
    public = compute(world, public=True)
    labels = [label for label, _count in public.neighbourhoods]
    assert "Les Tilleuls" not in labels and any(label.startswith("Autres quartiers") for label in labels)
    assert sum(count for _label, count in public.neighbourhoods) == public.total.participants


def test_the_period_bounds_every_count():
    world = build()
    early = bilan_compute(world["organisation"], TODAY - timedelta(days=900), TODAY - timedelta(days=700))
    assert early.total.count("comment") == 1 and early.total.participants == 1
    assert not early.consultations and early.summary()["meetings"] == 0


def test_consultation_turnout_and_committees():
    world = build()
    bilan = compute(world)
    [row] = bilan.consultations
    # The declared people of the organisation today: 3 residents and volunteers, the staff.
    assert (row["online"], row["paper"], row["total"], row["electorate"]) == (1, 5, 6, 4)
    [committee] = bilan.committees
    assert (committee["members"], committee["meetings"], committee["presences"]) == (1, 1, 1)


def test_the_same_figures_on_the_page_in_the_workbook_and_in_the_federation_sum(client):
    federation = OrganisationFactory(title="Fédération", slug="federation", kind="federation")
    centre = OrganisationFactory(parent=federation, title="Centre A", slug="centre-a")
    world = build(centre)
    bilan = compute(world)
    summary = bilan.summary()
    client.force_login(world["staff"])
    html = client.get(reverse("bilan:bilan", args=["centre-a"])).content.decode()
    for key in ("participants", "comments", "votes", "supports"):
        assert f'data-figure="{key}"><dt>' in html
        assert f"<dd>{summary[key]}</dd>" in html.split(f'data-figure="{key}">', 1)[1][:200]
    for definition in ("Un·e participant·e est une personne avec un compte", "Les participations sans compte"):
        assert definition in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("bilan:xlsx", args=["centre-a"])).content))
    figures = {row[0]: row[1] for row in book["Résumé"].iter_rows(min_row=4, values_only=True)}
    assert figures["Participant·es distinct·es"] == summary["participants"] == 6
    assert figures["Votant·es (en ligne et sur papier)"] == summary["votes"]
    assert "Par axe" in book.sheetnames and "Définitions" in book.sheetnames
    # The federation sees the centre once it shares, with the same figures.
    fed_staff = make_staff(federation, "federale")
    client.force_login(fed_staff)
    network = reverse("bilan:network", args=["federation"])
    assert "Centre A" in client.get(network).content.decode().split("Non partagé")[1]
    BilanSharing.objects.create(organisation=centre, level="totaux")
    page = client.get(network).content.decode()
    row = page.split('data-figure="participants">', 1)[1].split("</tr>")[0]
    assert row.count("<td>6</td>") == 2  # the centre's column and the sum
    assert "Participant·es par axe de Centre A" not in page  # totals only
    BilanSharing.objects.filter(organisation=centre).update(level="detail")
    assert "Participant·es par axe de Centre A" in client.get(network).content.decode()
    client.force_login(world["staff"])
    assert client.get(network).status_code == 403


def test_who_reads_what(client):
    world = build()
    slug = world["organisation"].slug
    staff_url, public_url = reverse("bilan:bilan", args=[slug]), reverse("bilan:public", args=[slug])
    assert client.get(staff_url).status_code == 302  # sign in first
    assert client.get(public_url).status_code == 404  # not published
    client.force_login(world["people"][0])
    assert client.get(staff_url).status_code == 403
    assert client.get(reverse("bilan:xlsx", args=[slug])).status_code == 403
    assert client.get(reverse("bilan:evaluation", args=[slug])).status_code == 403
    assert client.get(reverse("bilan:senacs", args=[slug])).status_code == 403
    other = make_staff(OrganisationFactory(title="Ailleurs"), "ailleurs")
    client.force_login(other)
    assert client.get(staff_url).status_code == 403
    client.force_login(world["staff"])
    response = client.post(reverse("bilan:sharing", args=[slug]), {"public": "on", "level": "rien"})
    assert response.status_code == 302
    client.logout()
    page = client.get(public_url)
    assert page.status_code == 200 and "Comité familles" in page.content.decode()
    assert client.get(reverse("bilan:public_xlsx", args=[slug])).status_code == 200


def test_members_only_committees_are_unnamed_in_the_public_version():
    world = build()
    make_committee(world["organisation"], "Bureau secret", visibility="membres")
    public = compute(world, public=True)
    assert "Bureau secret" not in [row["name"] for row in public.committees]
    assert "Bureau secret" in [row["name"] for row in compute(world).committees]


def test_pdf_report_senacs_and_evaluation(client):
    world = build()
    slug = world["organisation"].slug
    client.force_login(world["staff"])
    pdf = client.get(reverse("bilan:pdf", args=[slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from bilan.exports import bilan_pdf_document

    document = bilan_pdf_document(compute(world))
    texts = ["".join(box.text for box in _boxes(page._page_box) if hasattr(box, "text")) for page in document.pages]
    assert "Bilan de la participation" in texts[0]  # the cover
    assert len(texts) >= 5, texts  # cover, summary, a page per axis, the end
    assert any("Familles" in text and "Ateliers parents" in text for text in texts[2:]), texts  # a page per axis
    assert any("Jeunesse" in text and "Chantiers jeunes" in text for text in texts[2:])
    senacs = client.get(reverse("bilan:senacs", args=[slug])).content.decode()
    assert "Heures de bénévolat" in senacs and "à compléter" in senacs
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("bilan:senacs", args=[slug]) + "?format=xlsx").content))
    values = {row[1]: row[2] for row in book.active.iter_rows(min_row=4, values_only=True)}
    assert values["Budget de l’année"] is None and values["Participant·es distinct·es sur la plateforme"] == 6
    evaluation = client.get(reverse("bilan:evaluation", args=[slug])).content.decode()
    assert "Ce qui était prévu" in evaluation and "Avis 1" in evaluation
    chapter = client.get(reverse("bilan:evaluation", args=[slug]) + "?format=pdf")
    assert chapter.content.startswith(b"%PDF")


def test_the_next_plan_starts_as_a_draft_copy(client):
    world = build()
    plan = world["plan"]
    copy = plan_copy(user=world["staff"], plan=plan, title="Projet social 2027-2030", first_year=2027,
                     last_year=2030)
    assert not copy.live and copy.period_start == 2027
    actions = list(copy.get_descendants().type(type(world["actions"][0])).specific())
    assert [a.title for a in actions] == ["Ateliers parents", "Chantiers jeunes"]
    assert all(not a.live and a.status == "" for a in actions)
    assert world["actions"][0].__class__.objects.get(pk=world["actions"][0].pk).status == "in_progress"


def test_query_count_of_the_bilan_pages_is_flat(client):
    counts = []
    for scale, slug in ((1, "petit"), (4, "grand")):
        world = build(OrganisationFactory(title=f"Centre {slug}", slug=slug), scale=scale)
        client.force_login(world["staff"])
        BilanSharing.objects.create(organisation=world["organisation"], public=True)
        counts.append([page_queries(client, reverse(name, args=[slug])) for name in (
            "bilan:bilan", "bilan:public", "bilan:senacs", "bilan:evaluation")])
    assert counts[0] == counts[1], counts


def test_origin_is_a_dimension_a_source_can_fill():
    """Issue 22's "recueilli à l'accueil": a source's contribution with that
    origin counts with the others and in its own column."""
    from bilan import sources

    world = build()
    read = sources.comments

    def with_accueil(scope):
        yield from read(scope)
        yield sources.Contribution("comment", sources.Origin.ACCUEIL, world["member"].pk,
                                   (world["actions"][0].pk,))

    sources.register("comment", sources._sources["comment"].label, with_accueil)
    try:
        bilan = compute(world)
    finally:
        sources.register("comment", sources._sources["comment"].label, read)
    row = next(row for row in bilan.kind_rows if row["kind"] == "comment")
    assert row["origins"] == [3, 0, 1] and row["total"] == 4
    assert dict((origin, n) for origin, _label, n in bilan.origins)[sources.Origin.ACCUEIL] == 1


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_maisons_sharing_one_plan_count_its_actions_once():
    from bilan.network import network_bilans

    cooperation = OrganisationFactory(title="Coopération", slug="coop", kind="cooperation")
    world = build(cooperation)
    maisons = [OrganisationFactory(parent=cooperation, title=f"Maison {n}", slug=f"maison-{n}") for n in (1, 2)]
    for maison in maisons:
        BilanSharing.objects.create(organisation=maison, level="detail")
    view = network_bilans(cooperation, TODAY - timedelta(days=365), TODAY)
    assert [entry["summary"]["actions"] for entry in view["members"]] == [2, 2]
    assert view["totals"]["actions"] == 2 and world["plan"].pk == view["members"][0]["bilan"].plan.pk
