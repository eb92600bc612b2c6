import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from assemblies.models import Assembly, Statutes
from assemblies.services.convocation import assembly_convene
from assemblies.services.preparation import assembly_create, item_save
from participation.models import RegisterMember, Subscription, VoteRight
from tests.cms.factories import OrganisationFactory
from tests.participation.conftest import make_staff, make_user

_numbers = itertools.count(1)


def add_member(organisation, name=None, *, account=True, category="adherent", vote=VoteRight.DELIBERATIVE,
               lapsed=False, email=""):
    """A member of the register, up to date for a year around today (or
    lapsed last year), with an account unless `account=False`."""
    number = next(_numbers)
    name = name or f"Membre {number}"
    user = make_user(f"membre{number}") if account else None
    member = RegisterMember.objects.create(organisation=organisation, name=name, number=f"M-{number}", user=user,
                                           email=email)
    today = timezone.localdate()
    starts = today - timedelta(days=400 if lapsed else 100)
    Subscription.objects.create(member=member, category=category, vote=vote, starts_on=starts,
                                ends_on=starts + timedelta(days=364))
    return member


def make_statutes(organisation, **fields) -> Statutes:
    return Statutes.objects.create(organisation=organisation, title="Statuts de 2019", **fields)


def make_assembly(organisation, staff, statutes=None, *, days=30, items=("Rapport moral",), convene=True,
                  **fields) -> Assembly:
    statutes = statutes or make_statutes(organisation)
    assembly = assembly_create(organisation=organisation, user=staff, statutes=statutes,
                               title=fields.pop("title", "Assemblée générale 2026"),
                               starts_at=timezone.now() + timedelta(days=days), place="Salle des fêtes", **fields)
    for title in items:
        item_save(assembly=assembly, user=staff, kind="rapport_moral", title=title, text="L'AG approuve.")
    if convene:
        assembly_convene(assembly=assembly, user=staff)
    return assembly


@pytest.fixture
def place(db):
    organisation = OrganisationFactory(title="Centre social des Tilleuls")
    return organisation, make_staff(organisation, "secretariat")


__all__ = ["add_member", "make_assembly", "make_statutes", "make_staff", "make_user"]
