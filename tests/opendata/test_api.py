"""The public API, /api/v1/: described by its schema, paged, filtered, with
ETags; only what a visitor may read (tests/test_leaks.py walks every one of
its addresses as a visitor, a resident and other staff, with markers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import ActionPage, OrganisationPage, PlanPage
from cms.selectors import plan_subtree
from committees.models import Meeting
from consultations.models import Consultation, ResultsVisibility
from projects.models import Partner, Project

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_the_schema_describes_every_endpoint(client):
    schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "Plan Commun"
    assert {"/api/v1/organisations/", "/api/v1/organisations/{slug}/", "/api/v1/plans/", "/api/v1/plans/{pk}/",
            "/api/v1/actions/", "/api/v1/actions/{pk}/", "/api/v1/projects/", "/api/v1/projects/{pk}/",
            "/api/v1/consultations/", "/api/v1/consultations/{pk}/", "/api/v1/committees/", "/api/v1/meetings/",
            "/api/v1/partners/"} <= set(schema["paths"])
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_lists_are_paged(client, demo_data):
    first = get(client, "/api/v1/organisations/?page_size=3")
    assert first["count"] == OrganisationPage.objects.live().count() and len(first["items"]) == 3
    second = get(client, "/api/v1/organisations/?page_size=3&page=2")
    assert not {o["slug"] for o in first["items"]} & {o["slug"] for o in second["items"]}
    get(client, "/api/v1/organisations/?page_size=1000", status=422)
    get(client, "/api/v1/organisations/?page=0", status=422)
    get(client, "/api/v1/organisations/?page=999999999999999999999", status=422)


def test_organisations_say_their_parent_and_feeds(client, demo_data):
    maison = get(client, "/api/v1/organisations/maison-1/")
    assert maison["parent"] == "cooperation-trois-lieux"
    assert maison["feeds"]["rss"] == "http://testserver/flux/maison-1/rss.xml"
    get(client, "/api/v1/organisations/nobody/", status=404)


def test_a_plan_comes_with_its_tree(client, demo_data):
    plan = PlanPage.objects.get(slug="plan-strategique-2021-2024")
    data = get(client, f"/api/v1/plans/{plan.pk}/")
    assert data["organisation"] == "entraide-et-solidarites" and data["url"] == f"http://testserver{plan.url}"

    def count(nodes):
        return sum(1 + count(node["children"]) for node in nodes)

    def walk(node):
        return sum(1 + walk(child) for child in node.children)

    assert count(data["tree"]) == walk(plan_subtree(plan)) > 50
    assert data["tree"][0]["level"] == "axis"
    plans = get(client, "/api/v1/plans/?organisation=entraide-et-solidarites")
    assert [p["id"] for p in plans["items"]] == [plan.pk]


def test_actions_filter_and_detail(client, demo_data):
    in_progress = get(client, "/api/v1/actions/?status=in_progress&page_size=100")
    assert in_progress["count"] == ActionPage.objects.live().filter(status="in_progress").count() > 0
    assert {a["status"] for a in in_progress["items"]} == {"in_progress"}
    get(client, "/api/v1/actions/?status=bogus", status=422)
    action = ActionPage.objects.live().filter(journal_entries__isnull=False).first()
    detail = get(client, f"/api/v1/actions/{action.pk}/")
    assert detail["journal"] and detail["journal"][0]["url"].startswith("http://testserver/journal/")
    assert "indicators" in detail and detail["plan"] == action.plan_id


def test_projects_are_the_public_ones(client, demo_data):
    data = get(client, "/api/v1/projects/")
    assert {p["id"] for p in data["items"]} == set(Project.objects.public().values_list("pk", flat=True))
    assert get(client, "/api/v1/projects/?organisation=cerise&status=accompagne")["count"] >= 1


def test_results_only_once_shown_to_everyone(client, demo_data):
    closed = Consultation.objects.published().get(title__startswith="Les priorités")
    data = get(client, f"/api/v1/consultations/{closed.pk}/")
    assert data["results"] and data["results"][0]["lines"]
    assert "ballots" in data["results"][0] and "voter" not in str(data)
    open_one = Consultation.objects.published().get(title__startswith="Quelle formule")
    Consultation.objects.filter(pk=open_one.pk).update(results_visibility=ResultsVisibility.AFTER)
    data = get(client, f"/api/v1/consultations/{open_one.pk}/")
    assert data["status"] == "ouverte" and data["results_visible"] is False and data["results"] is None


def test_etags_answer_not_modified(client, demo_data):
    response = client.get("/api/v1/projects/")
    tag = response["ETag"]
    assert tag.startswith('"') and response["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again["ETag"] == tag and not again.content
    Project.objects.public().update(summary="Changé")
    assert client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_api_only_reads(client, demo_data):
    assert client.post("/api/v1/projects/").status_code == 405
    assert client.delete(f"/api/v1/projects/{Project.objects.public().first().pk}/").status_code == 405


def test_meetings_are_those_of_public_committees(client, demo_data):
    data = get(client, "/api/v1/meetings/?page_size=100")
    assert data["count"] == Meeting.objects.public().count() < Meeting.objects.count()
    members_only = Meeting.objects.exclude(committee__visibility="public").first()
    assert members_only.pk not in {meeting["id"] for meeting in data["items"]}


def test_partners_come_without_their_contacts(client, demo_data):
    partner = Partner.objects.exclude(contact_email="").first()
    response = client.get("/api/v1/partners/?page_size=100")
    assert partner.pk in {item["id"] for item in response.json()["items"]}
    text = response.content.decode()
    assert partner.contact_email not in text and "contact" not in text


@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/plans/", "/api/v1/actions/",
                                 "/api/v1/projects/", "/api/v1/consultations/", "/api/v1/committees/",
                                 "/api/v1/meetings/", "/api/v1/partners/"])
def test_a_list_reads_a_fixed_number_of_queries(client, demo_data, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url + "?page_size=100")
    assert len(captured) <= 10, [query["sql"][:120] for query in captured]
