from .ballots import Answer, Ballot, BallotBox, PaperBatch, SealedBallot, VoteChannel, VoterRecord
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
    "Answer", "AuditAction", "AuditEntry", "Ballot", "BallotBox", "Consultation", "ConsultationStatus",
    "Eligibility", "Method", "Option", "PaperBatch", "Question", "ResultsVisibility", "SealedBallot", "VoteChannel",
    "VoterRecord",
]
