"""Who may do what with comments: a grid of people × permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.services import comment_post
from tests.cms.factories import OrganisationFactory

from .conftest import make_staff, make_user

pytestmark = pytest.mark.django_db

PEOPLE = ["visitor", "unverified", "author", "resident", "staff", "other_staff", "superuser"]
# permission -> who has it (on the target page for add/follow, on the author's comment otherwise)
GRID = {
    "participation.add_comment": {"author", "resident", "staff", "other_staff", "superuser"},
    "participation.follow": {"author", "resident", "staff", "other_staff", "superuser"},
    # Django grants superusers every permission; the services still let only
    # the author edit or delete (test_superusers_cannot_rewrite_people below).
    "participation.change_comment": {"author", "superuser"},
    "participation.delete_comment": {"author", "superuser"},
    "participation.like_comment": {"resident", "staff", "other_staff", "superuser"},
    "participation.report_comment": {"resident", "staff", "other_staff", "superuser"},
    "participation.moderate_comment": {"staff", "superuser"},
}


@pytest.fixture
def people(organisation):
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save()
    return {
        "visitor": AnonymousUser(),
        "unverified": make_user("pasverifie", verified=False),
        "author": make_user("autrice"),
        "resident": make_user("voisin"),
        "staff": make_staff(organisation, "salariee"),
        "other_staff": make_staff(OrganisationFactory(title="Autre centre"), "ailleurs"),
        "superuser": superuser,
    }


@pytest.mark.parametrize("permission", sorted(GRID))
def test_permission_grid(people, action, permission):
    comment = comment_post(user=people["author"], target=action, text="Mon avis")
    obj = action if permission in ("participation.add_comment", "participation.follow") else comment
    allowed = {name for name in PEOPLE if people[name].has_perm(permission, obj)}
    assert allowed == GRID[permission]


def test_nobody_comments_an_unpublished_page(people, axis):
    from tests.cms.factories import ActionFactory

    draft = ActionFactory(parent=axis, number="9", title="Brouillon", live=False)
    assert not any(people[name].has_perm("participation.add_comment", draft) for name in PEOPLE if name != "superuser")


def test_superusers_cannot_rewrite_people(client, people, action):
    from django.urls import reverse

    comment = comment_post(user=people["author"], target=action, text="Mes mots")
    client.force_login(people["superuser"])
    assert client.post(reverse("participation:comment_edit", args=[comment.pk]), {"text": "Autres"}).status_code == 403
    assert client.post(reverse("participation:comment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "Mes mots" and not comment.is_deleted


# --- A comment reached by its id shows only to who may read it (issue 18) ---

@pytest.fixture
def private_action(axis):
    """An action under Wagtail's privacy setting "some groups": the board's."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from tests.cms.factories import ActionFactory

    page = ActionFactory(parent=axis, number="9", title="Accompagnement individuel")
    board = Group.objects.create(name="Bureau")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([board])
    page.board = board
    return page


def _hidden(comment):
    from django.utils import timezone

    from participation.models import Comment

    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now(), hidden_reason="Insultant")
    comment.refresh_from_db()
    return comment


def test_a_reply_never_quotes_a_comment_of_another_page(client, people, action, private_action):
    from django.urls import reverse

    secret = comment_post(user=people["staff"], target=private_action, text="Texte réservé au bureau")
    client.force_login(people["resident"])
    ct, pk = _key(action)
    response = client.post(reverse("participation:comment_post", args=[ct, pk]),
                           {"text": "Je réponds", "parent": str(secret.pk)})
    assert response.status_code == 400
    assert "Texte réservé au bureau" not in response.content.decode()
    assert "n’existe plus" in response.content.decode() or "no longer exists" in response.content.decode()


def test_pending_and_hidden_comments_are_not_found_by_their_id(client, people, action):
    from django.urls import reverse

    from participation.models import ModerationPolicy

    hidden = _hidden(comment_post(user=people["author"], target=action, text="Un texte masqué"))
    ModerationPolicy.objects.create(organisation=action.get_parent().get_parent().get_parent(), pre_moderation=True)
    pending = comment_post(user=people["author"], target=action, text="Un texte en attente")
    assert pending.is_pending
    client.force_login(people["resident"])
    for comment in (hidden, pending):
        for name in ("comment_report", "comment_edit", "comment_delete"):
            response = client.get(reverse(f"participation:{name}", args=[comment.pk]))
            assert response.status_code == 404, name
            assert comment.comment not in response.content.decode()
        # The thread keeps a hidden comment's place, without its text.
        fragment = client.get(reverse("participation:comment_fragment", args=[comment.pk]))
        assert fragment.status_code == (404 if comment.is_pending else 200)
        assert comment.comment not in fragment.content.decode()
        assert client.post(reverse("participation:comment_like", args=[comment.pk])).status_code == 404
        assert client.post(reverse("participation:comment_report", args=[comment.pk]),
                           {"reason": "spam"}).status_code == 404
    # Their author still reaches their own pending comment, and the moderators both.
    client.force_login(people["author"])
    assert client.get(reverse("participation:comment_edit", args=[pending.pk])).status_code == 200
    assert people["staff"].has_perm("participation.read_comment", hidden)
    assert people["staff"].has_perm("participation.read_comment", pending)
    assert not people["other_staff"].has_perm("participation.read_comment", pending)


def test_a_private_pages_discussion_is_for_those_it_lets_in(client, people, private_action):
    from django.urls import reverse

    comment = comment_post(user=people["staff"], target=private_action, text="Pour le bureau")
    ct, pk = _key(private_action)
    client.force_login(people["resident"])
    assert not people["resident"].has_perm("participation.add_comment", private_action)
    assert client.post(reverse("participation:comment_post", args=[ct, pk]), {"text": "Moi aussi"}).status_code == 403
    assert client.post(reverse("participation:follow", args=[ct, pk])).status_code == 403
    assert client.get(reverse("participation:comment_counts", args=[ct, pk])).status_code == 404
    assert client.get(reverse("participation:comment_fragment", args=[comment.pk])).status_code == 404
    people["resident"].groups.add(private_action.board)
    member = type(people["resident"]).objects.get(pk=people["resident"].pk)  # fresh: no cached groups
    assert member.has_perm("participation.add_comment", private_action)
    client.force_login(member)
    assert client.get(reverse("participation:comment_fragment", args=[comment.pk])).status_code == 200


def test_a_password_protected_pages_discussion_is_closed(people, action):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=action, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not people["resident"].has_perm("participation.add_comment", action)
    assert not AnonymousUser().has_perm("participation.read_comment", None)


def _key(page):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(page).pk, page.pk
