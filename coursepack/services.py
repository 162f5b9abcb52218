"""The instructor's acts on a reading: add a pasted one to a group, or replace its text.

Each is one transaction through sources.importer, so the admin and any later caller share one
code path: re-importing keeps passages with discussion and refuses to drop one that has some.
"""

from django.db import models, transaction

from forum.models import GroupReading
from sources import importer
from sources.models import Source

from .models import ClassReading

META_FIELDS = ["title", "slug", "author", "publication", "date", "url", "kind", "rights", "description"]


def add_reading(pasted, meta, group, user, due=None):
    """A new restricted reading from `pasted` (sources.paste.Pasted) with `meta`, at the end of `group`'s list."""
    with transaction.atomic():
        source = ClassReading.objects.create(
            **{name: meta.get(name, "") for name in META_FIELDS},
            visibility=Source.Visibility.RESTRICTED,
            added_by=user,
        )
        importer.sync(pasted.parsed, source=source, passages_only=True)
        last = group.readings.aggregate(last=models.Max("position"))["last"]
        GroupReading.objects.create(group=group, source=source, due=due, position=0 if last is None else last + 1)
    return source


def replace_text(source, pasted, dry_run=False):
    """Re-import `source`'s passages from `pasted`; returns the importer's SyncReport.
    Raises importer.ImportRefused (nothing saved) when a passage with discussion would be dropped."""
    return importer.sync(pasted.parsed, source=source, dry_run=dry_run, passages_only=True)
