"""Moderation policy: decides whether a new comment is accepted, held for review or refused.

The group's settings are the policy (premoderation, link limit, blocked words, duplicates,
flood interval, hourly cap, mutes); this module is the one place that reads them. Who moderates
what is a question for the models (`Membership.objects`, `ReadingGroup.objects.moderated_by`).
"""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.formats import date_format

from . import conf
from .models import Comment, Membership, ReadingGroup
from .sanitize import render_comment

HOURLY_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Verdict:
    outcome: str  # "accept", "hold" or "refuse"
    reason: str = ""

    @property
    def accepted(self):
        return self.outcome == "accept"

    @property
    def held(self):
        return self.outcome == "hold"

    @property
    def refused(self):
        return self.outcome == "refuse"


ACCEPT = Verdict("accept")
# review()'s default: look the author's membership up (forum.posting passes the one it locked).
LOOK_UP = object()


def review(
    group: ReadingGroup,
    author: AbstractBaseUser,
    body: str,
    *,
    html: str | None = None,
    membership: Membership | None | object = LOOK_UP,
    now: datetime | None = None,
    earlier: "Earlier | None" = None,
    history: bool = False,
) -> Verdict:
    """Return the Verdict for `author` posting `body` in `group`.

    `html` is the body as rendered (links are counted on it; rendered here when not given);
    `membership` the author's, when the caller has it (forum.posting has it locked); `earlier`
    the author's earlier comments in the group (read from the database when not given).
    Refusals come first (the member must do something different); then the rules that hold
    a comment for a moderator. A group's moderators are exempt from flood limits and holds
    (they would only be approving themselves), not from mutes or duplicates.

    `history=True` judges a comment written at `now` in the past and being imported
    (forum.posting.import_comments): the rate rules (flood interval, hourly cap) are skipped,
    since they pace the act of posting, not what is posted; every other rule applies as of `now`.
    """
    now = now or timezone.now()
    if membership is LOOK_UP:
        membership = Membership.objects.of(author, group)
    if membership is not None and membership.muted_now(now):
        return Verdict("refuse", membership.mute_message(now))
    if earlier is None:
        earlier = StoredComments(group, author)
    if repeats(body, earlier, now):
        return Verdict("refuse", "You have already posted this. Duplicate comments are not accepted.")
    if membership is not None and membership.is_moderator:
        return ACCEPT
    refusal = "" if history else _rate_limit(group, earlier, now)
    if refusal:
        return Verdict("refuse", refusal)
    holds = []
    if group.premoderate_first_comment and not earlier.exists():
        holds.append("first comment in the group")
    return _hold_or_accept(holds + _content_holds(group, body, html))


class Earlier(Protocol):
    """What the rules ask of one author's earlier comments in a group."""

    def texts_since(self, moment: datetime) -> Iterable[str]:
        """The bodies of those (not deleted) written at or after `moment`."""

    def exists(self) -> bool:
        """Whether there is any, deleted or not."""

    def last_created(self) -> datetime | None: ...

    def created_since(self, moment: datetime, most: int) -> list[datetime]:
        """When the last `most` of those written after `moment` were written, newest first."""


class StoredComments:
    """An author's earlier comments as stored: what a post made now is judged against."""

    def __init__(self, group: ReadingGroup, author: AbstractBaseUser):
        self.recent = Comment.objects.filter(group=group, author=author)

    def texts_since(self, moment):
        return self.recent.filter(created__gte=moment, is_deleted=False).values_list("body", flat=True)

    def exists(self):
        return self.recent.exists()

    def last_created(self):
        return self.recent.order_by("-created").values_list("created", flat=True).first()

    def created_since(self, moment, most):
        return list(
            self.recent.filter(created__gt=moment).order_by("-created").values_list("created", flat=True)[:most]
        )


class WrittenComments:
    """An author's earlier comments held in memory, kept in order of writing: what each comment
    of an imported history is judged against (forum.posting.import_comments), with no query."""

    def __init__(self):
        self.written = []  # (created, is_deleted, body), sorted

    def add(self, created: datetime, body: str, is_deleted: bool = False) -> None:
        bisect.insort(self.written, (created, is_deleted, body))

    def texts_since(self, moment):
        return [body for _, deleted, body in self.written[bisect.bisect_left(self.written, (moment,)) :] if not deleted]

    def exists(self):
        return bool(self.written)

    def last_created(self):
        return self.written[-1][0] if self.written else None

    def created_since(self, moment, most):
        return [created for created, _, _ in reversed(self.written) if created > moment][:most]


def repeats(body: str, earlier: Earlier, now: datetime) -> bool:
    """Whether `body` says again what the author posted in the duplicate window before `now`."""
    since = now - timedelta(seconds=conf.get("DUPLICATE_WINDOW_SECONDS"))
    return any(_same_text(text, body) for text in earlier.texts_since(since))


def review_edit(comment: Comment, body: str, *, html: str | None = None) -> Verdict:
    """The Verdict for the author of `comment` changing its text to `body` (`html`: as rendered).

    Only the rules about content apply again (links, blocked words), so an approved comment
    cannot be edited into spam; a hold moves it back to pending. Edits are never refused.
    """
    if Membership.objects.moderators().filter(group_id=comment.group_id, user_id=comment.author_id).exists():
        return ACCEPT
    return _hold_or_accept(_content_holds(comment.group, body, html))


def _content_holds(group, body, html=None):
    holds = []
    links = count_links(render_comment(body) if html is None else html)
    if links > group.max_links:
        holds.append(f"{links} link{'s' if links != 1 else ''}")
    words = blocked_words_in(group, body)
    if words:
        holds.append("blocked " + ", ".join(f"“{word}”" for word in words))
    return holds


def _hold_or_accept(holds):
    return Verdict("hold", "held: " + "; ".join(holds)) if holds else ACCEPT


def _same_text(a, b):
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _rate_limit(group, earlier, now):
    """A refusal message saying when the member may post again, or ""."""
    if group.flood_interval_seconds:
        last = earlier.last_created()
        if last is not None:
            ready = last + timedelta(seconds=group.flood_interval_seconds)
            if ready > now:
                return f"You are posting too fast. You can post again {_when(ready, now)}."
    if group.hourly_cap:
        in_window = earlier.created_since(now - HOURLY_WINDOW, group.hourly_cap)
        if len(in_window) >= group.hourly_cap:
            # The cap frees a slot when the oldest of the last `cap` comments leaves the window.
            ready = in_window[-1] + HOURLY_WINDOW
            return (
                f"You have posted {group.hourly_cap} comment{pluralize(group.hourly_cap)} in the last hour, "
                "the most this group allows. "
                f"You can post again {_when(ready, now)}."
            )
    return ""


def _when(moment, now):
    seconds = max(1, int((moment - now).total_seconds() + 0.999))
    if seconds < 60:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = (seconds + 59) // 60
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"in {wait} (at {date_format(timezone.localtime(moment), 'H:i:s')})"


LINK_TAG = re.compile(r"<a\s[^>]*\bhref=", re.IGNORECASE)


def count_links(html: str) -> int:
    """How many links the rendered comment has (Markdown links, raw anchors, linkified URLs all end as <a href>)."""
    return len(LINK_TAG.findall(html))


def _phrase_pattern(phrase):
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def blocked_words_in(group, body):
    """The group's blocked words or phrases that occur in body as whole words, in list order."""
    found = []
    for line in group.blocked_words.splitlines():
        phrase = line.strip()
        if phrase and phrase not in found and _phrase_pattern(phrase).search(body):
            found.append(phrase)
    return found
