from django.core.management.base import BaseCommand

from privacy.retention import retention_run


class Command(BaseCommand):
    help = ("Warn the people whose accounts are unused at 30 and 7 days before their deletion, delete those past "
            "their organisations' period, and expire old notifications and audit log entries (run daily).")

    def handle(self, *args, **options):
        report = retention_run()
        self.stdout.write(f"{report.warned} warning(s) sent, {report.erased} account(s) deleted, "
                          f"{report.notifications_deleted} notification(s) and "
                          f"{report.audit_entries_deleted} audit log entry(ies) expired.")
