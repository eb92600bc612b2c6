"""Who may do what with a consultation (the object is the consultation,
or the organisation for creating one).

Creating: the organisation's staff, the members of its conseil de maison,
and those who run one of its committees. Running one (editing, questions,
opening, closing, deleting): its creator (while they may still create
consultations in the organisation), the animators and secretaries of the
committee running it, and the organisation's staff; a plain member of the
conseil de maison runs their own consultations, not the others'. Paper
ballots and the log: the organisation's staff."""

import rules

from committees.models import CommitteeKind
from committees.predicates import is_committee_member, is_house_council_member, runs_a_committee_of, runs_committee
from committees.rules import can_view_committee_content
from participation.predicates import has_vote_in, is_organisation_member, is_organisation_staff, is_verified

from .models import ConsultationStatus, Eligibility


@rules.predicate
def is_consultation_staff(user, consultation) -> bool:
    return consultation is not None and is_organisation_staff(user, consultation.organisation)


@rules.predicate
def runs_consultation_committee(user, consultation) -> bool:
    return consultation is not None and consultation.committee_id is not None and runs_committee(
        user, consultation.committee
    )


@rules.predicate
def created_consultation(user, consultation) -> bool:
    return consultation is not None and user.is_authenticated and consultation.created_by_id == user.pk


may_create_in = is_organisation_staff | is_house_council_member | runs_a_committee_of


@rules.predicate
def may_create_in_its_organisation(user, consultation) -> bool:
    return consultation is not None and may_create_in(user, consultation.organisation)


@rules.predicate
def may_give_it_to_its_committee(user, consultation) -> bool:
    """Staff give a consultation to any committee of the organisation, or to
    none (the organisation's own); members of a conseil de maison to their
    council or to none; the others to a committee they run."""
    if consultation is None:
        return False
    committee = consultation.committee
    if is_consultation_staff(user, consultation):
        return True
    if committee is None:
        return is_house_council_member(user, consultation.organisation)
    if runs_committee(user, committee):
        return True
    return committee.kind == CommitteeKind.HOUSE_COUNCIL and is_committee_member(user, committee)


@rules.predicate
def is_published(user, consultation) -> bool:
    return consultation is not None and consultation.published_at is not None


@rules.predicate
def committee_content_visible(user, consultation) -> bool:
    """A members-only committee's consultations are for its members."""
    return consultation.committee_id is None or can_view_committee_content(user, consultation.committee)


@rules.predicate
def is_in_electorate(user, consultation) -> bool:
    """Belongs to the people asked (a paper voter at the desk need not have
    confirmed an email address; an online one must)."""
    if consultation is None or not user.is_authenticated:
        return False
    if consultation.eligibility == Eligibility.ORGANISATION:
        return is_organisation_member(user, consultation.organisation)
    if consultation.eligibility == Eligibility.MEMBERS:
        return has_vote_in(user, consultation.organisation)
    if consultation.eligibility == Eligibility.COMMITTEE:
        return consultation.committee_id is not None and is_committee_member(user, consultation.committee)
    return True


@rules.predicate
def results_visible(user, consultation) -> bool:
    return consultation is not None and consultation.results_visible()


@rules.predicate
def is_draft(user, consultation) -> bool:
    return consultation is not None and consultation.status() == ConsultationStatus.DRAFT


can_manage = (is_consultation_staff | runs_consultation_committee
              | (created_consultation & may_create_in_its_organisation & may_give_it_to_its_committee))
can_view = (is_published & committee_content_visible) | can_manage

rules.add_perm("consultations.add_consultation", may_create_in)
rules.add_perm("consultations.view_consultation", can_view)
rules.add_perm("consultations.manage_consultation", can_manage)
rules.add_perm("consultations.vote", is_published & committee_content_visible & is_verified & is_in_electorate)
rules.add_perm("consultations.vote_on_paper", is_published & is_in_electorate)
rules.add_perm("consultations.view_results", can_view & results_visible)
rules.add_perm("consultations.enter_paper_ballots", is_consultation_staff)
rules.add_perm("consultations.view_log", is_organisation_staff)
