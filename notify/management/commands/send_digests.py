"""Send each member their daily digest, at most one a day: run once a day (docs/deploy.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notify import emails, notices


class Command(BaseCommand):
    help = (
        "Note readings due today or tomorrow that members have not answered, then send each member "
        "one digest of their waiting notifications; a member gets at most one a day, so it is safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for (YYYY-MM-DD); today by default.")
        parser.add_argument("--dry-run", action="store_true", help="Count the digests; send and record nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must look like 2026-12-01, not {date!r}.") from None
        if not dry_run:
            notices.readings_due(today)
        sent, skipped = emails.send_digests(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {sent} digests for {today}; {skipped} members already had theirs.")
