"""Count the secret votes whose closing time has passed.

A secret vote is counted at its first reading after closing (its page, its
results, a live watcher); run this from cron (or after the worker starts) so
that no box stays sealed, in the voters' order, longer than needed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import box_count


class Command(BaseCommand):
    help = "Open, shuffle and count the sealed ballots of every closed secret consultation."

    def handle(self, *args, **options):
        now = timezone.now()
        due = Consultation.objects.filter(secret=True, counted_at__isnull=True, published_at__isnull=False,
                                          closes_at__lte=now)
        counted = sum(box_count(consultation=consultation, now=now) for consultation in due)
        self.stdout.write(f"{counted} consultation(s) counted")
