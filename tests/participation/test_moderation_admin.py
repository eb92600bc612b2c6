"""The moderation queue in the Wagtail admin: who sees which organisation's
comments, the actions and their log, the policy switch, and flat query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.models import Comment, CommentReport, Membership, ModerationEvent, ModerationPolicy
from participation.services import comment_post, comment_report, membership_sync_admin_access
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

from .conftest import make_staff, make_user

pytestmark = pytest.mark.django_db
URL = "/admin/moderation/"


def admin_staff(organisation, name=None, role="salarie"):
    """Staff with the admin access their accepted role gives them."""
    user = make_staff(organisation, name, role=role)
    membership_sync_admin_access(user=user, organisation=organisation)
    return user


def other_action():
    organisation = OrganisationFactory(title="Maison de quartier des Tilleuls")
    plan = PlanFactory(parent=organisation)
    return organisation, ActionFactory(parent=AxisFactory(parent=plan), number="2.1", title="Jardin partagé")


def act(client, comment, action, reason="", url=URL):
    return client.post(url, {"form": "comment", "comment": comment.pk, "action": action, "reason": reason})


@pytest.fixture
def moderator(organisation, client):
    user = admin_staff(organisation, "claire")
    client.force_login(user)
    return user


@pytest.fixture
def pre_moderated(organisation):
    return ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)


def test_url_and_menu_item(client, moderator, action, resident, pre_moderated):
    assert reverse("participation_moderation") == URL
    comment_post(user=resident, target=action, text="En attente")
    page = client.get("/admin/").content.decode()
    assert re.search(r'"name": "moderation", "label": "[^"]+ \(1\)".*?"url": "/admin/moderation/"', page)


def test_the_menu_item_is_hidden_from_editors_who_are_not_staff(client, organisation):
    from cms.services import organisation_editors_group

    editor = make_user("communication")
    editor.groups.add(organisation_editors_group(organisation))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert URL not in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 403


def test_staff_see_only_their_organisations_queue(client, moderator, action, resident, pre_moderated):
    _other, elsewhere = other_action()
    comment_post(user=resident, target=action, text="Ici, chez nous")
    comment_post(user=resident, target=elsewhere, text="Chez les voisins")
    html = client.get(URL).content.decode()
    assert "Ici, chez nous" in html and "Chez les voisins" not in html
    assert f'{action.url}#comment-' in html  # a link to where it was posted


def test_naming_another_organisation_is_refused(client, moderator, action):
    other, _elsewhere = other_action()
    assert client.get(URL, {"organisation": other.pk}).status_code == 403


def test_staff_of_several_organisations_filter_and_superusers_see_all(client, organisation, action, resident):
    other, elsewhere = other_action()
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    ModerationPolicy.objects.create(organisation=other, pre_moderation=True)
    comment_post(user=resident, target=action, text="Ici, chez nous")
    comment_post(user=resident, target=elsewhere, text="Chez les voisins")
    both = admin_staff(organisation, "double")
    Membership.objects.create(user=both, organisation=other, role="salarie", status="accepted")
    client.force_login(both)
    html = client.get(URL).content.decode()
    assert "Ici, chez nous" in html and "Chez les voisins" in html and 'name="organisation"' in html
    html = client.get(URL, {"organisation": other.pk}).content.decode()
    assert "Chez les voisins" in html and "Ici, chez nous" not in html
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    html = client.get(URL).content.decode()
    assert "Ici, chez nous" in html and "Chez les voisins" in html


def test_residents_have_no_access(client, action, resident, pre_moderated):
    comment = comment_post(user=resident, target=action, text="En attente")
    client.force_login(resident)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "En attente" not in response.content.decode()
    assert act(client, comment, "approve").status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.is_pending


def test_staff_of_another_organisation_cannot_act(client, action, resident):
    other, _elsewhere = other_action()
    comment = comment_post(user=resident, target=action, text="Pas chez vous")
    client.force_login(admin_staff(other, "dora"))
    assert act(client, comment, "hide", reason="Je n'aime pas").status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden and not ModerationEvent.objects.exists()


def test_approve_publishes_a_pending_comment(client, moderator, action, resident, neighbour, pre_moderated):
    comment = comment_post(user=resident, target=action, text="Mon avis en attente")
    client.force_login(neighbour)
    assert "Mon avis en attente" not in client.get(action.url).content.decode()
    client.force_login(moderator)
    response = act(client, comment, "approve", url=f"{URL}?state=pending")
    assert response.status_code == 302 and response.url == f"{URL}?state=pending"
    comment.refresh_from_db()
    assert comment.is_public and comment.is_readable
    client.force_login(neighbour)
    assert "Mon avis en attente" in client.get(action.url).content.decode()


def test_hide_needs_a_reason_then_the_page_says_it_was_hidden(client, moderator, action, resident):
    comment = comment_post(user=resident, target=action, text="Propos déplacé")
    response = act(client, comment, "hide", reason="   ")
    html = response.content.decode()
    assert response.status_code == 200 and "Indiquez un motif" in html  # the service's message, in French
    comment.refresh_from_db()
    assert not comment.is_hidden
    response = act(client, comment, "hide", reason="Propos insultants")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Propos insultants"
    page = client.get(action.url).content.decode()
    assert "Commentaire masqué par la modération." in page and "Propos déplacé" not in page
    assert "Propos insultants" in client.get(URL, {"state": "hidden"}).content.decode()


def test_a_refused_action_keeps_the_typed_reason(client, moderator, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Signalé deux fois")
    comment_report(comment=comment, user=neighbour, reason="abuse")
    act(client, comment, "hide", reason="Premier modérateur")  # someone else was quicker
    response = client.post(f"{URL}?state=reported", {"form": "comment", "comment": comment.pk, "action": "hide",
                                                     "reason": "Un motif tapé avec soin"})
    html = response.content.decode()
    assert response.status_code == 200 and "Ce commentaire est déjà masqué." in html
    assert "Un motif tapé avec soin" in html
    assert ModerationEvent.objects.count() == 1


def test_a_blank_reason_reopens_the_form_in_place(client, moderator, action, resident):
    comment = comment_post(user=resident, target=action, text="Limite")
    act(client, comment, "hide", reason="Vérification")
    html = act(client, comment, "restore", reason="  ", url=f"{URL}?state=hidden").content.decode()
    assert f'id="reason-restore-{comment.pk}"' in html and 'aria-invalid="true"' in html
    assert "<details open>" in html


def test_restore_brings_it_back(client, moderator, action, resident):
    comment = comment_post(user=resident, target=action, text="Finalement acceptable")
    act(client, comment, "hide", reason="Vérification")
    act(client, comment, "restore", reason="")  # refused: no reason
    comment.refresh_from_db()
    assert comment.is_hidden
    assert act(client, comment, "restore", reason="Rien de grave").status_code == 302
    comment.refresh_from_db()
    assert comment.is_readable
    assert "Finalement acceptable" in client.get(action.url).content.decode()


def test_dismiss_resolves_the_reports(client, moderator, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Discutable")
    comment_report(comment=comment, user=neighbour, reason="off_topic", details="Rien à voir avec l'action")
    html = client.get(URL, {"state": "reported"}).content.decode()
    assert "Hors sujet" in html and "Rien à voir avec l" in html  # the reason and the details
    assert act(client, comment, "dismiss").status_code == 302
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    comment.refresh_from_db()
    assert comment.is_readable
    assert "Discutable" not in client.get(URL, {"state": "reported"}).content.decode()


def test_every_action_is_in_the_log(client, moderator, action, resident, neighbour, pre_moderated):
    pending = comment_post(user=resident, target=action, text="Un")
    act(client, pending, "approve")
    comment_report(comment=pending, user=neighbour, reason="spam")
    act(client, pending, "dismiss")
    act(client, pending, "hide", reason="Publicité déguisée")
    act(client, pending, "restore", reason="Erreur de ma part")
    events = list(ModerationEvent.objects.values_list("action", "moderator", "comment", "reason"))
    assert events == [
        ("restore", moderator.pk, pending.pk, "Erreur de ma part"),
        ("hide", moderator.pk, pending.pk, "Publicité déguisée"),
        ("dismiss", moderator.pk, pending.pk, ""),
        ("approve", moderator.pk, pending.pk, ""),
    ]
    html = client.get(URL, {"state": "log"}).content.decode()
    assert html.index("Erreur de ma part") < html.index("Publicité déguisée")  # newest first
    assert "Rétabli" in html and "Signalements classés" in html and "Validé" in html and "Claire" in html


def test_the_policy_switch_is_applied_and_logged(client, moderator, organisation, action, resident):
    assert client.post(URL, {"form": "policy", "pre_moderation": "1"}).status_code == 302
    assert ModerationPolicy.objects.get(organisation=organisation).pre_moderation
    assert comment_post(user=resident, target=action, text="Attend").is_pending
    client.post(URL, {"form": "policy", "pre_moderation": "0"})
    assert not ModerationPolicy.objects.get(organisation=organisation).pre_moderation
    assert list(ModerationEvent.objects.values_list("action", flat=True)) == ["pre_off", "pre_on"]
    html = client.get(URL, {"state": "log"}).content.decode()
    assert "Modération a priori activée" in html and "Modération a priori désactivée" in html


def test_the_policy_of_another_organisation_cannot_be_switched(client, moderator):
    other, _elsewhere = other_action()
    response = client.post(f"{URL}?organisation={other.pk}", {"form": "policy", "pre_moderation": "1"})
    assert response.status_code == 403
    assert not ModerationPolicy.objects.exists()


@pytest.mark.parametrize("state", ["pending", "reported", "hidden", "log"])
def test_query_count_does_not_grow_with_the_comments(client, moderator, organisation, axis, action, state):
    other_page = ActionFactory(parent=axis, number="1.2", title="Repair café")
    reporters = [make_user() for _ in range(2)]

    targets = [action, other_page, axis]  # two kinds of page: one query for each kind

    def add(count):
        for n in range(count):
            author = make_user()
            comment = comment_post(user=author, target=targets[n % 3], text=f"Commentaire {n}")
            Comment.objects.filter(pk=comment.pk).update(is_public=state != "pending")
            for reporter in reporters:
                comment_report(comment=comment, user=reporter, reason="spam", details="Encore")
            if state == "hidden":
                comment.refresh_from_db()
                act(client, comment, "hide", reason="Masqué")
            elif state == "log":
                act(client, comment, "dismiss")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"state": state})
        assert response.status_code == 200
        return len(captured)

    add(3)
    queries()  # fills what is cached across requests (a person's permissions)
    few = queries()
    add(12)
    assert queries() == few
    assert Comment.objects.count() == 15
