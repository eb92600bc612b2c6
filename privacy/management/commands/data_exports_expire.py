from django.core.management.base import BaseCommand

from privacy.exports import data_exports_expire


class Command(BaseCommand):
    help = "Delete the data archives older than their seven days (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{data_exports_expire()} archive(s) deleted.")
