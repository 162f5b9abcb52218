"""manage.py export_reading GROUP_SLUG SOURCE_SLUG --format markdown|csv [--output PATH] [--include-hidden]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forum.models import GroupReading, ReadingGroup
from teaching import export


class Command(BaseCommand):
    help = "Export one group's discussion of one reading as Markdown (the annotated edition) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("group", help="the group's slug")
        parser.add_argument("source", help="the reading's slug")
        parser.add_argument("--format", choices=["markdown", "csv"], default="markdown")
        parser.add_argument("--output", help="write to this file (default: standard output)")
        parser.add_argument(
            "--include-hidden", action="store_true", help="also held, hidden and removed comments, with their status"
        )

    def handle(self, *args, group, source, format, output, include_hidden, **options):
        found = ReadingGroup.objects.filter(slug=group).first()
        if found is None:
            raise CommandError(f"No group with the slug “{group}”.")
        reading = GroupReading.objects.select_related("group", "source").filter(group=found, source__slug=source)
        reading = reading.first()
        if reading is None:
            raise CommandError(f"{found.name} does not read a source with the slug “{source}”.")
        text, _, _ = export.render(reading, format, include_hidden)
        if output is None:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {path} ({len(text):,} characters).")
