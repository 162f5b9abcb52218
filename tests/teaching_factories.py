"""Factories for the teaching tests: a class reading with answer first, a moderator with desk access."""

from django.contrib.auth.models import Group

from forum.conf import MODERATORS_GROUP
from forum.models import GroupReading, Membership
from teaching.models import ReadingSettings
from tests.factories import make_comment, make_group, make_source, make_user


def make_instructor(group, username=None, display_name=""):
    """A moderator of `group` with the admin desk, as forum's set_role leaves one."""
    user = make_user(username, display_name)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    Membership.objects.create(user=user, group=group, role=Membership.Role.MODERATOR)
    return user


def set_answer_first(group, source, on=True):
    reading = GroupReading.objects.get(group=group, source=source)
    ReadingSettings.objects.update_or_create(reading=reading, defaults={"answer_first": on})


def answer(group, author, prompt, body, **fields):
    return make_comment(group, author, passage=prompt.passage, prompt=prompt, body=body, **fields)


__all__ = ["answer", "make_comment", "make_group", "make_instructor", "make_source", "make_user", "set_answer_first"]
