from ..models import AuditEntry, Consultation


def audit_record(consultation: Consultation, *, actor, action: str, detail: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        organisation_id=consultation.organisation_id, consultation=consultation,
        consultation_title=consultation.title, actor=actor, action=action, detail=detail[:500],
    )
