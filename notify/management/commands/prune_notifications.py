"""Delete read notifications older than MARGINALIA_NOTIFICATIONS_KEEP_READ_DAYS (90): run daily."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from notify import conf
from notify.models import Notification


class Command(BaseCommand):
    help = "Delete read notifications older than the kept number of days (unread ones stay)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep read notifications this many days.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; delete nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = conf.get("NOTIFICATIONS_KEEP_READ_DAYS") if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        old = Notification.objects.filter(read_at__isnull=False, created__lt=cutoff)
        if dry_run:
            self.stdout.write(f"Would delete {old.count()} read notifications older than {days} days.")
            return
        with transaction.atomic():
            deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} read notifications older than {days} days.")
