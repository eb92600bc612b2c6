"""What comités tell people about, and the e-mail preference it goes by
(participation/notifying.py)."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, preference_register

COMMITTEES = "committees"


class CommitteeNotice:
    REQUEST = "committee_request"
    ANSWERED = "committee_answered"
    MEETING = "committee_meeting"
    MINUTES = "committee_minutes"


def register() -> None:
    preference_register(COMMITTEES, _("email me about my committees (meetings, minutes, requests to join)"))
    kind_register(CommitteeNotice.REQUEST, _("A request to join a committee I run"), preference=COMMITTEES)
    kind_register(CommitteeNotice.ANSWERED, _("My seat in a committee: answer, appointment, role"),
                  preference=COMMITTEES)
    kind_register(CommitteeNotice.MEETING, _("A meeting of my committee: new, changed or cancelled"),
                  preference=COMMITTEES)
    kind_register(CommitteeNotice.MINUTES, _("The minutes of a meeting of my committee"), preference=COMMITTEES)
