"""Comments on plan pages: posting, threads, stance, likes, edits, deletion,
reports, rate limit, and the rules of who may do what."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag

from participation.commenting import target_key
from participation.models import Comment, CommentReport, Follow, ModerationPolicy
from participation.selectors.comments import comment_thread
from participation.services import comment_delete, comment_edit, comment_like, comment_post, comment_report
from tests.cms.factories import ActionFactory

from .conftest import make_staff, make_user

pytestmark = pytest.mark.django_db


def post_url(target):
    return reverse("participation:comment_post", args=target_key(target))


# Services ------------------------------------------------------------------


def test_a_comment_is_published_with_its_organisation_and_its_author_follows(action, organisation, resident):
    comment = comment_post(user=resident, target=action, text="Bonne idée", stance="pour")
    assert comment.is_public and comment.is_readable
    assert comment.organisation == organisation and comment.stance == "pour"
    assert comment.level == 0 and comment.thread_id == comment.pk
    assert Follow.objects.filter(user=resident, object_id=action.pk).exists()


def test_replies_go_three_levels_deep(action, resident, neighbour):
    first = comment_post(user=resident, target=action, text="Un")
    second = comment_post(user=neighbour, target=action, text="Deux", parent=first, stance="contre")
    third = comment_post(user=resident, target=action, text="Trois", parent=second)
    assert (second.level, third.level) == (1, 2)
    assert second.stance == ""  # a stance is for opening a thread
    with pytest.raises(ValidationError) as error:
        comment_post(user=neighbour, target=action, text="Quatre", parent=third)
    assert error.value.code == "too_deep"


def test_a_reply_must_belong_to_the_same_page(action, axis, resident):
    elsewhere = comment_post(user=resident, target=axis, text="Ailleurs")
    with pytest.raises(ValidationError) as error:
        comment_post(user=resident, target=action, text="Réponse", parent=elsewhere)
    assert error.value.code == "wrong_parent"


@pytest.mark.parametrize("text", ["", "   ", "<script>alert(1)</script>"])
def test_empty_comments_are_refused(action, resident, text):
    with pytest.raises(ValidationError):
        comment_post(user=resident, target=action, text=text)
    assert not Comment.objects.exists()


def test_the_length_limit_counts_the_cleaned_text(action, resident):
    comment_post(user=resident, target=action, text="a\r\n" * 2500)  # 5,000 characters once cleaned
    with pytest.raises(ValidationError) as error:
        comment_post(user=resident, target=action, text="a" * 5001)
    assert "5\xa0000" in error.value.message_dict["text"][0]  # grouped as in French: 5 000


def test_markup_is_removed_on_the_way_in(action, resident):
    comment = comment_post(user=resident, target=action, text='Salut <img src=x onerror="alert(1)"> <b>toi</b>')
    assert comment.comment == "Salut  toi"


@override_settings(COMMENTS_PER_MINUTE=3)
def test_rate_limit_per_person(action, axis, resident, neighbour):
    for n in range(3):
        comment_post(user=resident, target=action if n % 2 else axis, text=f"Message {n}")
    with pytest.raises(ValidationError) as error:
        comment_post(user=resident, target=action, text="Un de trop")
    assert error.value.code == "rate_limit"
    comment_post(user=neighbour, target=action, text="Une autre personne")  # per person
    Comment.objects.filter(user=resident).update(submit_date=timezone.now() - timedelta(seconds=61))
    comment_post(user=resident, target=action, text="Une minute plus tard")


def test_edit_within_fifteen_minutes_is_marked(action, resident):
    comment = comment_post(user=resident, target=action, text="Premier jet")
    comment = comment_edit(comment=comment, user=resident, text="Version corrigée")
    assert comment.comment == "Version corrigée" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(submit_date=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        comment_edit(comment=comment, user=resident, text="Trop tard")
    assert error.value.code == "edit_window"


def test_only_the_author_edits_or_deletes(action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Mon avis")
    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, user=neighbour, text="Piraté")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, user=neighbour)


def test_deleting_removes_the_text_but_keeps_the_replies(action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Texte à effacer", stance="contre")
    reply = comment_post(user=neighbour, target=action, text="Réponse", parent=comment)
    comment_delete(comment=comment, user=resident)
    comment.refresh_from_db()
    assert comment.comment == "" and comment.stance == "" and comment.is_deleted
    thread = comment_thread(action, user=neighbour)
    (root,) = thread["page"].object_list
    assert root.comment.pk == comment.pk and [child.comment.pk for child in root.children] == [reply.pk]
    assert thread["comment_count"] == 1 and thread["participant_count"] == 1


def test_a_deleted_comment_without_replies_disappears(action, resident):
    comment = comment_post(user=resident, target=action, text="Oups")
    comment_delete(comment=comment, user=resident)
    assert list(comment_thread(action, user=resident)["page"].object_list) == []


def test_one_like_per_person(action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Aimez-moi")
    comment_like(comment=comment, user=neighbour)
    comment_like(comment=comment, user=neighbour)
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    (root,) = comment_thread(action, user=neighbour)["page"].object_list
    assert root.comment.like_count == 1 and root.comment.liked
    comment_like(comment=comment, user=neighbour, like=False)
    assert not CommentFlag.objects.filter(comment=comment).exists()
    with pytest.raises(ValidationError):
        comment_like(comment=comment, user=resident)  # not one's own


def test_report_with_a_reason_once(action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Propos douteux")
    report = comment_report(comment=comment, user=neighbour, reason="abuse", details="Insultant")
    assert report.reason == "abuse"
    with pytest.raises(ValidationError) as error:
        comment_report(comment=comment, user=neighbour, reason="spam")
    assert error.value.code == "already_reported"
    with pytest.raises(ValidationError):
        comment_report(comment=comment, user=neighbour, reason="nonsense")
    with pytest.raises(ValidationError):
        comment_report(comment=comment, user=resident, reason="spam")
    assert CommentReport.objects.count() == 1


def test_threads_newest_or_oldest_first_and_by_stance(action, resident, neighbour):
    first = comment_post(user=resident, target=action, text="Premier", stance="pour")
    comment_post(user=neighbour, target=action, text="Réponse", parent=first)
    second = comment_post(user=neighbour, target=action, text="Second", stance="question")
    third = comment_post(user=resident, target=action, text="Troisième", stance="pour")
    roots = lambda **kw: [node.comment.pk for node in comment_thread(action, user=resident, **kw)["page"]]  # noqa: E731
    assert roots() == [first.pk, second.pk, third.pk]
    assert roots(order="newest") == [third.pk, second.pk, first.pk]
    assert roots(stance="pour") == [first.pk, third.pk]
    assert roots(stance="question") == [second.pk]
    thread = comment_thread(action, user=None)
    assert thread["comment_count"] == 4 and thread["participant_count"] == 2


def test_pending_comments_are_seen_by_their_author_only(action, organisation, resident, neighbour):
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    comment = comment_post(user=resident, target=action, text="En attente")
    assert comment.is_pending
    assert [n.comment.pk for n in comment_thread(action, user=resident)["page"]] == [comment.pk]
    assert list(comment_thread(action, user=neighbour)["page"]) == []
    assert comment_thread(action, user=resident)["comment_count"] == 0


# Views and rules -----------------------------------------------------------


def test_visitors_are_invited_to_sign_in(client, action):
    page = client.get(action.url).content.decode()
    assert "Connectez-vous" in page and 'id="comment-text"' not in page
    response = client.post(post_url(action), {"text": "Anonyme"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_unverified_accounts_cannot_comment(client, action):
    user = make_user("nonverifiee", verified=False)
    client.force_login(user)
    page = client.get(action.url).content.decode()
    assert "Confirmez votre adresse" in page and 'id="comment-text"' not in page
    assert client.post(post_url(action), {"text": "Bonjour"}).status_code == 403
    assert not Comment.objects.exists()


def test_post_then_see_it_on_the_page(client, action, resident):
    client.force_login(resident)
    response = client.post(post_url(action), {"text": "Super **idée**", "stance": "pour"})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url == f"{action.url}#comment-{comment.pk}"
    page = client.get(action.url).content.decode()
    assert "<strong>idée</strong>" in page and "Pour" in page and "1 commentaire" in page
    assert "1 participant" in page


def test_a_rejected_post_keeps_the_text_and_says_why(client, action, resident):
    client.force_login(resident)
    with override_settings(COMMENTS_PER_MINUTE=0):
        response = client.post(post_url(action), {"text": "Mon long texte à ne pas perdre"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Mon long texte à ne pas perdre" in page and "dernière minute" in page


def test_comments_cannot_target_unpublished_or_unregistered_pages(client, axis, plan, resident):
    draft = ActionFactory(parent=axis, number="1.9", title="Brouillon", live=False)
    client.force_login(resident)
    assert client.post(post_url(draft), {"text": "Bonjour"}).status_code == 404
    assert client.post(post_url(plan), {"text": "Bonjour"}).status_code == 404


def test_editing_someone_elses_comment_is_forbidden(client, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="À moi")
    client.force_login(neighbour)
    assert client.post(reverse("participation:comment_edit", args=[comment.pk]), {"text": "x"}).status_code == 403
    assert client.post(reverse("participation:comment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "À moi"


def test_edit_delete_like_report_through_the_views(client, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Avant")
    client.force_login(resident)
    client.post(reverse("participation:comment_edit", args=[comment.pk]), {"text": "Après"})
    assert "(modifié)" in client.get(action.url).content.decode()
    client.force_login(neighbour)
    client.post(reverse("participation:comment_like", args=[comment.pk]), {"like": "1"})
    response = client.post(reverse("participation:comment_report", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 302
    assert CommentFlag.objects.filter(comment=comment).count() == 1 and CommentReport.objects.count() == 1
    client.force_login(resident)
    client.post(reverse("participation:comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_deleted


def test_the_edit_page_of_a_comment_past_its_window_says_so(client, action, resident):
    comment = comment_post(user=resident, target=action, text="Il y a longtemps")
    Comment.objects.filter(pk=comment.pk).update(submit_date=timezone.now() - timedelta(minutes=16))
    client.force_login(resident)
    response = client.get(reverse("participation:comment_edit", args=[comment.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "ce délai est passé pour celui-ci." in text
    assert 'name="text"' not in text  # no form to fill in vain


def test_a_reply_through_the_view(client, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Question ?")
    client.force_login(neighbour)
    client.post(post_url(action), {"text": "Réponse !", "parent": comment.pk})
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent_id == comment.pk and reply.level == 1


def test_the_fragment_shows_what_this_person_may_see(client, action, organisation, resident, neighbour):
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)
    comment = comment_post(user=resident, target=action, text="En attente")
    url = reverse("participation:comment_fragment", args=[comment.pk])
    client.force_login(neighbour)
    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert "En attente" in client.get(url).content.decode()


def test_follow_and_unfollow(client, action, resident):
    client.force_login(resident)
    url = reverse("participation:follow", args=target_key(action))
    client.post(url, {"follow": "1"})
    assert Follow.objects.filter(user=resident).count() == 1
    assert "Ne plus suivre" in client.get(action.url).content.decode()
    client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()


def test_organisation_page_shows_totals(client, organisation, action, axis, resident, neighbour):
    comment_post(user=resident, target=action, text="Un")
    comment_post(user=neighbour, target=axis, text="Deux")
    comment_post(user=resident, target=axis, text="Trois")
    page = client.get(organisation.url).content.decode()
    assert "3 commentaires" in page and "2 participant·es" in page


def test_staff_of_another_organisation_is_an_ordinary_commenter(action, resident):
    from tests.cms.factories import OrganisationFactory

    other_staff = make_staff(OrganisationFactory(title="Ailleurs"))
    comment = comment_post(user=resident, target=action, text="Bonjour")
    assert not other_staff.has_perm("participation.moderate_comment", comment)
    assert other_staff.has_perm("participation.report_comment", comment)


def test_organisation_totals_follow_new_and_hidden_comments(client, organisation, action, resident, staff,
                                                           django_capture_on_commit_callbacks):
    from participation.services import comment_moderate

    assert "0 commentaire" in client.get(organisation.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(user=resident, target=action, text="Un")
    assert "1 commentaire" in client.get(organisation.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, moderator=staff, action="hide", reason="Hors charte")
    assert "0 commentaire" in client.get(organisation.url).content.decode()


def test_staff_comments_carry_the_organisation_badge(client, action, resident, staff):
    comment_post(user=staff, target=action, text="Réponse de l'équipe")
    comment_post(user=resident, target=action, text="Avis d'habitante")
    page = client.get(action.url).content.decode()
    assert page.count("Équipe de Centre social des Cerisiers") == 1


def test_a_reported_comment_says_so_instead_of_offering_the_form_again(client, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Douteux")
    client.force_login(neighbour)
    report_url = reverse("participation:comment_report", args=[comment.pk])
    assert f'href="{report_url}"' in client.get(action.url).content.decode()
    assert 'id="id_reason_0"' in client.get(report_url).content.decode()  # the form is on its own page
    comment_report(comment=comment, user=neighbour, reason="spam")
    page = client.get(action.url).content.decode()
    assert "Vous l’avez signalé" in page and f'href="{report_url}"' not in page


def test_a_comment_typed_after_the_session_expired_waits_for_sign_in(client, action, resident):
    response = client.post(post_url(action), {"text": "Mon texte précieux", "stance": "question"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(resident)  # the session, and the draft in it, survive signing in
    page = client.get(action.url).content.decode()
    assert ">Mon texte précieux</textarea>" in page and '<option value="question" selected>' in page
    assert ">Mon texte précieux</textarea>" not in client.get(action.url).content.decode()  # once only


def test_the_comment_address_itself_leads_back_to_the_discussion(client, action):
    response = client.get(post_url(action))
    assert response.status_code == 302 and response.url == f"{action.url}#commentaires"


def test_people_without_a_chosen_name_are_told_how_they_appear(client, action):
    user = make_user("sansnom")
    user.display_name = ""
    user.save()
    client.force_login(user)
    assert "Vous apparaîtrez sous le nom « sansnom »" in client.get(action.url).content.decode()


def test_the_counts_fragment_for_live_updates(client, action, resident, neighbour):
    from tests.cms.factories import ActionFactory

    comment_post(user=resident, target=action, text="Un")
    comment_post(user=neighbour, target=action, text="Deux")
    response = client.get(reverse("participation:comment_counts", args=target_key(action)))
    assert "2 commentaires · 2 participant·es" in response.content.decode()
    draft = ActionFactory(parent=action.get_parent(), number="8", live=False)
    assert client.get(reverse("participation:comment_counts", args=target_key(draft))).status_code == 404


@pytest.mark.parametrize("text,code", [("   ", "empty"), ("a" * 5001, "too_long")])
def test_refusals_carry_their_code(action, resident, text, code):
    with pytest.raises(ValidationError) as error:
        comment_post(user=resident, target=action, text=text)
    assert error.value.error_dict["text"][0].code == code


def test_a_comment_body_kept_across_readers_still_shows_each_one_their_own(client, action, resident, neighbour):
    """Comment bodies are rendered once per set of facts (participation_tags.comment_body):
    who liked, who wrote, what the text says now, and the reader's own form token."""
    comment = comment_post(user=resident, target=action, text="Le jardin ouvre samedi.")
    third = make_user("chloe")
    comment_like(comment=comment, user=third)
    pages = {}
    for reader in (neighbour, third, resident):
        client.force_login(reader)
        page = client.get(action.url).content.decode()
        token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
        pages[reader.username] = page
        assert "__csrf-token-of-the-request__" not in page and (token is None or 'name="csrfmiddlewaretoken"' in page)
    assert 'aria-pressed="false"' in pages["bruno"] and 'aria-pressed="true"' in pages["chloe"]
    delete_url = reverse("participation:comment_delete", args=[comment.pk])
    assert f'href="{delete_url}"' in pages["amina"] and f'href="{delete_url}"' not in pages["bruno"]
    comment_edit(comment=comment, user=resident, text="Le jardin ouvre dimanche.")
    client.force_login(neighbour)
    page = client.get(action.url).content.decode()
    assert "dimanche" in page and "samedi" not in page
    client.logout()
    page = client.get(action.url).content.decode()
    assert "dimanche" in page and 'name="csrfmiddlewaretoken"' not in page.split('id="commentaires"')[1]


def test_the_report_page_groups_its_reasons_and_knows_who_already_reported(client, action, resident, neighbour):
    comment = comment_post(user=resident, target=action, text="Douteux")
    url = reverse("participation:comment_report", args=[comment.pk])
    assert client.get(url).url.startswith(reverse("account_login"))  # a visitor signs in first, then comes back
    client.force_login(neighbour)
    page = client.get(url).content.decode()
    assert "<legend>Pourquoi signalez-vous ce commentaire ?</legend>" in page
    assert f'href="{action.url}#comment-{comment.pk}"' in page
    comment_report(comment=comment, user=neighbour, reason="spam")
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == f"{action.url}#comment-{comment.pk}"
    assert "Vous avez déjà signalé ce commentaire" in response.content.decode()


def test_deleting_a_comment_without_replies_goes_back_to_the_discussion(client, action, resident, neighbour):
    alone = comment_post(user=resident, target=action, text="Seul")
    answered = comment_post(user=resident, target=action, text="Avec réponse")
    comment_post(user=neighbour, target=action, text="Réponse", parent=answered)
    client.force_login(resident)
    assert client.post(reverse("participation:comment_delete", args=[alone.pk])).url == f"{action.url}#commentaires"
    assert client.post(reverse("participation:comment_delete", args=[answered.pk])).url == \
        f"{action.url}#comment-{answered.pk}"


def test_a_form_from_an_expired_page_is_refused_in_words(action, resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(post_url(action), {"text": "Depuis un vieil onglet"}, HTTP_REFERER=f"http://testserver{action.url}")
    page = response.content.decode()
    assert response.status_code == 403 and "Cette page a expiré" in page and f'href="http://testserver{action.url}"' in page
    assert not Comment.objects.filter(comment__contains="vieil onglet").exists()


def test_the_shared_discussion_still_shows_each_reader_their_likes_reports_and_pending_comments(
        action, organisation, resident, neighbour):
    """The published discussion is cached for everyone (selectors.comments.public_comments);
    what is a reader's own comes from one query of theirs."""
    liked = comment_post(user=resident, target=action, text="Le jardin ouvre samedi.")
    reported = comment_post(user=resident, target=action, text="Un avis discutable.")
    comment_like(comment=liked, user=neighbour)
    comment_report(comment=reported, user=neighbour, reason="other")
    ModerationPolicy.objects.create(organisation=organisation, pre_moderation=True)

    def shown(user):
        thread = comment_thread(action, user=user)
        return {node.comment.comment: node.comment for node in thread["page"].object_list}

    assert set(shown(None)) == {"Le jardin ouvre samedi.", "Un avis discutable."}  # fills the cache
    pending = comment_post(user=neighbour, target=action, text="Mon avis en attente de modération.")
    assert not pending.is_public
    # The first reader after the new comment reads for themselves and caches the shared
    # discussion from it; the next ones (the neighbour again too) read it from the cache.
    for for_neighbour, for_resident in ((shown(neighbour), shown(resident)), (shown(neighbour), shown(resident))):
        assert for_neighbour["Le jardin ouvre samedi."].liked and not for_resident["Le jardin ouvre samedi."].liked
        assert for_neighbour["Un avis discutable."].reported and not for_resident["Un avis discutable."].reported
        assert "Mon avis en attente de modération." in for_neighbour
        assert "Mon avis en attente de modération." not in for_resident
        assert list(for_neighbour) == ["Le jardin ouvre samedi.", "Un avis discutable.",
                                       "Mon avis en attente de modération."]
    assert list(shown(None)) == ["Le jardin ouvre samedi.", "Un avis discutable."]
    assert not any(comment.liked or comment.reported for comment in shown(None).values())
