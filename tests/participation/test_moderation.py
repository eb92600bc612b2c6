"""The moderation services: each action and its log, the states an action
needs, the reason hiding and restoring need, who may moderate (a grid of
roles), and the pre-moderation policy."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from participation.models import Comment, CommentReport, Membership, ModerationEvent, ModerationPolicy, Notification
from participation.selectors.comments import comment_counts, comment_thread
from participation.services import comment_moderate, comment_post, comment_report, follow_set, moderation_policy_set
from tests.cms.factories import OrganisationFactory

from .conftest import make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(action, resident):
    return comment_post(user=resident, target=action, text="Un avis tranché")


@pytest.fixture
def pending(action, organisation, resident):
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    return comment_post(user=resident, target=action, text="En attente de validation")


def moderate(comment, moderator, action, reason=""):
    return comment_moderate(comment=comment, moderator=moderator, action=action, reason=reason)


def code(error) -> str:
    """The code of a ValidationError; for one about a field, the field's
    name (Django drops the code given with a dict of messages)."""
    exception = error.value
    if hasattr(exception, "error_dict"):
        (field,) = exception.error_dict
        return field
    return exception.code


def log(**filters):
    return list(ModerationEvent.objects.filter(**filters).values_list("action", "reason"))


# Each action ---------------------------------------------------------------


def test_approve_publishes_a_pending_comment_and_logs_it(pending, staff, organisation):
    comment = moderate(pending, staff, "approve")
    assert comment.is_public and comment.is_readable
    event = ModerationEvent.objects.get()
    assert (event.organisation, event.comment, event.moderator, event.action) == (organisation, pending, staff, "approve")


def test_only_pending_comments_are_approved(comment, staff):
    with pytest.raises(ValidationError) as error:
        moderate(comment, staff, "approve")
    assert code(error) == "not_pending"
    assert not ModerationEvent.objects.exists()


def test_hide_needs_a_reason_and_resolves_the_reports(comment, staff, neighbour):
    comment_report(comment=comment, user=neighbour, reason="abuse")
    for blank in ("", "   \n"):
        with pytest.raises(ValidationError) as error:
            moderate(comment, staff, "hide", blank)
        assert code(error) == "reason"
    comment.refresh_from_db()
    assert not comment.is_hidden and CommentReport.objects.get().resolved_at is None
    comment = moderate(comment, staff, "hide", "  Propos insultants  ")
    assert comment.is_hidden and comment.hidden_reason == "Propos insultants" and not comment.is_readable
    assert CommentReport.objects.get().resolved_at is not None
    assert log() == [("hide", "Propos insultants")]


def test_a_hidden_comment_cannot_be_hidden_again(comment, staff):
    moderate(comment, staff, "hide", "Une fois")
    with pytest.raises(ValidationError) as error:
        moderate(comment, staff, "hide", "Deux fois")
    assert code(error) == "already_hidden"
    assert log() == [("hide", "Une fois")]


def test_restore_needs_a_reason_and_a_hidden_comment(comment, staff):
    with pytest.raises(ValidationError) as error:
        moderate(comment, staff, "restore", "Rien à rétablir")
    assert code(error) == "not_hidden"
    moderate(comment, staff, "hide", "Vérification")
    with pytest.raises(ValidationError) as error:
        moderate(comment, staff, "restore")
    assert code(error) == "reason"
    comment = moderate(comment, staff, "restore", "Rien de grave")
    assert comment.is_readable and comment.hidden_at is None and comment.hidden_reason == ""
    assert log() == [("restore", "Rien de grave"), ("hide", "Vérification")]


def test_dismiss_resolves_the_open_reports_and_keeps_the_comment(comment, staff, neighbour):
    comment_report(comment=comment, user=neighbour, reason="spam")
    comment_report(comment=comment, user=make_user(), reason="off_topic", details="Hors sujet")
    comment = moderate(comment, staff, "dismiss")
    assert comment.is_readable
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert log() == [("dismiss", "")]


def test_an_unknown_action_is_refused(comment, staff):
    with pytest.raises(ValidationError) as error:
        moderate(comment, staff, "delete", "Pourquoi pas")
    assert code(error) == "unknown_action"
    assert not ModerationEvent.objects.exists()


def test_the_reason_is_kept_to_500_characters(comment, staff):
    moderate(comment, staff, "hide", "x" * 600)
    comment.refresh_from_db()
    assert len(comment.hidden_reason) == 500 and len(ModerationEvent.objects.get().reason) == 500


# Who may moderate ----------------------------------------------------------


def _other_staff(organisation):
    return make_staff(OrganisationFactory(title="Ailleurs"))


def _pending_staff(organisation):
    user = make_user()
    Membership.objects.create(user=user, organisation=organisation, role="salarie", status="pending")
    return user


ROLES = {
    "anonymous": (lambda organisation: AnonymousUser(), False),
    "resident": (lambda organisation: make_user(), False),
    "volunteer member": (lambda organisation: _member(organisation, "benevole"), False),
    "staff awaiting validation": (_pending_staff, False),
    "staff of another organisation": (_other_staff, False),
    "staff": (lambda organisation: make_staff(organisation), True),
    "administrator": (lambda organisation: make_staff(organisation, role="administrateur"), True),
    "superuser": (lambda organisation: make_user(is_superuser=True), True),
}


def _member(organisation, role):
    user = make_user()
    Membership.objects.create(user=user, organisation=organisation, role=role, status="accepted")
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("verb, reason", [("approve", ""), ("hide", "Motif"), ("dismiss", "")])
def test_who_may_moderate_a_comment(role, verb, reason, pending, organisation, staff):
    if verb == "dismiss":
        moderate(pending, staff, "approve")
        ModerationEvent.objects.all().delete()
    make, allowed = ROLES[role]
    user = make(organisation)
    if allowed:
        moderate(pending, user, verb, reason)
        assert ModerationEvent.objects.filter(action=verb).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            moderate(pending, user, verb, reason)
        assert not ModerationEvent.objects.exists()
    assert user.has_perm("participation.moderate_comment", pending) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_may_switch_the_policy(role, organisation):
    make, allowed = ROLES[role]
    user = make(organisation)
    if allowed:
        assert moderation_policy_set(organisation=organisation, moderator=user, pre_moderation=True).pre_moderation
    else:
        with pytest.raises(PermissionDenied):
            moderation_policy_set(organisation=organisation, moderator=user, pre_moderation=True)
        assert not ModerationPolicy.objects.exists() and not ModerationEvent.objects.exists()
    assert user.has_perm("participation.moderate_organisation", organisation) is allowed


def test_a_comment_without_organisation_is_for_superusers_only(comment, staff):
    Comment.objects.filter(pk=comment.pk).update(organisation=None)
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        moderate(comment, staff, "hide", "Motif")
    # is_organisation_staff refuses a missing organisation, superusers included
    with pytest.raises(PermissionDenied):
        moderate(comment, make_user(is_superuser=True), "hide", "Motif")


# Pre-moderation ------------------------------------------------------------


def test_the_policy_switch_is_logged_once_per_change(organisation, staff):
    policy = moderation_policy_set(organisation=organisation, moderator=staff, pre_moderation=True)
    assert policy.pre_moderation
    moderation_policy_set(organisation=organisation, moderator=staff, pre_moderation=True)  # no change
    moderation_policy_set(organisation=organisation, moderator=staff, pre_moderation=False)
    assert not ModerationPolicy.objects.get().pre_moderation
    assert list(ModerationEvent.objects.values_list("action", "organisation", "comment")) == [
        ("pre_off", organisation.pk, None), ("pre_on", organisation.pk, None),
    ]


def test_switching_off_what_was_never_on_logs_nothing(organisation, staff):
    moderation_policy_set(organisation=organisation, moderator=staff, pre_moderation=False)
    assert not ModerationEvent.objects.exists()


def test_a_pre_moderated_comment_is_seen_by_others_once_approved(
    pending, action, organisation, staff, neighbour, django_capture_on_commit_callbacks
):
    follow_set(user=neighbour, target=action, follow=True)
    assert pending.is_pending and not Notification.objects.filter(recipient=neighbour).exists()
    for reader in (neighbour, None):
        assert list(comment_thread(action, user=reader)["page"]) == []
    assert comment_counts(organisation=organisation)["comments"] == 0
    with django_capture_on_commit_callbacks(execute=True):  # the cached counts are dropped after the commit
        moderate(pending, staff, "approve")
    (node,) = comment_thread(action, user=neighbour)["page"]
    assert node.comment.pk == pending.pk and node.comment.is_readable
    assert comment_counts(organisation=organisation)["comments"] == 1
    assert Notification.objects.filter(recipient=neighbour, comment=pending).count() == 1  # told once published


def test_a_rejected_comment_restored_is_published_then(pending, action, staff, neighbour):
    follow_set(user=neighbour, target=action, follow=True)
    rejected = moderate(pending, staff, "hide", "Hors charte")
    assert rejected.is_hidden and not rejected.is_public
    with pytest.raises(ValidationError) as error:
        moderate(pending, staff, "approve")  # hidden: no longer awaiting approval
    assert code(error) == "not_pending"
    assert not Notification.objects.filter(recipient=neighbour).exists()
    restored = moderate(pending, staff, "restore", "Relu, c'est correct")
    assert restored.is_readable
    (node,) = comment_thread(action, user=neighbour)["page"]
    assert node.comment.pk == pending.pk
    assert Notification.objects.filter(recipient=neighbour, comment=pending).count() == 1
    assert log() == [("restore", "Relu, c'est correct"), ("hide", "Hors charte")]
