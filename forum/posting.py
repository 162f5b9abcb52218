"""Posting and editing a comment: the one code path the site, the tests and scripts call.

The body is rendered once; the rules (forum.moderation) judge that rendering; the comment is
saved, and held if the rules say so, in one transaction that holds the author's place in the
group: a row lock on their membership on PostgreSQL; on SQLite the transaction takes the write
lock when it begins (`transaction_mode: IMMEDIATE`, config/settings.py). So a burst of posts by
one member (a double click, two tabs, a script) is judged one post at a time, each seeing the
ones before it: twelve identical posts store one, and a flood interval or hourly cap holds.
"""

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
