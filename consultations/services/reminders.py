"""Reminders: two days before a consultation closes, each person who may
vote in it online and has not voted is told so, once, by a notification and
its e-mail (unless they switched the reminders off). Who may vote is the
consultation's own rule (consultations.vote, asked for each person); who
voted is the register of voters (VoterRecord), never the ballots: the
reminder tells its reader only that they have not voted yet."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from participation.emails import email_wanted
from participation.models import User
from participation.services import notifications_create

from ..models import Consultation, VoterRecord
from ..notices import REMINDER, REMINDERS
from ..selectors import electorate_user_ids

logger = logging.getLogger(__name__)

REMINDER_BEFORE = datetime.timedelta(days=2)


def once_key(consultation: Consultation) -> str:
    return f"consultation-reminder:{consultation.pk}"


def consultations_to_remind(now: datetime.datetime):
    """Open, published, closing within two days, and open already two days
    before closing (a shorter vote is announced, not reminded of)."""
    return Consultation.objects.published().filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + REMINDER_BEFORE,
    ).filter(opens_at__lte=F("closes_at") - REMINDER_BEFORE)


def reminder_candidates(consultation: Consultation):
    """Active accounts with an address, in the electorate's rows (the
    selector the turnout uses), who have no vote recorded and no reminder
    yet; each is then asked the rule itself."""
    people = User.objects.filter(is_active=True).exclude(email="")
    electorate = electorate_user_ids(consultation)
    if electorate is not None:
        people = people.filter(pk__in=electorate)
    voted = VoterRecord.objects.filter(consultation=consultation, user__isnull=False).values("user_id")
    reminded = consultation_reminded_ids(consultation)
    return people.exclude(pk__in=voted).exclude(pk__in=reminded).order_by("pk")


def consultation_reminded_ids(consultation: Consultation):
    from participation.models import Notification

    return Notification.objects.filter(once_key=once_key(consultation)).values("recipient_id")


def consultation_remind(*, consultation: Consultation) -> int:
    """Remind every eligible person who has not voted, once; how many."""
    with override(settings.LANGUAGE_CODE):
        detail = _("You have not voted yet. The vote closes on %(date)s.") % {
            "date": formats.date_format(timezone.localtime(consultation.closes_at), "DATETIME_FORMAT")}
    reminded = 0
    for person in reminder_candidates(consultation).iterator(chunk_size=200):
        if not email_wanted(person, REMINDERS) or not person.has_perm("consultations.vote", consultation):
            continue
        try:
            with transaction.atomic():
                made = notifications_create(recipients={person.pk: REMINDER}, target=consultation, actor_id=None,
                                            title=consultation.title, url=consultation.get_absolute_url(),
                                            detail=detail, once_key=once_key(consultation))
        except IntegrityError:
            continue  # reminded meanwhile, by another run
        reminded += len(made)
    return reminded


def reminders_send(due_at: datetime.datetime | None = None) -> str:
    """Every consultation closing within two days (a job of the clock)."""
    now = timezone.now()
    total = 0
    for consultation in consultations_to_remind(now).select_related("organisation", "committee"):
        try:
            total += consultation_remind(consultation=consultation)
        except Exception:
            logger.exception("The reminders of consultation %s failed", consultation.pk)
    return f"{total} reminder(s)"
