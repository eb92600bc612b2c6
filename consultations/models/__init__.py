from .ballots import Answer, Ballot, PaperBatch, VoteChannel, VoterRecord
from .consultations import (
    AuditAction,
    AuditEntry,
    Consultation,
    ConsultationStatus,
    Eligibility,
    Method,
    Option,
    Question,
    ResultsVisibility,
)

__all__ = [
    "Answer", "AuditAction", "AuditEntry", "Ballot", "Consultation", "ConsultationStatus", "Eligibility", "Method",
    "Option", "PaperBatch", "Question", "ResultsVisibility", "VoteChannel", "VoterRecord",
]
