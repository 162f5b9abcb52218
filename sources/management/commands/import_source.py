"""manage.py import_source FILE…: create or update readings from source files, or write their fixtures."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources import importer
from sources.parser import SourceFormatError


class Command(BaseCommand):
    help = (
        "Create or update sources from files in the source format (docs/source-format.md). "
        "Re-importing keeps unchanged and lightly edited passages, and refuses to drop one that has discussion."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--fixture",
            metavar="PATH",
            help="write a JSON fixture instead of touching the database (a directory gets <slug>.json per file)",
        )
        parser.add_argument("--from-raw", action="store_true", help="convert raw pasted web text first")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument(
            "--write-text",
            metavar="PATH",
            help="with --from-raw: write the converted text in the source format to PATH (a new file) "
            "for the editor, and nothing else",
        )

    def handle(self, *args, files, fixture, from_raw, dry_run, write_text, **options):
        if write_text:
            self.write_converted_text(files, from_raw, write_text, dry_run)
            return
        try:
            parsed_sources = [self.read(path, from_raw) for path in files]
            importer.check_unique_slugs(parsed_sources)
            targets = self.fixture_targets(parsed_sources, fixture) if fixture else None
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        for parsed in parsed_sources:
            for warning in parsed.warnings:
                self.stderr.write(f"warning: {warning}")
        if targets:
            self.write_fixtures(targets, dry_run)
        else:
            self.import_all(parsed_sources, dry_run)

    def read(self, path, from_raw):
        parsed, _ = importer.read_source(path, from_raw=from_raw, on_conversion=self.show_report)
        return parsed

    def show_report(self, conversion):
        """The converter's report for the editor: a summary line, then errors, warnings and every guess or drop."""
        self.stdout.write(conversion.report.render_text())

    def write_converted_text(self, files, from_raw, target, dry_run):
        """The editor's first step with pasted web text: convert it, then edit the result by hand.

        The draft is written whatever the converter could not resolve (no title, a note without a marker):
        the report names each such line, and the editor fixes it in the file before importing it.
        """
        if not from_raw or len(files) != 1:
            raise CommandError("--write-text converts one raw file: use it with --from-raw and a single FILE")
        target = Path(target)
        if target.exists():
            raise CommandError(f"{target}: already exists; choose a new path so no edited text is overwritten")
        try:
            conversion = importer.convert_raw(files[0])
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        self.show_report(conversion)
        if not conversion.report.passages:
            raise CommandError(str(conversion.report.located(conversion.report.errors[0])) + "; nothing written")
        problems = len(conversion.report.errors) + conversion.title_missing
        todo = f"; {problems} to fix in the draft before importing it (see the report)" if problems else ""
        if dry_run:
            self.stdout.write(f"{files[0]}: would write {target}{todo}")
            return
        target.write_text(conversion.text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{files[0]}: wrote {target}; check headings, quotes and captions{todo}"))

    def fixture_targets(self, parsed_sources, fixture):
        target = Path(fixture)
        if target.is_dir() or fixture.endswith("/"):
            return [(parsed, target / f"{parsed.slug}.json") for parsed in parsed_sources]
        if len(parsed_sources) > 1:
            raise SourceFormatError(fixture, 0, "several files need a directory for --fixture")
        return [(parsed_sources[0], target)]

    def write_fixtures(self, targets, dry_run):
        for parsed, path in targets:
            summary = (
                f"{len(parsed.passages)} passages, {len(parsed.references)} footnote references, "
                f"{sum(len(p.prompts) for p in parsed.passages)} prompts"
            )
            if dry_run:
                self.stdout.write(f"{parsed.path}: would write {path} ({summary})")
            else:
                importer.write_fixture(parsed, path)
                self.stdout.write(self.style.SUCCESS(f"{parsed.path}: wrote {path} ({summary})"))

    def import_all(self, parsed_sources, dry_run):
        try:
            with transaction.atomic():
                reports = [importer.sync(parsed) for parsed in parsed_sources]
                if dry_run:
                    transaction.set_rollback(True)
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        for report in reports:
            prefix = "dry run, nothing saved: " if dry_run else ""
            self.stdout.write(self.style.SUCCESS(f"{prefix}{report}"))
