"""Benchmark: import a generated 5,000-action spreadsheet, then import it again.

    make bench                                      (SQLite in a temporary file)
    DATABASE_URL=postgres://…/plancommun make bench  (database plancommun_bench, recreated)

Prints the time to read and parse the file, to write the plan, and to
re-import it unchanged. The target (docs/plan-spreadsheet.md): well under a
minute for 5,000 actions on the project's 2-core machine.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import throwaway_database  # noqa: E402

throwaway_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DEBUG", "true")  # the development settings: no SECRET_KEY needed

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.dataset import plan_workbook  # noqa: E402


def main():
    from cms.importing.plans import read_plan_file
    from cms.models import ActionPage, HomePage
    from cms.services import LoadReport, organisation_upsert, plans_import

    call_command("migrate", verbosity=0)
    content = plan_workbook("Plan de référence 5 000 actions", 10, 10, 10, 5)
    started = time.perf_counter()
    plans = read_plan_file(content, "bench.xlsx")
    parsed = time.perf_counter() - started
    organisation = organisation_upsert(
        home=HomePage.objects.get(), data={"slug": "bench", "name": "Bench", "kind": "association"},
        report=LoadReport(),
    )
    started = time.perf_counter()
    report = plans_import(organisation=organisation, plans=[p.data for p in plans])[0]
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = plans_import(organisation=organisation, plans=[p.data for p in plans])[0]
    second = time.perf_counter() - started
    actions = ActionPage.objects.filter(plan__slug=plans[0].data["slug"]).count()
    print(f"database            {django.db.connection.vendor}")
    print(f"file                {len(content) / 1e6:.1f} MB, {actions} actions, "
          f"{len(report.created)} pages and periods")
    print(f"read and parse      {parsed:6.1f} s")
    print(f"first import        {first:6.1f} s  ({actions / first:.0f} actions/s)")
    print(f"re-import unchanged {second:6.1f} s  ({len(again.created) + len(again.updated)} changes)")


if __name__ == "__main__":
    main()
