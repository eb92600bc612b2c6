"""Data for tests/test_stack.py, written into the stack's own database by a
process of its own (the servers read it; the test process never opens that
database): an open vote with live results on one of the demo's CERISE
actions, its voters signed in, printed as JSON on the last line.

    python tests/stack_seed.py VOTERS
"""

import json
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.models import ActionPage, OrganisationPage  # noqa: E402
from consultations import services  # noqa: E402
from consultations.models import Method, ResultsVisibility  # noqa: E402
from participation.models import Membership, MembershipStatus, User  # noqa: E402


def member(name: str, organisation, role: str) -> User:
    user = User.objects.create_user(username=name, email=f"{name}@stack.local", display_name=name.title(),
                                    password=secrets.token_urlsafe(12))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(user=user, organisation=organisation, role=role, status=MembershipStatus.ACCEPTED)
    return user


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def main(voters: int) -> dict:
    organisation = OrganisationPage.objects.get(slug="cerise")
    action = ActionPage.objects.live().descendant_of(organisation).order_by("path").first()
    staff = member("stack-staff", organisation, "salarie")
    now = timezone.now()
    consultation = services.consultation_create(
        user=staff, organisation=organisation, actions=[action], title="Le vote des deux nœuds",
        context="Une mention à chaque formule.", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=5),
        results_visibility=ResultsVisibility.LIVE)
    question = services.question_save(consultation=consultation, user=staff, text="Quelle formule ?",
                                      method=Method.MAJORITY, labels=["Associatif", "Cantine", "Familles"])
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    people = [member(f"stack-voter-{n}", organisation, "habitant") for n in range(voters)]
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "consultation": consultation.pk, "question": question.pk,
        "options": list(question.options.order_by("pk").values_list("pk", flat=True)),
        "voters": [session_cookie(person) for person in people],
        "action": {"url": action.url, "content_type": ContentType.objects.get_for_model(action).pk,
                   "pk": action.pk},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
