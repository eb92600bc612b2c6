"""Write a plan as a spreadsheet (CSV, XLSX) or in the structured format
(JSON), for a centre that keeps working on its plan outside the site or moves
it to another instance. Drafts export too: staff run this, not visitors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.exporting import EXPORTERS
from cms.models import PlanPage


class Command(BaseCommand):
    help = "Export a plan as CSV, XLSX or JSON (docs/plan-spreadsheet.md, docs/plan-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("plan_slug", help="Slug of the plan.")
        parser.add_argument("--organisation", help="Slug of the organisation, when several have a plan of that slug.")
        parser.add_argument(
            "--format", dest="file_format", required=True, choices=sorted(EXPORTERS), help="File format."
        )
        parser.add_argument("-o", "--output", help="File to write; standard output when omitted (CSV and JSON).")

    def handle(self, *args, plan_slug, organisation, file_format, output, **options):
        if file_format == "xlsx" and not output:
            raise CommandError("XLSX is a binary format: give the file to write with -o FILE.xlsx.")
        plan = self._plan(plan_slug, organisation)
        content = EXPORTERS[file_format](plan)
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(f"{plan.title}: {len(content)} bytes written to {output}")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")

    def _plan(self, slug: str, organisation: str | None) -> PlanPage:
        plans = list(PlanPage.objects.filter(slug=slug).order_by("path"))
        if organisation:
            plans = [plan for plan in plans if plan.get_parent().slug == organisation]
        if not plans:
            known = ", ".join(sorted(set(PlanPage.objects.values_list("slug", flat=True)))) or "none"
            where = f" in organisation “{organisation}”" if organisation else ""
            raise CommandError(f"No plan “{slug}”{where}. Known plans: {known}.")
        if len(plans) > 1:
            owners = ", ".join(plan.get_parent().slug for plan in plans)
            raise CommandError(
                f"Several organisations have a plan “{slug}” ({owners}): choose one with --organisation."
            )
        return plans[0]
