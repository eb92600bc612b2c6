"""What comités tell people about, the e-mail preference it goes by, and who
may receive it (participation/notifying.py). A comité's notifications are
about the comité: its meetings and minutes reach those who may read its
content (members-only comités: their members and the staff), now."""

from django.utils.translation import gettext_lazy as _

from participation.notifying import kind_register, preference_register

COMMITTEES = "committees"


class CommitteeNotice:
    REQUEST = "committee_request"
    ANSWERED = "committee_answered"
    MEETING = "committee_meeting"
    MINUTES = "committee_minutes"


def may_read_content(person, notification) -> bool:
    return person.has_perm("committees.view_committee_content", notification.target)


def runs_it(person, notification) -> bool:
    """Requests to join: the animators and secretary, the staff."""
    return person.has_perm("committees.manage_committee", notification.target)


def about_ones_seat(person, notification) -> bool:
    """An answer, an appointment, a removal: the person's own seat, said
    with the comité's name and page, which are public."""
    return notification.target is not None


def register() -> None:
    preference_register(COMMITTEES, _("email me about my committees (meetings, minutes, requests to join)"))
    kind_register(CommitteeNotice.REQUEST, _("A request to join a committee I run"), preference=COMMITTEES,
                  audience=runs_it)
    kind_register(CommitteeNotice.ANSWERED, _("My seat in a committee: answer, appointment, role"),
                  preference=COMMITTEES, audience=about_ones_seat)
    kind_register(CommitteeNotice.MEETING, _("A meeting of my committee: new, changed or cancelled"),
                  preference=COMMITTEES, audience=may_read_content)
    kind_register(CommitteeNotice.MINUTES, _("The minutes of a meeting of my committee"), preference=COMMITTEES,
                  audience=may_read_content)
