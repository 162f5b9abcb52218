"""manage.py setup_demo: the demo reading group, its two demo accounts and seed 002's readers.

Safe to run again: the group, readings and accounts are keyed on slug and username, and
fixtures/demo/readers.json uses natural keys, so a second run updates rather than duplicates.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from forum.conf import MODERATORS_GROUP
from forum.models import GroupReading, Membership, Profile, ReadingGroup
from sources.models import Source

GROUP_SLUG = "demo"
# The five readings in seed order; seed 002 is the one whose reader comments the fixture loads.
READINGS = [
    "galeev-collectivisation",
    "collectivization-paradox",
    "stalins-new-collectivation",
    "not-real-socialism-part-3",
    "bureaucratic-socialism-part-2",
]
ACCOUNTS = [
    # username, display name, password, role
    ("demo-student", "Demo Student", "demo-student-pass", Membership.Role.STUDENT),
    ("demo-moderator", "Demo Moderator", "demo-moderator-pass", Membership.Role.MODERATOR),
]


class Command(BaseCommand):
    help = "Create the demo reading group, a demo student and moderator, and load fixtures/demo/readers.json."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="used in the printed invite link")
        parser.add_argument("--dry-run", action="store_true", help="report what would be done, save nothing")

    def handle(self, *args, base_url, dry_run, **options):
        sources = {source.slug: source for source in Source.objects.filter(slug__in=READINGS)}
        missing = [slug for slug in READINGS if slug not in sources]
        if missing:
            raise CommandError(f"Readings missing ({', '.join(missing)}): run `manage.py load_readings` first.")
        with transaction.atomic():
            group = self.make_group(sources)
            accounts = [self.make_account(group, *account) for account in ACCOUNTS]
            call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "demo" / "readers.json"), verbosity=0)
            if dry_run:
                transaction.set_rollback(True)
        self.report(group, accounts, base_url.rstrip("/"), dry_run)

    def make_group(self, sources):
        group, _ = ReadingGroup.objects.get_or_create(
            slug=GROUP_SLUG,
            defaults={
                "name": "Demo reading group",
                "description": "Five readings on Soviet collectivisation, read together passage by passage.",
            },
        )
        first_due = timezone.localdate() + timedelta(days=7)
        for position, slug in enumerate(READINGS):
            GroupReading.objects.get_or_create(
                group=group,
                source=sources[slug],
                defaults={"position": position, "due": first_due + timedelta(weeks=position)},
            )
        return group

    def make_account(self, group, username, name, password, role):
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        # The printed password always works: a rerun resets it.
        user.set_password(password)
        user.is_staff = role == Membership.Role.MODERATOR
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"display_name": name})
        Membership.objects.update_or_create(user=user, group=group, defaults={"role": role})
        if role == Membership.Role.MODERATOR:
            moderators = Group.objects.filter(name=MODERATORS_GROUP).first()
            if moderators is not None:
                user.groups.add(moderators)
        return username, password, role

    def report(self, group, accounts, base_url, dry_run):
        if dry_run:
            self.stdout.write("dry run: nothing saved")
        self.stdout.write(f"Demo group “{group.name}”: invite link {base_url}{group.get_invite_path()}")
        for username, password, role in accounts:
            self.stdout.write(f"  {role:<9} username {username:<15} password {password}")
        self.stdout.write(f"  The moderator can also log in to the admin at {base_url}/admin/")
