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
