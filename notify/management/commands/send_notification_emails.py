"""Email the notifications members want "immediately": run every minute (docs/deploy.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from notify import emails


class Command(BaseCommand):
    help = "Send the waiting 'immediately' notification emails, one per notification; safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")
        parser.add_argument(
            "--every", type=int, metavar="SECONDS", help="Keep running, sending every SECONDS (without cron)."
        )

    def handle(self, *args, dry_run=False, every=None, **options):
        if every is not None and every < 1:
            raise CommandError("--every must be at least 1 second.")
        while True:
            sent, dropped = emails.send_queued(dry_run=dry_run)
            verb = "Would send" if dry_run else "Sent"
            if every is None or sent or dropped:
                self.stdout.write(
                    f"{verb} {sent} notification emails; {dropped} dropped (no longer visible, or no address)."
                )
            if every is None:
                return
            time.sleep(every)
