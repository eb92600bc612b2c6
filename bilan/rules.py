import rules

from participation.predicates import is_organisation_staff


@rules.predicate
def is_published_bilan(user, organisation) -> bool:
    """The staff chose to publish the bilan's public version (no names)."""
    from .models import BilanSharing

    return organisation is not None and BilanSharing.objects.filter(organisation=organisation,
                                                                    public=True).exists()


@rules.predicate
def is_network_staff(user, organisation) -> bool:
    """Staff of a federation or a cooperation, or of any organisation with
    member organisations (a federation's centres, a cooperation's maisons)."""
    from cms.models import OrganisationKind, OrganisationPage

    return organisation is not None and is_organisation_staff(user, organisation) and (
        organisation.kind in (OrganisationKind.FEDERATION, OrganisationKind.COOPERATION)
        or OrganisationPage.objects.child_of(organisation).exists())


# The object is the organisation.
rules.add_perm("bilan.view_bilan", is_organisation_staff)
rules.add_perm("bilan.view_public_bilan", is_published_bilan | is_organisation_staff)
rules.add_perm("bilan.manage_sharing", is_organisation_staff)
rules.add_perm("bilan.view_network", is_network_staff)
rules.add_perm("bilan.copy_plan", is_organisation_staff)
