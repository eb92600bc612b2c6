"""The demo accounts that make run creates and lists."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from participation.management.commands import load_demo_data as command
from participation.models import Membership

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_demo_accounts_one_per_role_verified_and_idempotent(demo_data, capsys):
    call_command("load_demo_data", "--no-admin")
    out = capsys.readouterr().out
    assert "habitante@demo.plan-commun.local" in out and "demo-plan-commun" in out
    roles = set(Membership.objects.filter(user__email__endswith="@demo.plan-commun.local").values_list("role", flat=True))
    assert roles == {"habitant", "benevole", "partenaire", "salarie", "administrateur"}
    assert EmailAddress.objects.filter(email__endswith="@demo.plan-commun.local", verified=True).count() == len(
        command.DEMO_ACCOUNTS)
    assert User.objects.get(email="communication@demo.plan-commun.local").has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(email="habitante@demo.plan-commun.local").has_perm("wagtailadmin.access_admin")

