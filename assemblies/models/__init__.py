from .assemblies import (
    PREFECTURE_MONTHS,
    AgendaItem,
    Assembly,
    AssemblyDocument,
    AssemblyStatus,
    Attendance,
    Candidate,
    Convocation,
    ConvocationChannel,
    ItemStatus,
    Outcome,
    Proxy,
    ProxyChannel,
    SealedVote,
    VoiceRecord,
    VoteMethod,
)
from .statutes import (
    SHARE_CHOICES,
    SHARES,
    VOTED_KINDS,
    AssemblyKind,
    Majority,
    MajorityBase,
    QuorumKind,
    QuorumRule,
    ResolutionKind,
    Statutes,
    Threshold,
)

__all__ = [
    "PREFECTURE_MONTHS", "AgendaItem", "Assembly", "AssemblyDocument", "AssemblyStatus", "Attendance", "Candidate",
    "Convocation", "ConvocationChannel", "ItemStatus", "Outcome", "Proxy", "ProxyChannel", "SealedVote",
    "VoiceRecord", "VoteMethod", "SHARE_CHOICES", "SHARES", "VOTED_KINDS", "AssemblyKind", "Majority",
    "MajorityBase", "QuorumKind", "QuorumRule", "ResolutionKind", "Statutes", "Threshold",
]
