"""The Wagtail admin as an attacker with a staff account of another centre
(issue 18, item 4): the administrator of Maison Alpha walks every admin view
with the ids of Centre Beta's objects, whose texts all carry a marker.

- Every admin URL pattern (Wagtail's and our hooks') has a scoping decision
  in participation/admin_scoping/table.py; a new one without fails here.
- GET of each view, with the other centre's ids and with search words,
  filters and exports in the query string, never shows the marker; the
  views kept for superusers answer 403.
- POST to each view with the other centre's ids changes nothing of it and
  gives the staff nothing more.
- Then the attacks one by one: indicators (open, change, delete, create or
  move onto the other centre's page, over-post its measured values, bulk
  delete, choosers, exports), pages, users and groups (the plan import:
  tests/cms/test_import_admin.py; the organisations' groups:
  tests/participation/test_admin_groups.py).
One dataset for the module (tests/admin_world.py), rolled back at its end.
"""

import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, TaskState

from cms.models import Indicator, IndicatorValue, OrganisationPage
from participation.admin_scoping import ADMIN_VIEWS
from participation.admin_scoping.guard import SUPERUSER, Decision, guard
from tests.admin_world import MARK, build_world, fingerprint
from tests.queries import MAX_QUERIES, page_queries

pytestmark = pytest.mark.django_db
EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff)
    return client


# --- The URL resolver's admin views -----------------------------------------

def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def admin_views() -> list[tuple[str, str]]:
    """(the table's key: URL name, or route when unnamed; the route) of
    every URL pattern under /admin/."""
    return [(name or route, route) for route, name in _walk(get_resolver().url_patterns)
            if route.startswith(("admin/", "^admin/"))]


def test_every_admin_view_has_a_scoping_decision():
    keys = {key for key, _route in admin_views()}
    missing, stale = sorted(keys - set(ADMIN_VIEWS)), sorted(set(ADMIN_VIEWS) - keys)
    assert not missing, f"decide how these admin views are scoped (participation/admin_scoping/table.py): {missing}"
    assert not stale, f"no such admin view any more: {stale}"


def test_a_view_without_a_decision_is_refused_to_staff_and_open_to_superusers(world):
    request = RequestFactory().get("/admin/new/")
    request.resolver_match = type("Match", (), {"view_name": "new_admin_view", "route": "admin/new/"})()
    view = guard(lambda request: "shown", {})
    request.user = world.staff
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = world.superuser
    assert view(request) == "shown"
    superusers = guard(lambda request: "shown", {"new_admin_view": Decision(SUPERUSER, "")})
    request.user = world.staff
    with pytest.raises(PermissionDenied):
        superusers(request)


# --- Walking every admin view with the other centre's ids -------------------

# What each URL argument names in the attack: the other centre's object.
ARGUMENTS = {
    "page_id": "action", "parent_page_id": "axis", "page_to_move_id": "action", "destination_id": "axis",
    "revision_id": "revision", "revision_id_a": "revision", "revision_id_b": "latest_revision",
    "task_state_id": "task_state", "workflow_state_id": "workflow_state", "task_id": "task", "image_id": "image",
    "document_id": "document", "doc_id": "document", "redirect_id": "redirect", "collection_id": "collection",
    "page_pk": "draft", "workflow_pk": "workflow", "session_id": "editing_session", "uploaded_file_id": "upload",
}
# `pk`, by the URL name's namespace (the longest that matches).
PKS = {
    "wagtailsnippets_cms_indicator": "indicator", "wagtailsnippetchoosers_cms_indicator": "indicator",
    "wagtailsnippets_cms_actiontag": "actiontag", "wagtailsnippetchoosers_cms_actiontag": "actiontag",
    "wagtailsnippets_committees_committee": "committee", "wagtailsnippetchoosers_committees_committee": "committee",
    "wagtailsnippets_committees_meeting": "meeting", "wagtailsnippetchoosers_committees_meeting": "meeting",
    "wagtailadmin_pages": "action", "wagtailadmin_api:pages": "action", "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document", "wagtailsites": "site", "wagtailusers_users": "user",
    "wagtailusers_groups": "group", "wagtailadmin_workflows": "workflow", "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:enable_task": "task", "wagtailadmin_workflows:disable_task": "task",
    "wagtailadmin_collections": "collection", "wagtaildocs_chooser": "document", "wagtailimages_chooser": "image",
    "wagtailsettings": "site",
}
# Views naming a model: (its URL arguments, the other centre's object of it).
MODEL_TARGETS = [("wagtailcore", "page", "action"), ("cms", "indicator", "indicator"), ("cms", "actiontag", "actiontag"),
                 ("committees", "committee", "committee"), ("committees", "meeting", "meeting"),
                 ("wagtailimages", "image", "image"), ("wagtaildocs", "document", "document"),
                 ("participation", "user", "user")]
FIXED = {"filter_spec": "original", "uidb64": "MQ", "token": "x", "action_name": "approve", "model": "committee",
         "rest": "", "content_type_app_name": "cms", "content_type_model_name": "actionpage"}


def _arguments(route: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]


def attack_urls(world) -> list[tuple[str, str]]:
    """(table key, URL) for every admin view, its arguments naming the other
    centre's objects; several URLs for the views that name a model."""
    ids = world.ids
    urls = []
    for key, route in admin_views():
        names = _arguments(route)
        if key == "wagtail_bulk_action":
            for (app_label, model_name), action in _bulk_actions():
                target = next(t for a, m, t in MODEL_TARGETS if (a, m) == (app_label, model_name))
                base = reverse(key, args=[app_label, model_name, action])
                urls += [(key, f"{base}?id={ids[target]}"), (key, f"{base}?id=all&childOf={ids['axis']}"),
                         (key, f"{base}?id=all"), (key, f"{base}?id=all&q=brouillon")]
            continue
        if key == "wagtailadmin_editing_sessions:ping":
            urls += [(key, reverse(key, args=[a, m, ids[t], ids["editing_session"]])) for a, m, t in MODEL_TARGETS]
            continue
        kwargs = {}
        for name in names:
            if name == "pk":
                namespace = max((n for n in PKS if key == n or key.startswith(n + ":")), key=len)
                kwargs[name] = ids[PKS[namespace]]
            elif name in ARGUMENTS:
                kwargs[name] = ids[ARGUMENTS[name]]
            elif name in ("app_label", "model_name", "app_name"):
                pair = {"wagtailadmin_pages:choose_parent": ("cms", "actionpage"),
                        "wagtailadmin_workflows:add_task": ("wagtailcore", "groupapprovaltask"),
                        "wagtailsettings:edit": ("privacy", "legaltexts"),
                        "wagtailsettings:preview_on_edit": ("privacy", "legaltexts")}.get(
                    key, ("wagtailimages", "image"))
                kwargs[name] = pair[0] if name in ("app_label", "app_name") else pair[1]
            else:
                kwargs[name] = FIXED[name]
        if key.startswith("^admin") or key.startswith("admin/"):
            url = "/admin/snippets/participation/committee/" if "participation" in key else "/admin/test404/"
        else:
            url = reverse(key, kwargs=kwargs)
        urls.append((key, url))
    return urls


def _bulk_actions():
    bulk_action_registry._scan_for_bulk_actions()
    return [((app_label, model_name), action)
            for app_label, models in bulk_action_registry.actions.items()
            for model_name, actions in models.items() for action in actions]


def content(response) -> str:
    """The text of a response, streamed or not, XLSX cells included."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"".join(archive.read(name) for name in archive.namelist())
    return data.decode(errors="replace")


def queries(world) -> list[str]:
    """Search words of the marked texts (not the marker: it would be echoed),
    filters naming the other centre's objects, orderings, exports."""
    ids = world.ids
    return ["q=brouillon", "q=indicateur", "q=comite", "q=reunion", "q=action", "q=ZQ",
            f"page={ids['action']}&organisation={ids['organisation']}&committee={ids['committee']}"
            f"&collection_id={ids['collection']}&id={ids['indicator']}",
            f"child_of={ids['axis']}&descendant_of={ids['organisation']}&for_explorer=1&html_path=/beta/",
            f"id={ids['action']}", "ordering=-name", "ordering=page", "export=csv", "export=xlsx"]


def test_no_admin_view_shows_another_organisations_data(client, world):
    leaks, refused = [], []
    for key, url in attack_urls(world):
        client.force_login(world.staff)  # again: the walk passes the logout
        response = client.get(url)
        if MARK in content(response):
            leaks.append(f"{key}: {url}")
        if ADMIN_VIEWS[key].kind == SUPERUSER and response.status_code != 403:
            refused.append(f"{key}: {url} answered {response.status_code}")
        if response.status_code != 200 or key == "wagtailadmin_logout":
            continue
        for query in queries(world):
            if MARK in content(client.get(f"{url}{'&' if '?' in url else '?'}{query}")):
                leaks.append(f"{key}: {url} ?{query}")
    assert not leaks, "another organisation's data shown:\n" + "\n".join(leaks)
    assert not refused, "views for superusers open to staff:\n" + "\n".join(refused)


def test_the_walk_finds_the_markers_where_a_superuser_may_see_them(client, world):
    """The walk can fail: the same requests show the marker to a superuser."""
    client.force_login(world.superuser)
    ids = world.ids
    for url in (reverse("wagtailsnippets_cms_indicator:list"), reverse("wagtailadmin_explore", args=[ids["axis"]]),
                reverse("wagtailadmin_pages:search") + "?q=brouillon", reverse("wagtailadmin_reports:site_history"),
                reverse("wagtailsnippetchoosers_committees_committee:choose"), reverse("wagtailimages:index"),
                reverse("wagtailsnippets_cms_indicator:list") + "?export=xlsx",
                reverse("wagtailadmin_choose_page_child", args=[ids["axis"]])):
        assert MARK in content(client.get(url)), url


def _attack_payload(world) -> dict:
    """Every field that names something names the other centre's."""
    ids = world.ids
    return {
        "title": "pirate", "name": "pirate", "slug": "pirate", "page": ids["action"], "organisation": ids["organisation"],
        "committee": ids["committee"], "new_parent_page": ids["axis"], "new_title": "pirate", "new_slug": "pirate",
        "copy_subpages": "on", "publish_copies": "on", "action-publish": "1", "restriction_type": "login",
        "old_path": "/pirate", "redirect_page": ids["action"], "collection": ids["collection"], "is_superuser": "on",
        "groups": ids["group"], "email": "pirate@example.org", "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1", "values-0-id": ids["value"], "values-0-date": "2024-01-01",
        "values-0-value": "666", "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "position": "0",
        "is_editing": "1", "revision_id": ids["revision"], "chooser": ids["axis"], "logo": ids["image"],
    }


def test_no_admin_post_shows_or_changes_another_organisations_data_or_the_staffs_rights(client, world):
    payload = _attack_payload(world)
    before = fingerprint(world)
    changed = []
    client.raise_request_exception = False  # Wagtail's link chooser fails on a form it never sends
    for key, url in attack_urls(world):
        if key == "wagtailadmin_error_test":
            continue
        client.force_login(world.staff)
        response = client.post(url, payload)
        if MARK in content(response):
            changed.append(f"{key}: {url} showed another organisation's data")
        after = fingerprint(world)
        changed += [f"{key}: {url} changed {name}" for name in before if before[name] != after[name]]
        before = after
    assert not changed, "\n".join(changed)


# --- Indicators ---------------------------------------------------------------

def indicator_data(page, name="Taux de participation", values=()):
    data = {"page": page, "name": name, "unit": "", "target": "", "description": "",
            "values-TOTAL_FORMS": str(len(values)), "values-INITIAL_FORMS": str(sum(1 for v in values if "id" in v)),
            "values-MIN_NUM_FORMS": "0", "values-MAX_NUM_FORMS": "1000"}
    for index, value in enumerate(values):
        data.update({f"values-{index}-{field}": item for field, item in value.items()})
    return data


def test_staff_list_and_open_only_their_organisations_indicators(staff_client, world):
    listing = content(staff_client.get(reverse("wagtailsnippets_cms_indicator:list")))
    assert "Indicateur Alpha" in listing and MARK not in listing
    assert staff_client.get(reverse("wagtailsnippets_cms_indicator:edit", args=[world.my_ids["indicator"]])
                            ).status_code == 200
    for view in ("edit", "delete", "history", "usage"):
        response = staff_client.get(reverse(f"wagtailsnippets_cms_indicator:{view}", args=[world.ids["indicator"]]))
        assert response.status_code == 404, view


def test_staff_cannot_change_or_delete_another_organisations_indicator(staff_client, world):
    theirs = world.ids["indicator"]
    edit = staff_client.post(reverse("wagtailsnippets_cms_indicator:edit", args=[theirs]),
                             indicator_data(world.ids["action"], name="pirate"))
    delete = staff_client.post(reverse("wagtailsnippets_cms_indicator:delete", args=[theirs]))
    assert edit.status_code == 404 and delete.status_code == 404
    assert Indicator.objects.get(pk=theirs).name == f"{MARK} indicateur"


def test_an_indicator_is_created_on_ones_own_page_only(staff_client, world):
    url = reverse("wagtailsnippets_cms_indicator:add")
    refused = staff_client.post(url, indicator_data(world.ids["action"]))
    assert refused.status_code == 200 and refused.context["form"].errors["page"]
    assert not Indicator.objects.filter(name="Taux de participation").exists()
    accepted = staff_client.post(url, indicator_data(world.my_ids["action"]))
    assert accepted.status_code == 302
    assert Indicator.objects.get(name="Taux de participation").page_id == world.my_ids["action"]


def test_an_indicator_cannot_be_moved_onto_another_organisations_page(staff_client, world):
    mine = world.my_ids["indicator"]
    response = staff_client.post(reverse("wagtailsnippets_cms_indicator:edit", args=[mine]),
                                 indicator_data(world.ids["action"], name="Indicateur Alpha"))
    assert response.status_code == 200 and response.context["form"].errors["page"]
    assert Indicator.objects.get(pk=mine).page_id == world.my_ids["action"]


def test_another_indicators_measured_value_cannot_be_posted_into_ones_own(staff_client, world):
    """Over-posting the id of the other centre's value in the inline form."""
    value = IndicatorValue.objects.get(pk=world.ids["value"])
    staff_client.post(reverse("wagtailsnippets_cms_indicator:edit", args=[world.my_ids["indicator"]]),
                      indicator_data(world.my_ids["action"], name="Indicateur Alpha", values=[
                          {"id": value.pk, "date": "2024-01-01", "value": "666", "note": "pirate"}]))
    value.refresh_from_db()
    assert (value.indicator_id, value.value, value.note) == (world.ids["indicator"], 3, f"{MARK} note")


def test_the_indicator_form_offers_only_ones_own_pages(staff_client, world):
    form = staff_client.get(reverse("wagtailsnippets_cms_indicator:add")).context["form"]
    offered = set(form.fields["page"].queryset.values_list("pk", flat=True))
    assert world.my_ids["action"] in offered and world.ids["action"] not in offered
    assert not offered & set(Page.objects.descendant_of(Page.objects.get(pk=world.ids["organisation"]), inclusive=True)
                             .values_list("pk", flat=True))


def test_the_page_chooser_offers_only_ones_own_organisation(staff_client, world):
    chooser = content(staff_client.get(reverse("wagtailadmin_choose_page"), {
        "page_type": "cms.actionpage,cms.axispage,cms.planpage"}))
    assert "Maison Alpha" in chooser and "Centre Beta" not in chooser
    search = content(staff_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "action"}))
    assert "Action Alpha" in search and MARK not in search
    assert staff_client.get(reverse("wagtailadmin_choose_page_child", args=[world.ids["axis"]])).status_code == 404


def test_bulk_deletion_reaches_only_ones_own_indicators(staff_client, world):
    url = reverse("wagtail_bulk_action", args=["cms", "indicator", "delete"])
    assert staff_client.get(f"{url}?id={world.ids['indicator']}").status_code == 404
    staff_client.post(f"{url}?id={world.ids['indicator']}&id={world.my_ids['indicator']}")
    assert Indicator.objects.filter(pk__in=[world.ids["indicator"], world.my_ids["indicator"]]).count() == 2
    confirm = content(staff_client.get(f"{url}?id=all"))
    assert "Indicateur Alpha" in confirm and MARK not in confirm
    staff_client.post(f"{url}?id=all")
    assert not Indicator.objects.filter(pk=world.my_ids["indicator"]).exists()
    assert Indicator.objects.filter(pk=world.ids["indicator"]).exists()


def test_the_indicator_exports_hold_only_ones_own(staff_client, world):
    for export in ("csv", "xlsx"):
        text = content(staff_client.get(reverse("wagtailsnippets_cms_indicator:list"), {"export": export}))
        assert "Indicateur Alpha" in text and MARK not in text, export


def test_choosers_of_comites_and_meetings_offer_only_ones_own(staff_client, world):
    for model, mine, theirs in (("committee", "Comite Alpha", "committee"), ("meeting", "Reunion Alpha", "meeting")):
        listing = content(staff_client.get(reverse(f"wagtailsnippetchoosers_committees_{model}:choose")))
        assert mine in listing and MARK not in listing
        chosen = staff_client.get(reverse(f"wagtailsnippetchoosers_committees_{model}:chosen",
                                          args=[world.ids[theirs]]))
        assert chosen.status_code == 404


# --- Pages --------------------------------------------------------------------

def test_another_organisations_pages_cannot_be_changed(staff_client, world):
    ids = world.ids
    before = fingerprint(world)["pages"]
    attempts = [
        (reverse("wagtailadmin_pages:delete", args=[ids["action"]]), {}),
        (reverse("wagtailadmin_pages:unpublish", args=[ids["action"]]), {}),
        (reverse("wagtailadmin_pages:lock", args=[ids["draft"]]), {}),
        (reverse("wagtailadmin_pages:unlock", args=[ids["action"]]), {}),
        (reverse("wagtailadmin_pages:set_privacy", args=[ids["action"]]), {"restriction_type": "none"}),
        (reverse("wagtailadmin_pages:revisions_revert", args=[ids["action"], ids["revision"]]), {}),
        (reverse("wagtailadmin_pages:move_confirm", args=[ids["action"], world.my_ids["axis"]]), {}),
        # One's own page into the other centre's tree.
        (reverse("wagtailadmin_pages:move_confirm", args=[world.my_ids["action"], ids["axis"]]), {}),
        (reverse("wagtailadmin_pages:add", args=["cms", "actionpage", ids["axis"]]),
         {"title": "pirate", "slug": "pirate", "number": "9.9", "action-publish": "1"}),
    ]
    for url, data in attempts:
        response = staff_client.post(url, data)
        assert response.status_code == 404, url
    assert fingerprint(world)["pages"] == before
    assert not Page.objects.filter(slug__in=["copie", "pirate"]).exists()


def test_ones_own_pages_cannot_take_or_show_another_organisations_objects(staff_client, world):
    """Over-posting ids into one's own page forms: the logo (an image one may
    not choose), the copy's destination, a bulk move's destination."""
    ids, mine = world.ids, world.my_ids
    response = staff_client.post(reverse("wagtailadmin_pages:edit", args=[mine["organisation"]]), {
        "title": "Maison Alpha", "slug": "alpha", "kind": "centre_social", "territory": "", "address": "",
        "email": "", "website": "", "description": EMPTY_RICH_TEXT, "logo": ids["image"], "open_data_licence": "etalab-2.0",
        "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "action-publish": "1"})
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    assert MARK not in content(response)
    assert OrganisationPage.objects.get(pk=mine["organisation"]).logo_id is None
    copy = staff_client.post(reverse("wagtailadmin_pages:copy", args=[mine["action"]]),
                             {"new_title": "Copie", "new_slug": "copie", "new_parent_page": ids["axis"]})
    move = staff_client.post(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"]) +
                             f"?id={mine['action']}", {"chooser": ids["axis"]})
    assert copy.status_code == 404 and move.status_code == 404
    assert not Page.objects.filter(slug="copie").exists()
    assert Page.objects.get(pk=mine["action"]).get_parent().pk == mine["axis"]


def test_a_task_of_another_organisations_page_cannot_be_acted_on_through_ones_own(staff_client, world):
    url = reverse("wagtailadmin_pages:workflow_action", args=[world.my_ids["action"], "approve", world.ids["task_state"]])
    assert staff_client.post(url).status_code == 404
    assert TaskState.objects.get(pk=world.ids["task_state"]).status == TaskState.STATUS_IN_PROGRESS


# --- Users and groups, the moderation queue, Django's admin -----------------

def test_staff_cannot_manage_users_or_groups_nor_raise_themselves(staff_client, world):
    for url in (reverse("wagtailusers_users:index"), reverse("wagtailusers_groups:index"),
                reverse("wagtailusers_users:edit", args=[world.staff.pk]),
                reverse("wagtailusers_groups:edit", args=[world.ids["group"]])):
        assert staff_client.get(url).status_code == 403, url
    staff_client.post(reverse("wagtailusers_users:edit", args=[world.staff.pk]), {
        "username": world.staff.username, "email": world.staff.email, "is_superuser": "on", "is_active": "on",
        "groups": [world.ids["group"]]})
    staff_client.post(reverse("wagtailadmin_account"), {"is_superuser": "on", "groups": [world.ids["group"]]})
    staff = get_user_model().objects.get(pk=world.staff.pk)
    assert not staff.is_superuser and not staff.groups.filter(pk=world.ids["group"]).exists()


def test_the_moderation_queue_refuses_another_organisation_as_a_filter(staff_client, world):
    response = staff_client.get(reverse("participation_moderation"), {"organisation": world.ids["organisation"]})
    assert response.status_code == 403 and MARK not in content(response)


def test_djangos_admin_is_no_door_for_organisation_staff(staff_client):
    response = staff_client.get("/django-admin/")
    assert response.status_code in (302, 404) and MARK not in content(response)


def test_menus_lead_only_where_the_guard_lets_staff_in(staff_client):
    html = content(staff_client.get(reverse("wagtailadmin_home")))
    for refused in ("wagtailadmin_reports:site_history", "wagtailadmin_reports:page_types_usage",
                    "wagtailusers_users:index", "wagtailimages:index"):
        assert f'"{reverse(refused)}"' not in html, refused
    assert reverse("wagtailsnippets_cms_indicator:list") in html


def test_the_indicator_csv_export_neutralises_formulas(staff_client, world):
    Indicator.objects.filter(pk=world.my_ids["indicator"]).update(name="=HYPERLINK(\"http://x\")")
    text = content(staff_client.get(reverse("wagtailsnippets_cms_indicator:list"), {"export": "csv"}))
    assert "'=HYPERLINK" in text


def test_the_indicator_list_reads_a_fixed_number_of_queries(staff_client, world):
    url = reverse("wagtailsnippets_cms_indicator:list")
    counts = []
    for extra in (0, 10):
        for number in range(extra):
            Indicator.objects.create(page_id=world.my_ids["action"], name=f"Indicateur {number}")
        counts.append(page_queries(staff_client, url))
    assert counts[0] == counts[1] and counts[1] <= MAX_QUERIES + 10, counts
