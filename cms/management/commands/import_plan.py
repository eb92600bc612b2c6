"""Import a plan from a spreadsheet (XLSX, ODS, CSV) or a YAML/JSON plan file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.importing.layout import PlanImportError
from cms.importing.plans import read_plan_file
from cms.importing.readers import SpreadsheetError
from cms.models import HomePage, OrganisationPage
from cms.services import LoadReport, organisation_upsert, plans_import


class Command(BaseCommand):
    help = "Import or update a plan from its spreadsheet or a structured YAML/JSON file (docs/plan-spreadsheet.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX, ODS, CSV, YAML or JSON file")
        parser.add_argument("--organisation", required=True, help="slug of the organisation the plan belongs to")
        parser.add_argument("--create", action="store_true", help="create the organisation if it does not exist")
        parser.add_argument("--plan", help="slug of the plan to create or update (one sheet only)")
        parser.add_argument("--sheet", help="import only this sheet of the workbook")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror})
        try:
            plans = read_plan_file(content, path.name, sheet=options["sheet"])
        except (SpreadsheetError, PlanImportError) as error:
            raise CommandError(_("Nothing was imported.") + "\n" + str(error)) from error
        if options["plan"]:
            if len(plans) > 1:
                raise CommandError(_("The file has %(count)s plans (one per sheet): choose one with --sheet.")
                                   % {"count": len(plans)})
            plans[0].data["slug"] = options["plan"]
        organisation = self._organisation(options, plans[0].organisation)
        progress = self._progress if sys.stderr.isatty() or options["verbosity"] > 1 else None
        try:
            reports = plans_import(
                organisation=organisation, plans=[p.data for p in plans], dry_run=options["dry_run"], progress=progress
            )
        except Exception as error:  # noqa: BLE001 - any failure rolls the whole import back
            if options["traceback"]:
                raise
            raise CommandError(_("Nothing was imported: %(error)s") % {"error": error}) from error
        for plan, report in zip(plans, reports):
            self._print(plan, report, options)

    def _organisation(self, options, described: dict) -> OrganisationPage:
        slug = options["organisation"]
        organisation = OrganisationPage.objects.filter(slug=slug).first()
        if organisation is not None:
            return organisation
        if not options["create"]:
            raise CommandError(_("No organisation “%(slug)s”: check the slug, or add --create to create it.")
                               % {"slug": slug})
        data = {"slug": slugify(slug), "name": described.get("name") or slug.replace("-", " ").capitalize(),
                "kind": described.get("kind") or "association"}
        return organisation_upsert(home=HomePage.objects.get(), data=data, report=LoadReport())

    def _progress(self, done: int, total: int):
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")

    def _print(self, plan, report: LoadReport, options):
        prefix = _("Dry run, nothing written") + " · " if options["dry_run"] else ""
        self.stdout.write(
            prefix + _("%(source)s → plan “%(slug)s”: %(created)s created, %(updated)s updated, "
                       "%(removed)s unpublished")
            % {"source": plan.source, "slug": plan.data["slug"], "created": len(report.created),
               "updated": len(report.updated), "removed": len(report.removed)}
        )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if options["verbosity"] > 1 or options["dry_run"]:
            for heading, lines in ((_("Created"), report.created), (_("Updated"), report.updated),
                                   (_("Unpublished"), report.removed)):
                for line in lines:
                    self.stdout.write(f"  {heading}: {line}")
