""""En ce moment" on the home and organisation pages (issue 22): what one
can do now, shown to each reader as the detail pages would open it, in a
fixed number of queries whatever the data."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from journal import services as journal_services
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
from tests.consultations.conftest import make_consultation, member_of
from tests.participation.conftest import (  # noqa: F401 - fixtures
    action,
    axis,
    make_committee,
    make_meeting,
    make_staff,
    make_user,
    organisation,
    plan,
    resident,
    seat,
    staff,
)
from tests.projects.conftest import make_project
from tests.queries import MAX_QUERIES, page_queries

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def page_text(user, url) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def world(organisation, staff, action):
    """An open consultation, one to come, a draft and a closed one; a public
    comité's meeting this week and one in a month; a project gathering
    supports and a draft; a journal entry."""
    make_consultation(organisation, staff, title="Le café Reflets : quel nom ?")
    make_consultation(organisation, staff, title="Vote à venir", opens_at=NOW + datetime.timedelta(days=3),
                      closes_at=NOW + datetime.timedelta(days=9), now=NOW + datetime.timedelta(days=3))
    make_consultation(organisation, staff, title="Brouillon de vote", open_=False)
    closed = make_consultation(organisation, staff, title="Vote fini")
    type(closed).objects.filter(pk=closed.pk).update(opens_at=NOW - datetime.timedelta(days=9),
                                                     closes_at=NOW - datetime.timedelta(days=2))
    public = make_committee(organisation, "Comité jardin")
    make_meeting(public, days=3, title="Plantation des bulbes")
    make_meeting(public, days=40, title="Réunion lointaine")
    author = make_user("autrice")
    make_project(organisation, author, title="Un repair café")
    make_project(organisation, author, title="Projet en brouillon", submit=False)
    journal_services.entry_create(user=staff, action=action, date=timezone.localdate(),
                                  text="Premier atelier tenu.")
    return organisation


SHOWN = ["Le café Reflets : quel nom ?", "Plantation des bulbes", "Un repair café", "Café des habitants"]
NOT_SHOWN = ["Vote à venir", "Brouillon de vote", "Vote fini", "Réunion lointaine", "Projet en brouillon"]


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_home_and_organisation_pages_show_what_is_open_now(world, who, resident):
    user = resident if who == "resident" else None
    for url in ("/", world.url):
        text = page_text(user, url)
        section = text[text.index('aria-labelledby="whats-on-heading"'):]
        section = section[: section.index("</section>")]
        for title in SHOWN:
            assert title in section, (url, title)
        for title in NOT_SHOWN:
            assert title not in section, (url, title)


def test_a_vote_already_cast_is_said(world, organisation):
    from consultations import services
    from consultations.models import Consultation

    resident = member_of(organisation, "votante")
    consultation = Consultation.objects.get(title="Le café Reflets : quel nom ?")
    question = consultation.questions.get()
    services.ballot_cast(consultation=consultation, user=resident,
                         answers={question.pk: question.options.first().pk})
    assert "Vous avez voté." in page_text(resident, "/")


def test_nothing_open_says_so(organisation):
    assert "Rien n’est ouvert en ce moment" in page_text(None, organisation.url)


def test_a_members_only_committee_shows_only_to_its_members_and_the_staff(organisation, staff):
    closed = make_committee(organisation, "Bureau restreint", visibility="membres")
    make_meeting(closed, days=2, title="Réunion du bureau secret")
    make_consultation(organisation, staff, title="Vote du bureau secret", committee=closed)
    member = make_user("membre")
    seat(closed, member)
    other_staff = make_staff(OrganisationFactory(title="Autre centre"), "autre")
    for user in (None, make_user("habitante"), other_staff):
        for url in ("/", organisation.url):
            text = page_text(user, url)
            assert "bureau secret" not in text, (user, url)
    for user in (member, staff):
        for url in ("/", organisation.url):
            text = page_text(user, url)
            assert "Réunion du bureau secret" in text and "Vote du bureau secret" in text, (user, url)


def test_an_organisation_page_shows_its_own_and_those_within_it(organisation, staff):
    maison = OrganisationFactory(parent=organisation, title="Maison des Lilas")
    elsewhere = OrganisationFactory(title="Centre ailleurs")
    make_consultation(maison, make_staff(maison), title="Vote des Lilas")
    make_consultation(elsewhere, make_staff(elsewhere), title="Vote d’ailleurs")
    text = page_text(None, organisation.url)
    assert "Vote des Lilas" in text and "Vote d’ailleurs" not in text
    home = page_text(None, "/")
    assert "Vote des Lilas" in home and "Vote d’ailleurs" in home


def test_a_private_branch_shows_nowhere_else(organisation, staff):
    """An organisation, or a plan item, under Wagtail's privacy: left out of
    the home page and of a parent's page for everyone (cms/visibility.py)."""
    hidden = OrganisationFactory(parent=organisation, title="Maison confidentielle")
    make_consultation(hidden, make_staff(hidden), title="Vote confidentiel")
    make_project(hidden, make_user("porteur"), title="Projet confidentiel")
    make_meeting(make_committee(hidden, "Comité confidentiel"), days=2, title="Réunion confidentielle")
    board = Group.objects.create(name="Bureau")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.GROUPS).groups.set([board])
    branch = AxisFactory(parent=PlanFactory(parent=organisation, slug="plan-prive"), number="9", title="Axe")
    secret = ActionFactory(parent=branch, number="9.1", title="Action confidentielle")
    PageViewRestriction.objects.create(page=branch, restriction_type=PageViewRestriction.LOGIN)
    journal_services.entry_create(user=staff, action=secret, date=timezone.localdate(), text="Rien à dire.")
    reader = make_user("lecteur")
    reader.groups.add(board)
    for user in (None, reader, staff):
        for url in ("/", organisation.url):
            assert "confidentiel" not in page_text(user, url), (user, url)


def _grow(organisation, staff, n):
    committee = make_committee(organisation, f"Comité {n}")
    author = make_user(f"auteur{n}")
    for i in range(n):
        make_consultation(organisation, staff, title=f"Vote {n}-{i}")
        make_meeting(committee, days=1 + i, title=f"Réunion {n}-{i}")
        make_project(organisation, author, title=f"Projet {n}-{i}")


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_query_counts_do_not_grow_with_what_is_on(client, organisation, staff, action, who):
    if who == "staff":
        client.force_login(staff)
    counts = []
    for n in (1, 6):
        _grow(organisation, staff, n)
        journal_services.entry_create(user=staff, action=action, date=timezone.localdate(), text=f"Étape {n}.")
        counts.append([page_queries(client, url) for url in ("/", organisation.url)])
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= MAX_QUERIES, counts
