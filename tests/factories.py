"""The one set of factories for the tests: users, sources, groups, members, comments, and the
teaching pieces (an instructor, answer first, an answer to a reading question).

Defaults are the plainest thing that works: a source of three passages with one reading question
on the first; a private group whose flood limits stay out of the way (a test about a rule sets
the rule: `make_group(source, flood_interval_seconds=15)`); a comment on the whole source.
"""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from forum.conf import MODERATORS_GROUP
from forum.models import Comment, GroupReading, Membership, Profile, ReadingGroup
from sources.models import Passage, Prompt, Source
from teaching.models import ReadingSettings

_seq = itertools.count(1)
PASSWORD = "a-long-enough-password-123"
# Rules that never refuse a test's quick succession of posts; any of them can be overridden.
RELAXED_RULES = {"flood_interval_seconds": 0, "hourly_cap": 1000}
# The same rules as a new group gets them on the site, for the tests of those rules.
SHIPPED_RULES = {name: ReadingGroup._meta.get_field(name).default for name in RELAXED_RULES}


def make_user(username=None, display_name="", password=PASSWORD, **fields):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password, **fields)
    if display_name:
        Profile.objects.filter(user=user).update(display_name=display_name)
    return user


def make_source(slug=None, passages=3, prompts_on_first=1):
    n = next(_seq)
    slug = slug or f"source-{n}"
    source = Source.objects.create(slug=slug, title=f"Reading {slug}")
    for i in range(1, passages + 1):
        Passage.objects.create(
            source=source,
            position=i,
            anchor=f"p-{i}",
            text=f"Passage {i} of {source.slug}.",
            html=f"Passage {i} of {source.slug}.",
        )
    first = source.passages.first()
    for i in range(prompts_on_first if first else 0):
        Prompt.objects.create(passage=first, position=i, text=f"What does passage 1 mean? ({i})")
    return source


def make_group(*sources, slug=None, name=None, members=(), moderators=(), **fields):
    """A group reading `sources`, with `members` (students) and `moderators` (users);
    `fields` are ReadingGroup's (is_private, the rules)."""
    n = next(_seq)
    slug = slug or f"group-{n}"
    group = ReadingGroup.objects.create(name=name or f"Group {slug}", slug=slug, **{**RELAXED_RULES, **fields})
    for position, source in enumerate(sources):
        GroupReading.objects.create(group=group, source=source, position=position)
    for user in members:
        Membership.objects.create(user=user, group=group)
    for user in moderators:
        make_moderator(group, user)
    return group


def make_member(group, user=None, **fields):
    """A student membership (or any role and mute state given in `fields`) of a new or given user."""
    return Membership.objects.create(group=group, user=user or make_user(), **fields)


def make_moderator(group, user=None):
    """A group's moderator with desk access, as acts.set_role leaves them; returns the user."""
    user = user or make_user()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    Membership.objects.create(group=group, user=user, role=Membership.Role.MODERATOR)
    return user


def make_comment(group, author, body="A thought.", *, source=None, passage=None, parent=None, ago=None, **fields):
    """A comment saved as it stands (no rules: tests of the rules post through forum.posting).
    On the whole source unless `passage` or `parent` is given; `ago` seconds old."""
    source = source or (passage.source if passage else group.sources.first())
    if ago is not None:
        fields["created"] = timezone.now() - timedelta(seconds=ago)
    comment = Comment(group=group, source=source, passage=passage, author=author, body=body, **fields)
    if parent is not None:
        comment.place_reply(parent)
    comment.save()
    return comment


# Teaching: the words the teaching tests speak in, built on the factories above.


def make_instructor(group, username=None, display_name=""):
    """A new user who moderates `group` with desk access: the teaching tests' instructor."""
    return make_moderator(group, make_user(username, display_name))


def set_answer_first(group, source, on=True):
    """Turn answer first on (or off) for the group's reading of `source`."""
    reading = GroupReading.objects.get(group=group, source=source)
    ReadingSettings.objects.update_or_create(reading=reading, defaults={"answer_first": on})


def answer(group, author, prompt, body, **fields):
    """An answer to a reading question: a comment on the question's passage that names the question."""
    return make_comment(group, author, passage=prompt.passage, prompt=prompt, body=body, **fields)


def user_fixture(username, display_name=""):
    """A fixture that makes one named user, for a module's cast: `asker = user_fixture("asker", "Asker")`.
    pytest knows it by the name it is assigned to."""

    @pytest.fixture
    def named_user():
        return make_user(username, display_name)

    return named_user
