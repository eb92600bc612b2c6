"""What empties the consultations' caches: a question or option written
(from the site, the admin or a script) refreshes the cached questions of
its consultation, at once (the writer reads what it wrote) and again once
committed (a reader in between may have cached the questions as they were)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import Option, Question
from .selectors import questions_version_bump


def _changed(consultation_id: int | None) -> None:
    if consultation_id is not None:
        questions_version_bump(consultation_id)
        transaction.on_commit(lambda: questions_version_bump(consultation_id))


def _question_changed(sender, instance: Question, **kwargs) -> None:
    _changed(instance.consultation_id)


def _option_changed(sender, instance: Option, **kwargs) -> None:
    # An option deleted with its question: the question's own signal said it.
    _changed(Question.objects.filter(pk=instance.question_id).values_list("consultation_id", flat=True).first())


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_question_changed, sender=Question, dispatch_uid=f"questions-cache.question.{name}")
        signal.connect(_option_changed, sender=Option, dispatch_uid=f"questions-cache.option.{name}")
