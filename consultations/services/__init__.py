from .consultations import (
    consultation_close,
    consultation_create,
    consultation_delete,
    consultation_has_ballots,
    consultation_open,
    consultation_update,
    question_delete,
    question_save,
)
from .paper import paper_ballot_enter, paper_batch_ballot_add, paper_batch_create
from .voting import answers_validate, ballot_cast, receipt_check

__all__ = [
    "answers_validate", "ballot_cast", "consultation_close", "consultation_create", "consultation_delete",
    "consultation_has_ballots", "consultation_open", "consultation_update", "paper_ballot_enter",
    "paper_batch_ballot_add", "paper_batch_create", "question_delete", "question_save", "receipt_check",
]
