import logging
import signal
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from participation.scheduling import schedule_run_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Start the periodic jobs when they are due (digests, consultation reminders, daily clean-ups), each once "
            "per due moment however many clocks run; every minute, or once with --once (for a cron).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Start what is due now, then stop.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between two looks (60).")
        parser.add_argument("--heartbeat", default="", help="A file touched at every look (for a healthcheck).")

    def handle(self, *args, once=False, interval=60.0, heartbeat="", **options):
        self.stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            try:
                started = schedule_run_due()
            except Exception:
                if once:
                    raise
                logger.exception("The clock could not start the jobs due; it tries again in a minute")
                started = []
            if heartbeat:
                Path(heartbeat).touch()
            if started:
                self.stdout.write("Started: " + ", ".join(started))
            if once or self.stopping:
                return
            slept = 0.0
            while slept < interval and not self.stopping:
                time.sleep(min(1.0, interval - slept))
                slept += 1.0
            if self.stopping:
                return
            close_old_connections()  # a long-lived process: a connection past its age or broken is renewed

    def _stop(self, *args):
        self.stopping = True
