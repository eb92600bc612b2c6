"""An organisation's admin group is bound to the organisation, not to its
title: staff who rename their organisation after another one (they may edit
its page) must not hand the next person accepted there the other's group
and its page permissions."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from cms.services import organisation_editors_group
from participation.models import Membership, MembershipStatus
from participation.services import membership_answer, membership_request
from tests.cms.factories import OrganisationFactory

from .conftest import make_user

pytestmark = pytest.mark.django_db


def administrator(organisation, name):
    user = make_user(name)
    Membership.objects.create(user=user, organisation=organisation, role="administrateur",
                              status=MembershipStatus.ACCEPTED)
    return user


def test_renaming_ones_organisation_after_another_hands_over_nothing():
    mine, theirs = OrganisationFactory(title="Maison Alpha"), OrganisationFactory(title="Centre Beta")
    their_group = organisation_editors_group(theirs)
    mine.title = "Centre Beta"
    mine.save_revision().publish()
    newcomer = make_user("nouvelle")
    request = membership_request(user=newcomer, organisation=mine, role="salarie")
    membership_answer(membership=request, by=administrator(mine, "alpha"), accept=True)
    assert not newcomer.groups.filter(pk=their_group.pk).exists()
    assert not GroupPagePermission.objects.filter(group=their_group, page=mine).exists()
    assert newcomer.groups.get().page_permissions.filter(page=mine).exists()


def test_the_group_follows_a_renamed_organisation():
    organisation = OrganisationFactory(title="Centre des Tilleuls")
    group = organisation_editors_group(organisation)
    assert group.name == f"Communication – Centre des Tilleuls [#{organisation.pk}]"
    organisation.title = "Maison des Tilleuls"
    organisation.save_revision().publish()
    assert organisation_editors_group(organisation).pk == group.pk
    assert Group.objects.get(pk=group.pk).name == f"Communication – Maison des Tilleuls [#{organisation.pk}]"


def test_a_group_made_before_the_id_was_in_its_name_is_kept():
    organisation = OrganisationFactory(title="Centre ancien")
    old = Group.objects.create(name="Communication – Centre ancien")
    GroupPagePermission.objects.create(group=old, page=organisation, permission_type="change")
    assert organisation_editors_group(organisation).pk == old.pk
    # The same name without this organisation's page permissions is someone else's.
    other = OrganisationFactory(title="Centre ancien")
    assert organisation_editors_group(other).pk != old.pk
