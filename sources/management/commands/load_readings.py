"""manage.py load_readings: load every reading fixture in fixtures/ (safe to run again)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources import importer
from sources.models import Source
from sources.parser import SourceFormatError


class Command(BaseCommand):
    help = (
        "Load the reading fixtures (fixtures/*.json). A reading already in the database "
        "is updated in place, keeping passages that have discussion."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(Path(settings.BASE_DIR) / "fixtures"))
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, directory, dry_run, **options):
        paths = sorted(Path(directory).glob("*.json"))
        if not paths:
            raise CommandError(f"{directory}: no reading fixtures")
        try:
            parsed_sources = [importer.parsed_from_fixture(path) for path in paths]
            importer.check_unique_slugs(parsed_sources)
            with transaction.atomic():
                existing = set(
                    Source.objects.filter(slug__in=[p.slug for p in parsed_sources]).values_list("slug", flat=True)
                )
                for path, parsed in zip(paths, parsed_sources, strict=True):
                    if parsed.slug in existing:
                        self.stdout.write(str(importer.sync(parsed)))
                    else:
                        call_command("loaddata", str(path), verbosity=0)
                        self.stdout.write(f"{parsed.slug}: loaded {path.name} ({len(parsed.passages)} passages)")
                if dry_run:
                    transaction.set_rollback(True)
                    self.stdout.write("dry run: nothing saved")
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
