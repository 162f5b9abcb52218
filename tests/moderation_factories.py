"""Small factories for the moderation tests: groups, members, moderators, comments."""

import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from forum.conf import MODERATORS_GROUP
from forum.models import Comment, GroupReading, Membership, ReadingGroup
from sources.models import Passage, Source

_seq = itertools.count(1)


def make_user(username=None, **fields):
    username = username or f"user{next(_seq)}"
    return User.objects.create_user(username=username, **fields)  # no password: tests log in with force_login


def make_source(slug=None):
    slug = slug or f"source-{next(_seq)}"
    source = Source.objects.create(slug=slug, title=f"Reading {slug}")
    Passage.objects.create(source=source, position=1, anchor="p-1", text="The first passage of the reading.")
    return source


def make_group(slug=None, source=None, **rules):
    slug = slug or f"group-{next(_seq)}"
    group = ReadingGroup.objects.create(name=f"Group {slug}", slug=slug, **rules)
    if source is not None:
        GroupReading.objects.create(group=group, source=source)
    return group


def make_member(group, user=None, **fields):
    return Membership.objects.create(group=group, user=user or make_user(), **fields)


def make_moderator(group, user=None):
    """A group moderator with desk access, as set_role leaves them."""
    user = user or make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return Membership.objects.create(group=group, user=user, role=Membership.Role.MODERATOR).user


def make_comment(group, author, body="A thought about this passage.", source=None, ago=None, **fields):
    source = source or group.sources.first() or make_source()
    if ago is not None:
        fields["created"] = timezone.now() - timedelta(seconds=ago)
    return Comment.objects.create(
        group=group, source=source, passage=source.passages.first(), author=author, body=body, **fields
    )
