"""Every e-mail subject is plain text on one line (issue 18: subjects
showed `d&#x27;allocations`, their templates being autoescaped)."""

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings

from core.emails import render_subject

TITLE = "Demande d'allocations <urgentes> & \"aides\""
LOCMEM_TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {
        "test/subject.txt": "{% load i18n %}\n  À propos de « {{ title }} »\n\n{{ more }}\n",
        "test/notice_subject.txt": "{{ title }}",
        "test/notice_message.txt": "{{ title }}",
    })]},
}]


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_a_subject_is_plain_text_on_one_line():
    subject = render_subject("test/subject.txt", {"title": TITLE, "more": "suite\r\nInjected: header"})
    assert subject == f"À propos de « {TITLE} » suite Injected: header"
    assert "&#x27;" not in subject and "&lt;" not in subject and "\n" not in subject and "\r" not in subject


@pytest.mark.django_db
@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_allauth_emails_get_their_subject_from_the_same_helper():
    from allauth.core.context import request_context

    from participation.adapters import AccountAdapter

    request = RequestFactory().get("/")
    with request_context(request):
        message = AccountAdapter(request).render_mail("test/notice", "x@example.org", {"title": TITLE})
    assert message.subject == f"[Plan Commun] {TITLE}"


@pytest.mark.django_db
def test_notification_subjects_keep_apostrophes_and_angle_brackets(django_capture_on_commit_callbacks):
    from participation.services import comment_post
    from tests.cms.factories import ActionFactory, AxisFactory, OrganisationFactory, PlanFactory
    from tests.participation.conftest import make_user

    plan = PlanFactory(parent=OrganisationFactory(title="Centre"), title="Plan")
    action = ActionFactory(parent=AxisFactory(parent=plan, number="1", title="Axe"), number="1.1", title=TITLE)
    resident, neighbour = make_user("amina"), make_user("bruno")
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_post(user=resident, target=action, text="Question")
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(user=neighbour, target=action, text="Réponse", parent=first)
    (message,) = mail.outbox
    assert message.subject == f"[Plan Commun] Bruno a répondu à votre commentaire sur « {TITLE} »"
    assert f"« {TITLE} »" in message.body


@pytest.mark.django_db
def test_register_invitation_subject_keeps_the_organisation_name_as_written(django_capture_on_commit_callbacks):
    from participation.models import RegisterMember
    from participation.services.register import register_invite
    from tests.cms.factories import OrganisationFactory
    from tests.participation.conftest import make_staff

    organisation = OrganisationFactory(title="L'Îlot <Cerisiers>")
    member = RegisterMember.objects.create(organisation=organisation, name="Nadia", email="nadia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register_invite(member=member, user=make_staff(organisation, "accueil"))
    (message,) = mail.outbox
    assert message.subject == "[Plan Commun] Votre adhésion à L'Îlot <Cerisiers> sur Plan Commun"
