"""Write a plan as a spreadsheet (CSV, XLSX) or in the structured format
(JSON), for a centre that keeps working on its plan outside the site or moves
it to another instance. Drafts export too: staff run this, not visitors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("XLSX is a binary format: give the file to write with -o FILE.xlsx."))
        plan = self._plan(plan_slug, organisation)
        content = EXPORTERS[file_format](plan)
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(_("%(plan)s: %(size)s bytes written to %(file)s")
                              % {"plan": plan.title, "size": len(content), "file": output})
        else:
            self.stdout.write(content.decode("utf-8"), ending="")

    def _plan(self, slug: str, organisation: str | None) -> PlanPage:
        plans = list(PlanPage.objects.filter(slug=slug).order_by("path"))
        if organisation:
            plans = [plan for plan in plans if plan.get_parent().slug == organisation]
        if not plans:
            known = ", ".join(sorted(set(PlanPage.objects.values_list("slug", flat=True)))) or "—"
            if organisation:
                message = _("No plan “%(slug)s” in organisation “%(organisation)s”. Known plans: %(known)s.")
            else:
                message = _("No plan “%(slug)s”. Known plans: %(known)s.")
            raise CommandError(message % {"slug": slug, "organisation": organisation, "known": known})
        if len(plans) > 1:
            owners = ", ".join(plan.get_parent().slug for plan in plans)
            raise CommandError(
                _("Several organisations have a plan “%(slug)s” (%(owners)s): choose one with --organisation.")
                % {"slug": slug, "owners": owners}
            )
        return plans[0]
