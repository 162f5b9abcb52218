"""Posting and editing a comment: the one code path the site, the tests and scripts call.

The body is rendered once; the rules (forum.moderation) judge that rendering; the comment is
saved, and held if the rules say so, in one transaction that holds the author's place in the
group: a row lock on their membership on PostgreSQL; on SQLite the transaction takes the write
lock when it begins (`transaction_mode: IMMEDIATE`, config/settings.py). So a burst of posts by
one member (a double click, two tabs, a script) is judged one post at a time, each seeing the
ones before it: twelve identical posts store one, and a flood interval or hourly cap holds.

History (a discussion moved from elsewhere, the benchmark's 55,000 comments) comes in through
import_comments(): the same rendering and the same review, as of each comment's own date.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sources.models import Passage, Prompt, Source

from . import acts, moderation
from .models import Comment, Membership, ReadingGroup
from .sanitize import render_comment
from .signals import comment_edited, comment_posted


@dataclass(frozen=True)
class PostResult:
    """What became of a post: the comment saved (None when refused) and the rules' verdict."""

    comment: Comment | None
    verdict: moderation.Verdict

    @property
    def refused(self) -> bool:
        return self.verdict.refused

    @property
    def held(self) -> bool:
        return self.verdict.held

    @property
    def reason(self) -> str:
        return self.verdict.reason


def lock_membership(user: AbstractBaseUser, group: ReadingGroup) -> Membership | None:
    """`user`'s membership of `group`, locked until the transaction ends (call inside atomic()).

    SQLite ignores select_for_update; there the IMMEDIATE transaction already holds the
    database's one write lock, which serialises posts just as well.
    """
    return Membership.objects.select_for_update().select_related("group").of(user, group)


def post_comment(
    *,
    group: ReadingGroup,
    author: AbstractBaseUser,
    source: Source,
    body: str,
    passage: Passage | None = None,
    prompt: Prompt | None = None,
    parent: Comment | None = None,
) -> PostResult:
    """Post `body` by `author` in `group` on `source` (on `passage`, answering `prompt`, or replying
    to `parent`), unless the rules refuse it. Validation of the places is the caller's (the form);
    the rules and the lock are here. comment_posted is sent once the comment is committed."""
    html = render_comment(body)
    with transaction.atomic():
        membership = lock_membership(author, group)
        # Read the clock inside the lock: the flood interval and the cap compare against it.
        now = timezone.now()
        verdict = moderation.review(group, author, body, html=html, membership=membership, now=now)
        if verdict.refused:
            return PostResult(None, verdict)
        comment = Comment(group=group, source=source, author=author, passage=passage, prompt=prompt, created=now)
        comment.set_body(body, html)
        if parent is not None:
            comment.place_reply(parent)
        comment.save()
        if verdict.held:
            acts.hold(comment, verdict.reason)  # moves it to pending and writes the log entry
        transaction.on_commit(lambda: comment_posted.send(sender=Comment, comment=comment))
    return PostResult(comment, verdict)


def edit_comment(comment: Comment, body: str, now: datetime | None = None) -> PostResult:
    """The author changes the text of `comment`; an approved comment edited into spam goes back to
    the queue. Edits are never refused. comment_edited is sent once the edit is committed."""
    html = render_comment(body)
    verdict = moderation.review_edit(comment, body, html=html)
    with transaction.atomic():
        comment.set_body(body, html)
        comment.edited = now or timezone.now()
        comment.save(update_fields=["body", "body_html", "edited"])
        if verdict.held and comment.status == Comment.Status.APPROVED:
            acts.hold(comment, f"edited: {verdict.reason}")
        transaction.on_commit(lambda: comment_edited.send(sender=Comment, comment=comment))
    return PostResult(comment, verdict)


@dataclass(frozen=True)
class PastComment:
    """One comment of a history to import: who wrote what, when, and where. `reply_to` is the
    comment it answers: an earlier entry of the same import (its index) or a stored Comment."""

    author: AbstractBaseUser
    body: str
    created: datetime
    passage: Passage | None = None
    prompt: Prompt | None = None
    reply_to: "int | Comment | None" = None


def import_comments(*, group: ReadingGroup, source: Source, entries: Sequence[PastComment]) -> list[PostResult]:
    """Import a history of comments in `group` on `source`, each as post_comment would have
    taken it at its `created`: the body rendered (each distinct body once), reviewed on that HTML
    by the same rules as of that date, saved, and held if they say so; replies placed as the site
    places them. Only the rate rules (flood interval, hourly cap) are skipped: they pace posting,
    and history is already written. Entries come in the order they were written; each is judged
    against the author's comments before it. A reply to a refused entry is refused too.

    Returns a PostResult per entry, in order. Everything is written in one transaction, in a few
    bulk inserts (one per generation of replies), so 50,000 comments take seconds. Nothing is
    announced (no comment_posted): history is not news to notify anyone of.
    """
    html_of = {}
    memberships = {m.user_id: m for m in Membership.objects.filter(group=group).select_related("group")}
    earlier = _stored_history(group, {entry.author.pk for entry in entries})
    results = []
    for position, entry in enumerate(entries):
        if isinstance(entry.reply_to, int) and not 0 <= entry.reply_to < position:
            raise ValueError(f"Entry {position} answers entry {entry.reply_to}, which is not an earlier one.")
        target = results[entry.reply_to].comment if isinstance(entry.reply_to, int) else entry.reply_to
        if entry.reply_to is not None and target is None:
            results.append(PostResult(None, moderation.Verdict("refuse", "The comment it answers was not imported.")))
            continue
        if entry.body not in html_of:
            html_of[entry.body] = render_comment(entry.body)
        html = html_of[entry.body]
        written = earlier.setdefault(entry.author.pk, moderation.WrittenComments())
        verdict = moderation.review(
            group,
            entry.author,
            entry.body,
            html=html,
            membership=memberships.get(entry.author.pk),
            now=entry.created,
            earlier=written,
            history=True,
        )
        if verdict.refused:
            results.append(PostResult(None, verdict))
            continue
        comment = Comment(group=group, source=source, author=entry.author, passage=entry.passage, prompt=entry.prompt)
        comment.created = entry.created
        comment.set_body(entry.body, html)
        written.add(entry.created, entry.body)
        results.append(PostResult(comment, verdict))
    with transaction.atomic():
        for generation in _generations(results, entries):
            for index in generation:
                target = entries[index].reply_to
                if target is not None:
                    results[index].comment.place_reply(results[target].comment if isinstance(target, int) else target)
            Comment.objects.bulk_create([results[index].comment for index in generation], batch_size=1000)
        for result in results:
            if result.held:
                acts.hold(result.comment, result.reason)
    return results


def _stored_history(group, author_ids):
    """{author id: WrittenComments} of what the authors have already written in `group`: one query."""
    earlier = {}
    stored = Comment.objects.filter(group=group, author_id__in=author_ids)
    for author_id, created, body, is_deleted in stored.values_list("author_id", "created", "body", "is_deleted"):
        earlier.setdefault(author_id, moderation.WrittenComments()).add(created, body, is_deleted)
    return earlier


def _generations(results, entries):
    """The indexes of the accepted entries in generations: first those that answer no entry of
    the import, then the replies to those, and so on, so each reply's target has its key when
    the reply is placed (place_reply reads it)."""
    level = {}
    for index, (result, entry) in enumerate(zip(results, entries, strict=True)):
        if result.comment is not None:
            level[index] = level[entry.reply_to] + 1 if isinstance(entry.reply_to, int) else 0
    generations = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for index, generation in level.items():
        generations[generation].append(index)
    return generations
