"""A class's own readings, as the admin sees them: a proxy of sources.Source scoped to an instructor.

No table of its own: who added a reading is Source.added_by, and which groups read it is
forum.GroupReading. The proxy gives the instructor's admin its own permissions (granted to the
"Moderators" auth group by a migration) without opening sources' full editor to them.
"""

from django.db import models

from forum.models import ReadingGroup
from sources.models import Source, SourceQuerySet


def instructed_groups(user):
    """The groups whose reading lists `user` manages: every group for a superuser, else those they moderate."""
    if user.is_active and user.is_superuser:
        return ReadingGroup.objects.all()
    return ReadingGroup.objects.moderated_by(user)


class ClassReadingQuerySet(SourceQuerySet):
    def in_admin_of(self, user):
        """What `user` sees in the admin: everything for a superuser; for an instructor, the readings
        on the lists of the groups they moderate and the readings they added. Nothing else, not even
        its title: another group's restricted reading is a 404."""
        if user.is_superuser:
            return self
        on_their_lists = Source.objects.filter(group_readings__group__in=instructed_groups(user)).values("pk")
        return self.filter(models.Q(added_by=user) | models.Q(pk__in=on_their_lists))


class ClassReading(Source):
    objects = ClassReadingQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "reading"
        verbose_name_plural = "readings"

    def editable_by(self, user):
        """Instructors edit the readings they added; the shipped ones and other instructors' are read-only."""
        return user.is_superuser or (self.added_by_id is not None and self.added_by_id == user.pk)
