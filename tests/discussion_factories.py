"""Small factories for the discussion tests: sources, users, groups, comments."""

import itertools

from django.contrib.auth import get_user_model

from forum.models import Comment, GroupReading, Membership, Profile, ReadingGroup
from sources.models import Passage, Prompt, Source

_seq = itertools.count(1)
PASSWORD = "a-long-enough-password-123"


def make_source(slug=None, passages=3, prompts_on_first=1):
    n = next(_seq)
    source = Source.objects.create(slug=slug or f"source-{n}", title=f"Source {n}")
    for i in range(1, passages + 1):
        Passage.objects.create(
            source=source,
            position=i,
            anchor=f"p-{i}",
            text=f"Passage {i} of {source.slug}.",
            html=f"Passage {i} of {source.slug}.",
        )
    first = source.passages.first()
    for i in range(prompts_on_first):
        Prompt.objects.create(passage=first, position=i, text=f"What does passage 1 mean? ({i})")
    return source


def make_user(username=None, display_name="", password=PASSWORD):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    if display_name:
        Profile.objects.filter(user=user).update(display_name=display_name)
    return user


def make_group(*sources, members=(), moderators=(), name=None, private=True):
    n = next(_seq)
    group = ReadingGroup.objects.create(
        name=name or f"Group {n}", slug=f"group-{n}", is_private=private, flood_interval_seconds=0, hourly_cap=1000
    )
    for position, source in enumerate(sources):
        GroupReading.objects.create(group=group, source=source, position=position)
    for user in members:
        Membership.objects.create(user=user, group=group)
    for user in moderators:
        Membership.objects.create(user=user, group=group, role=Membership.Role.MODERATOR)
    return group


def make_comment(group, author, source=None, passage=None, parent=None, body="A thought.", **fields):
    source = source or (passage.source if passage else group.sources.first())
    comment = Comment(group=group, source=source, passage=passage, author=author, body=body, **fields)
    if parent is not None:
        comment.place_reply(parent)
    comment.save()
    return comment
