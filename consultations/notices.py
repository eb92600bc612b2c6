"""What consultations tell people about (participation/notifying.py): the
reminder of a vote one may take part in and has not taken part in yet. It
says nothing else of anyone's vote, and only to the person themself."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, preference_register

REMINDERS = "consultation_reminders"
REMINDER = "consultation_reminder"


def may_vote(person, notification) -> bool:
    """The consultation's own rule: still theirs to read and vote in. (That
    they have not voted yet is asked when the reminder is made, and it
    leaves at once: consultations/services/reminders.py.)"""
    return person.has_perm("consultations.vote", notification.target)


def register() -> None:
    preference_register(REMINDERS, _("remind me two days before a vote I may take part in closes, if I have not "
                                     "voted yet"))
    kind_register(REMINDER, _("A vote closing soon, where I have not voted yet"), preference=REMINDERS,
                  audience=may_vote, digest=False)
