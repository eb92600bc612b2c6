"""What the journal tells people about (participation/notifying.py)."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, readable

NEWS = "journal_entry"
PILOT = "journal_pilot"


def may_read_it(person, notification) -> bool:
    """An entry, or the action one pilots: where the person may read it."""
    return readable(person, notification.target)


def register() -> None:
    kind_register(NEWS, _("News of an action I follow"), preference="followed", audience=may_read_it)
    kind_register(PILOT, _("I can write an action's journal"), preference="membership", audience=may_read_it)
