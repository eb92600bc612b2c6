from .box import box_count, box_count_if_due
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
from .paper import paper_ballot_enter, paper_batch_ballot_add, paper_batch_create, paper_batch_sign
from .voting import answers_validate, ballot_cast, ballot_lines

__all__ = [
    "answers_validate", "ballot_cast", "ballot_lines", "box_count", "box_count_if_due", "consultation_close",
    "consultation_create", "consultation_delete", "consultation_has_ballots", "consultation_open",
    "consultation_update", "paper_ballot_enter", "paper_batch_ballot_add", "paper_batch_create", "paper_batch_sign",
    "question_delete", "question_save",
]
