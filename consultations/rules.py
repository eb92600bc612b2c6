"""Who may do what with a consultation (the object is the consultation,
or the organisation for creating one).

Managing: the organisation's staff, the animators and secretaries of the
committee running it, and the members of the organisation's conseil de
maison. Paper ballots and the log: the organisation's staff."""

import rules

from participation.predicates import (
    is_committee_member,
    is_house_council_member,
    is_organisation_member,
    is_organisation_staff,
    is_verified,
    runs_a_committee_of,
    runs_committee,
)
from participation.rules import can_view_committee_content

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
def sits_on_consultation_house_council(user, consultation) -> bool:
    return consultation is not None and is_house_council_member(user, consultation.organisation)


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
    if consultation.eligibility == Eligibility.COMMITTEE:
        return consultation.committee_id is not None and is_committee_member(user, consultation.committee)
    return True


@rules.predicate
def results_visible(user, consultation) -> bool:
    return consultation is not None and consultation.results_visible()


@rules.predicate
def is_draft(user, consultation) -> bool:
    return consultation is not None and consultation.status() == ConsultationStatus.DRAFT


can_manage = is_consultation_staff | runs_consultation_committee | sits_on_consultation_house_council
can_view = (is_published & committee_content_visible) | can_manage

rules.add_perm("consultations.add_consultation",
               is_organisation_staff | is_house_council_member | runs_a_committee_of)
rules.add_perm("consultations.view_consultation", can_view)
rules.add_perm("consultations.manage_consultation", can_manage)
rules.add_perm("consultations.vote", is_published & committee_content_visible & is_verified & is_in_electorate)
rules.add_perm("consultations.vote_on_paper", is_published & is_in_electorate)
rules.add_perm("consultations.view_results", can_view & results_visible)
rules.add_perm("consultations.enter_paper_ballots", is_consultation_staff)
rules.add_perm("consultations.view_log", is_organisation_staff)
