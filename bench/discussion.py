"""Builds a large, reproducible discussion of seed 004 for the benchmark.

A group of 60 members (one of them its moderator) reads the Weekly Worker supplement and leaves
N comments over its passages: about a third are replies placed as the site places them (nested
to the depth limit, then beside), a few answer prompts, a tenth are on the whole source, and a
realistic share is pending, hidden, removed, deleted or flagged. Everything comes from one
seeded random generator, so the same seed gives the same rows.

The comments go in through forum.posting.import_comments, the posting service's door for
history: rendered and reviewed as the site does (each distinct body of the pool rendered once),
dated, and placed in threads as the site places them, in a few bulk inserts. What moderators and
authors did later (pending, hidden, removed, deleted, flagged) is then written directly.
A member never repeats a text within the duplicate window (the site would refuse it): where the
generator draws one, the next body of the pool is taken instead, with no extra draw.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as PermissionGroup
from django.db import transaction
from django.utils import timezone

from forum import moderation
from forum.models import Comment, Flag, GroupReading, Membership, Profile, ReadingGroup
from forum.posting import PastComment, import_comments
from sources.models import Passage, Source

MEMBERS = 60
REPLY_SHARE = 0.34
WHOLE_SOURCE_SHARE = 0.10
PROMPT_ANSWER_SHARE = 0.4  # of new comments on a passage that has prompts
STATUS_WEIGHTS = {"approved": 0.93, "pending": 0.04, "hidden": 0.02, "removed": 0.01}
DELETED_SHARE = 0.02
FLAGGED_SHARE = 0.03
BODY_POOL = 400
SPAN_SECONDS = 60 * 24 * 3600  # the discussion spreads over 60 days

SENTENCES = [
    "I think the argument here turns on what counts as a workers' state.",
    "Compare this with the footnote: the figures for 1923 tell a different story.",
    "Is the author fair to Bukharin in this paragraph?",
    "The phrase *declassed proletariat* does a lot of work here.",
    "> a substituting apparatus\n\nWho exactly is substituting for whom?",
    "This reminds me of the reading from last week on the NEP.",
    "I disagree: the peasantry was not one class, and the text glosses over that.",
    "Good point. The numbers in the supplement support it, see [the note](https://example.org/notes).",
    "Could someone explain the difference between the Left and the United Opposition?",
    "The author's sympathies show in the choice of verbs: *marooned*, *tragic*.",
    "- grain procurement\n- the scissors crisis\n- industrialisation tempo",
    "Why does the text call this a second revolution rather than a counter-revolution?",
]


@dataclass
class Built:
    group: ReadingGroup
    source: Source
    moderator: object
    student: object
    comments: int


def find_seed_004():
    """The Weekly Worker supplement, as loaded from fixtures/."""
    source = Source.objects.filter(publication__icontains="weekly worker").first()
    if source is None:
        raise LookupError("Seed 004 (the Weekly Worker supplement) is not loaded: run `manage.py load_readings` first.")
    return source


def make_bodies(rng):
    return ["\n\n".join(rng.sample(SENTENCES, rng.randint(1, 4))) for _ in range(BODY_POOL)]


class Writers:
    """What each member has written so far, so that nobody repeats a text in the duplicate window."""

    def __init__(self, bodies):
        self.bodies, self.written = bodies, {}

    def body(self, author, drawn, created):
        """The body at pool index `drawn`, or the next one that `author` has not just written."""
        earlier = self.written.setdefault(author.pk, moderation.WrittenComments())
        body = next(
            body
            for step in range(len(self.bodies))
            if not moderation.repeats(body := self.bodies[(drawn + step) % len(self.bodies)], earlier, created)
        )
        earlier.add(created, body)
        return body


def make_members(group_slug):
    """60 users, each with a profile and display name (created one by one so the signal runs)."""
    User = get_user_model()
    users = []
    for n in range(1, MEMBERS + 1):
        user = User.objects.create(username=f"{group_slug}-{n:02d}", email=f"{group_slug}-{n:02d}@example.org")
        Profile.objects.filter(user=user).update(display_name=f"Student {n:02d}")
        users.append(user)
    return users


def existing(group_slug):
    """The Built for a group an earlier build() made, read back from the database."""
    group = ReadingGroup.objects.get(slug=group_slug)
    User = get_user_model()
    return Built(
        group=group,
        source=group.sources.get(),
        moderator=User.objects.get(username=f"{group_slug}-01"),
        student=User.objects.get(username=f"{group_slug}-02"),
        comments=Comment.objects.filter(group=group).count(),
    )


@transaction.atomic
def build(comment_count, seed=4, group_slug="bench"):
    """Create the group `group_slug` reading seed 004 with `comment_count` comments."""
    rng = random.Random(seed)
    source = find_seed_004()
    group = ReadingGroup.objects.create(name=f"Benchmark group ({comment_count:,} comments)", slug=group_slug)
    GroupReading.objects.create(group=group, source=source, position=1)
    users = make_members(group_slug)
    moderator, student = users[0], users[1]
    Membership.objects.bulk_create(
        [Membership(user=user, group=group, role="moderator" if user == moderator else "student") for user in users]
    )
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    moderators = PermissionGroup.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderator.groups.add(moderators)

    passages = list(Passage.objects.filter(source=source).exclude(kind="footnote"))
    prompts = {}
    for passage in Passage.objects.filter(source=source).prefetch_related("prompts"):
        if passage.prompts.all():
            prompts[passage.pk] = list(passage.prompts.all())
    writers = Writers(make_bodies(rng))
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    start = timezone.now() - timedelta(seconds=SPAN_SECONDS + 3600)

    # Plan every comment first (a reply answers an earlier entry), then import them all at once.
    entries, fates = [], []
    by_place = {}
    for index in range(comment_count):
        created = start + timedelta(seconds=index * SPAN_SECONDS // comment_count + rng.randint(0, 50))
        drawn = rng.randrange(len(writers.bodies))
        author = rng.choice(users)
        fates.append((rng.choices(statuses, weights)[0], rng.random() < DELETED_SHARE))
        entry = {"author": author, "body": writers.body(author, drawn, created), "created": created}
        siblings = None
        if rng.random() < REPLY_SHARE:
            candidates = [place for place in by_place.values() if place]
            siblings = rng.choice(candidates) if candidates else None
        if siblings:
            entry["reply_to"] = rng.choice(siblings)
            passage = entries[entry["reply_to"]].passage  # a reply stays where its thread is
        else:
            passage = None if rng.random() < WHOLE_SOURCE_SHARE else rng.choice(passages)
            if passage is not None and passage.pk in prompts and rng.random() < PROMPT_ANSWER_SHARE:
                entry["prompt"] = rng.choice(prompts[passage.pk])
        by_place.setdefault(passage.pk if passage else None, []).append(index)
        entries.append(PastComment(passage=passage, **entry))

    rows = imported(group, source, entries)
    later = {}  # what moderators and authors did to the comments since: {(status, is_deleted): [pk, …]}
    for (status, is_deleted), comment in zip(fates, rows, strict=True):
        if (status, is_deleted) != (comment.status, comment.is_deleted):
            comment.status, comment.is_deleted = status, is_deleted
            later.setdefault((status, is_deleted), []).append(comment.pk)
    for (status, is_deleted), pks in later.items():
        Comment.objects.filter(pk__in=pks).update(status=status, is_deleted=is_deleted)

    flags = []
    for comment in rows:
        if comment.status == "approved" and not comment.is_deleted and rng.random() < FLAGGED_SHARE:
            others = [user for user in users if user.pk != comment.author_id]
            for user in rng.sample(others, rng.randint(1, 2)):
                flags.append(Flag(comment=comment, user=user, reason=rng.choice(Flag.Reason.values)))
    Flag.objects.bulk_create(flags, batch_size=1000)
    return Built(group=group, source=source, moderator=moderator, student=student, comments=len(rows))


def imported(group, source, entries):
    """The comments of `entries`, imported through the posting service; every one must go in."""
    results = import_comments(group=group, source=source, entries=entries)
    refused = [result.reason for result in results if result.refused]
    if refused:
        raise RuntimeError(f"{len(refused)} comments of the history were refused, the first: {refused[0]}")
    return [result.comment for result in results]


SHORT_READING = "stalins-new-collectivation"


@transaction.atomic
def build_short(comment_count, seed=4, group_slug="bench-short", thread_size=5):
    """A group reading the short student blog post (seed 002) with `comment_count` approved
    comments on the reading as a whole, in threads of `thread_size` (a comment, a reply to it, a
    reply to that, and so on to the depth limit): all of them on one page of threads, so the page
    shows every one. With `comment_count` 0 it is the same page with no discussion, which the
    benchmark subtracts to find the cost of one shown comment."""
    rng = random.Random(seed)
    source = Source.objects.get(slug=SHORT_READING)
    group = ReadingGroup.objects.create(name=f"Short reading ({comment_count} comments)", slug=group_slug)
    GroupReading.objects.create(group=group, source=source, position=1)
    users = make_members(group_slug)
    Membership.objects.bulk_create(Membership(user=user, group=group) for user in users)
    writers = Writers(make_bodies(rng))
    start = timezone.now() - timedelta(days=10)
    entries = []
    for index in range(comment_count):
        drawn, author, created = rng.randrange(len(writers.bodies)), rng.choice(users), start + timedelta(minutes=index)
        reply_to = index - 1 if index % thread_size else None
        entries.append(PastComment(author, writers.body(author, drawn, created), created, reply_to=reply_to))
    imported(group, source, entries)
    return Built(group=group, source=source, moderator=users[0], student=users[1], comments=comment_count)
