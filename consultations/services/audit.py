from participation import audit
from participation.models import AuditAction as Audited

from ..models import AuditAction, AuditEntry, Consultation

PAPER = {AuditAction.PAPER_BALLOT, AuditAction.PAPER_BATCH, AuditAction.PAPER_SIGNERS,
         AuditAction.PAPER_BATCH_BALLOT}


def audit_record(consultation: Consultation, *, actor, action: str, detail: str = "", voter=None) -> AuditEntry:
    """The consultation's own log, and the organisation's audit log
    (participation/audit.py). Neither ever holds what a ballot says: a paper
    ballot's entry names the consultation and, for a named ballot, the
    voter's account number, never their answers."""
    audit.audit_record(
        organisation=consultation.organisation_id, actor=actor,
        action=Audited.PAPER_BALLOTS if action in PAPER else Audited.CONSULTATION_CHANGED, obj=consultation,
        label=consultation.title,
        after={"event": str(action),
               **({"voter": f"#{voter.pk}"} if voter is not None else {"detail": detail[:500]} if detail else {})})
    return AuditEntry.objects.create(
        organisation_id=consultation.organisation_id, consultation=consultation,
        consultation_title=consultation.title, actor=actor, action=action, detail=detail[:500],
    )
