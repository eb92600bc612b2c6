import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participation.models import Notification, NotificationKind
from participation.services import follow_set
from projects.models import HelpOffer, NeedKind, Project, ProjectEvent, ProjectSettings, ProjectStatus, Support
from projects.notices import ProjectNotice
from projects.selectors import partners_matching
from projects.services import (
    author_invite,
    author_leave,
    help_offer_set,
    invitation_answer,
    partner_link,
    project_committee_set,
    project_create,
    project_delete,
    project_hide,
    project_restore,
    project_support,
    project_transition,
    project_update,
)
from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory

from .conftest import domain, make_partner, make_project, make_staff, make_user

pytestmark = pytest.mark.django_db
S = ProjectStatus


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# Proposing


def test_a_project_is_proposed_with_its_needs_and_plan_items(organisation, resident, action, axis, room):
    project = project_create(author=resident, organisation=organisation, submit=True, fields={
        "title": "  Un <b>repair</b> café ", "summary": "Réparer ensemble.", "description": "Un samedi par mois.",
        "plan_items": [action.pk, axis.pk], "resources": [room.pk], "skills": [domain("environnement")],
        "budget_amount": 300, "volunteers_wanted": 4, "quartier": "Les Cerisiers",
    })
    assert project.title == "Un repair café"  # markup stripped
    assert project.status == S.SUBMITTED and project.submitted_at
    assert set(project.plan_items.values_list("pk", flat=True)) == {action.pk, axis.pk}
    assert list(project.resources.all()) == [room]
    assert project.need_labels() == [NeedKind.BUDGET.label, NeedKind.ROOM.label, NeedKind.VOLUNTEERS.label,
                                     NeedKind.SKILLS.label]
    assert project.authors.get().user == resident
    assert ProjectEvent.objects.get(project=project).to_status == S.SUBMITTED


def test_the_staff_hear_of_a_submitted_project_but_not_of_a_draft(organisation, resident, staff):
    make_project(organisation, resident, submit=False)
    assert kinds_for(staff) == []
    make_project(organisation, resident, submit=True)
    assert kinds_for(staff) == [ProjectNotice.TO_REVIEW]


def test_plan_items_rooms_and_skills_must_belong_to_the_organisation(organisation, resident):
    elsewhere = OrganisationFactory()
    foreign_action = ActionFactory(parent=AxisFactory(parent=PlanFactory(parent=elsewhere)))
    from projects.models import Resource

    foreign_room = Resource.objects.create(organisation=elsewhere, kind="salle", name="Salle")
    with pytest.raises(ValidationError) as error:
        make_project(organisation, resident, plan_items=[foreign_action.pk])
    assert error.value.error_dict["plan_items"][0].code == "foreign_item"
    with pytest.raises(ValidationError) as error:
        make_project(organisation, resident, resources=[foreign_room.pk])
    assert error.value.error_dict["resources"][0].code == "foreign_resource"
    assert not Project.objects.exists()  # nothing half-written


def test_required_texts_and_dates(organisation, resident):
    import datetime

    with pytest.raises(ValidationError) as error:
        make_project(organisation, resident, title="<p></p>", summary=" ", starts_on=datetime.date(2026, 5, 1),
                     ends_on=datetime.date(2026, 4, 1))
    assert set(error.value.error_dict) == {"title", "summary", "ends_on"}


def test_co_carriers_are_invited_by_display_name_and_accept(organisation, resident, neighbour):
    project = make_project(organisation, resident)
    seat = author_invite(user=resident, project=project, display_name="  bruno ")
    assert seat.user == neighbour and not seat.accepted
    assert kinds_for(neighbour) == [ProjectNotice.INVITATION]
    assert not neighbour.has_perm("projects.change_project", project)
    invitation_answer(user=neighbour, project=project, accept=True)
    assert neighbour.has_perm("projects.change_project", project)
    assert ProjectNotice.NEWS in kinds_for(resident)


def test_invitations_refused(organisation, resident, neighbour):
    project = make_project(organisation, resident)
    make_user("homonyme").__class__.objects.filter(username="homonyme").update(display_name="Bruno")
    with pytest.raises(ValidationError) as error:
        author_invite(user=resident, project=project, display_name="Bruno")
    assert error.value.code == "ambiguous_person"
    with pytest.raises(ValidationError) as error:
        author_invite(user=resident, project=project, display_name="Personne inconnue")
    assert error.value.code == "unknown_person"
    with pytest.raises(ValidationError) as error:
        author_invite(user=resident, project=project, display_name="Amina")
    assert error.value.code == "already_author"
    with pytest.raises(PermissionDenied):
        author_invite(user=neighbour, project=project, display_name="Amina")


def test_an_unknown_co_carrier_stops_the_whole_proposal(organisation, resident):
    with pytest.raises(ValidationError) as error:
        project_create(author=resident, organisation=organisation, co_authors=["Inconnu·e"],
                       fields={"title": "T", "summary": "S", "description": "D"})
    assert "co_authors" in error.value.error_dict
    assert not Project.objects.exists()


def test_the_last_carrier_cannot_leave(project, neighbour):
    with pytest.raises(ValidationError):
        author_leave(user=project.created_by, project=project)
    author_invite(user=project.created_by, project=project, display_name="Bruno")
    invitation_answer(user=neighbour, project=project, accept=True)
    author_leave(user=project.created_by, project=project)
    assert not project.created_by.has_perm("projects.change_project", project)


def test_edit_and_delete(project, draft, resident, neighbour):
    project_update(user=resident, project=project, fields={"title": "Nouveau titre", "summary": "S",
                                                           "description": "D"})
    assert Project.objects.get(pk=project.pk).title == "Nouveau titre"
    with pytest.raises(PermissionDenied):
        project_update(user=neighbour, project=project, fields={"title": "x", "summary": "S", "description": "D"})
    with pytest.raises(PermissionDenied):
        project_delete(user=resident, project=project)  # submitted: it keeps its history
    project_delete(user=resident, project=draft)
    assert not Project.objects.filter(pk=draft.pk).exists()


# Lifecycle


def test_an_answer_is_required_to_accompany_or_decline(project, staff):
    for target in (S.ACCOMPANIED, S.DECLINED):
        with pytest.raises(ValidationError) as error:
            project_transition(user=staff, project=project, target=target, message="  ")
        assert error.value.error_dict["message"][0].code == "message_required"
    project_transition(user=staff, project=project, target=S.DECLINED, message="Le budget dépasse nos moyens.")
    project.refresh_from_db()
    assert project.answer == "Le budget dépasse nos moyens." and project.answered_at


def test_a_move_is_kept_in_the_history_and_told_to_authors_and_followers(project, staff, neighbour):
    follow_set(user=neighbour, target=project, follow=True)
    follow_set(user=staff, target=project, follow=True)
    Notification.objects.all().delete()
    project_transition(user=staff, project=project, target=S.ACCOMPANIED, message="On vous prête la salle.")
    event = project.events.last()
    assert (event.from_status, event.to_status, event.actor, event.message) == (
        S.SUBMITTED, S.ACCOMPANIED, staff, "On vous prête la salle.")
    assert kinds_for(project.created_by) == [ProjectNotice.NEWS]
    assert kinds_for(neighbour) == [ProjectNotice.FOLLOWED]
    assert kinds_for(staff) == []  # not told of one's own act
    assert "Accompagné" in Notification.objects.get(recipient=neighbour).detail


def test_hide_and_restore(project, staff, neighbour):
    with pytest.raises(ValidationError):
        project_hide(user=staff, project=project, reason="")
    with pytest.raises(PermissionDenied):
        project_hide(user=neighbour, project=project, reason="Spam")
    project_hide(user=staff, project=project, reason="Propos injurieux")
    assert not Project.objects.public().filter(pk=project.pk).exists()
    assert kinds_for(project.created_by)[-1:] == [ProjectNotice.HIDDEN]
    project_restore(user=staff, project=project)
    assert Project.objects.public().filter(pk=project.pk).exists()
    assert [e.kind for e in project.events.all()][-2:] == ["masque", "retabli"]


# Supports and offers of help


def test_support_is_one_per_person_and_withdrawable(project, neighbour):
    assert project_support(user=neighbour, project=project) == 1
    assert project_support(user=neighbour, project=project) == 1  # a double click
    assert project_support(user=neighbour, project=project, support=False) == 0
    assert not Support.objects.exists()


def test_the_threshold_puts_a_project_on_the_review_list_once(organisation, project, staff):
    ProjectSettings.objects.create(organisation=organisation, support_threshold=2)
    Notification.objects.all().delete()
    supporters = [make_user() for _ in range(3)]
    project_support(user=supporters[0], project=project)
    assert Project.objects.get(pk=project.pk).reviewed_at is None
    project_support(user=supporters[1], project=project)
    assert Project.objects.get(pk=project.pk).reviewed_at is not None
    project_support(user=supporters[2], project=project)
    assert kinds_for(staff) == [ProjectNotice.TO_REVIEW]


def test_authors_cannot_support_their_own_project(project):
    with pytest.raises(PermissionDenied):
        project_support(user=project.created_by, project=project)


def test_help_offers_reach_the_authors(project, neighbour):
    help_offer_set(user=neighbour, project=project, message="Je sais souder.")
    help_offer_set(user=neighbour, project=project, message="Et coudre.")
    assert HelpOffer.objects.get().message == "Et coudre."
    assert kinds_for(project.created_by).count(ProjectNotice.NEWS) == 1
    help_offer_set(user=neighbour, project=project, offer=False)
    assert not HelpOffer.objects.exists()


# The organisation's side


def test_partner_matching_ranks_shared_domains_then_plan_actions(organisation, resident, action):
    legal = make_partner(organisation, "Permanence juridique", ["aide-juridique"])
    both = make_partner(organisation, "Maison du numérique", ["numerique", "aide-juridique"])
    on_action = make_partner(organisation, "Voisins solidaires", ["culture"])
    on_action.actions.set([action])
    unrelated = make_partner(organisation, "Club de foot", ["sport-loisirs"])
    make_partner(OrganisationFactory(), "Ailleurs", ["numerique"])
    project = make_project(organisation, resident, plan_items=[action.pk],
                           skills=[domain("numerique"), domain("aide-juridique")])
    ranked = partners_matching(project)
    assert [p.name for p in ranked] == [both.name, legal.name, on_action.name, unrelated.name]
    assert [(p.shared, p.on_actions) for p in ranked] == [(2, 0), (1, 0), (0, 1), (0, 0)]
    assert [p.name for p in partners_matching(project, exclude={both.pk})][0] == legal.name


def test_linking_a_partner_tells_the_authors(organisation, project, staff, neighbour):
    partner = make_partner(organisation, "Permanence juridique", ["aide-juridique"])
    Notification.objects.all().delete()
    partner_link(user=staff, project=project, partner=partner, note="Appelez Mme Martin.")
    assert kinds_for(project.created_by) == [ProjectNotice.NEWS]
    assert list(project.partners.all()) == [partner]
    with pytest.raises(ValidationError):
        partner_link(user=staff, project=project, partner=partner)
    with pytest.raises(PermissionDenied):
        partner_link(user=neighbour, project=project, partner=partner)
    foreign = make_partner(OrganisationFactory(), "Ailleurs")
    with pytest.raises(ValidationError):
        partner_link(user=staff, project=project, partner=foreign)


def test_the_committee_in_charge_is_of_the_organisation(project, staff, committee, animator):
    from committees.models import Committee

    other = Committee.objects.create(organisation=OrganisationFactory(), name="X", slug="x", kind="comite_thematique")
    with pytest.raises(ValidationError):
        project_committee_set(user=staff, project=project, committee=other)
    assert not animator.has_perm("projects.manage_project", project)
    project_committee_set(user=staff, project=project, committee=committee)
    project_transition(user=animator, project=project, target=S.UNDER_REVIEW)
    assert Project.objects.get(pk=project.pk).status == S.UNDER_REVIEW


def test_other_organisations_staff_have_no_hand_on_the_project(project, other_staff):
    with pytest.raises(PermissionDenied):
        project_transition(user=other_staff, project=project, target=S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        project_hide(user=other_staff, project=project, reason="Non")


def test_staff_is_made_with_a_membership(organisation):
    assert make_staff(organisation).has_perm("projects.review_projects", organisation)


def test_lowering_the_threshold_puts_supported_projects_on_the_list(organisation, project, staff, client):
    from projects.services import project_settings_set

    for _ in range(2):
        project_support(user=make_user(), project=project)
    assert Project.objects.get(pk=project.pk).reviewed_at is None  # default threshold: 10
    project_settings_set(user=staff, organisation=organisation, support_threshold=2)
    assert Project.objects.get(pk=project.pk).reviewed_at is not None
    client.force_login(staff)
    desk = client.get(f"/projets/examen/{organisation.slug}/").context
    assert [p.pk for p in desk["over_threshold"]] == [project.pk] and desk["submitted"] == []


def test_carriers_hear_of_comments_on_their_project(project, neighbour):
    from participation.services import comment_post

    co_carrier = make_user("zoe")
    author_invite(user=project.created_by, project=project, display_name="Zoe")
    invitation_answer(user=co_carrier, project=project, accept=True)
    Notification.objects.all().delete()
    comment_post(user=neighbour, target=project, text="Belle idée, je viendrai.")
    assert kinds_for(project.created_by) == [NotificationKind.FOLLOWED_COMMENT]
    assert kinds_for(co_carrier) == [NotificationKind.FOLLOWED_COMMENT]


def test_a_draft_needs_only_a_title_and_is_completed_before_submission(organisation, resident, client):
    draft = project_create(author=resident, organisation=organisation, submit=False, fields={"title": "Une idée"})
    with pytest.raises(ValidationError) as error:
        project_transition(user=resident, project=draft, target=S.SUBMITTED)
    assert set(error.value.error_dict) == {"summary", "description"}
    assert Project.objects.get(pk=draft.pk).status == S.DRAFT
    client.force_login(resident)
    response = client.post(f"/projets/{draft.pk}/modifier/", {"title": "Une idée", "action": "submit"})
    assert response.status_code == 400 and Project.objects.get(pk=draft.pk).status == S.DRAFT
    client.post(f"/projets/{draft.pk}/modifier/", {"title": "Une idée", "summary": "S", "description": "D",
                                                   "action": "submit"})
    assert Project.objects.get(pk=draft.pk).status == S.SUBMITTED
