"""Moderation policy: decides whether a new comment is accepted, held for review or refused.

The group's settings are the policy (premoderation, link limit, blocked words, duplicates,
flood interval, hourly cap, mutes); this module is the one place that reads them. Who moderates
what is a question for the models (`Membership.objects`, `ReadingGroup.objects.moderated_by`).
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
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
) -> Verdict:
    """Return the Verdict for `author` posting `body` in `group`.

    `html` is the body as rendered (links are counted on it; rendered here when not given);
    `membership` the author's, when the caller has it (forum.posting has it locked).
    Refusals come first (the member must do something different); then the rules that hold
    a comment for a moderator. A group's moderators are exempt from flood limits and holds
    (they would only be approving themselves), not from mutes or duplicates.
    """
    now = now or timezone.now()
    if membership is LOOK_UP:
        membership = Membership.objects.of(author, group)
    if membership is not None and membership.muted_now(now):
        return Verdict("refuse", membership.mute_message(now))
    recent = Comment.objects.filter(group=group, author=author)
    duplicate_since = now - timedelta(seconds=conf.get("DUPLICATE_WINDOW_SECONDS"))
    earlier = recent.filter(created__gte=duplicate_since, is_deleted=False).values_list("body", flat=True)
    if any(_same_text(text, body) for text in earlier):
        return Verdict("refuse", "You have already posted this. Duplicate comments are not accepted.")
    if membership is not None and membership.is_moderator:
        return ACCEPT
    refusal = _rate_limit(group, recent, now)
    if refusal:
        return Verdict("refuse", refusal)
    holds = []
    if group.premoderate_first_comment and not recent.exists():
        holds.append("first comment in the group")
    return _hold_or_accept(holds + _content_holds(group, body, html))


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


def _rate_limit(group, recent, now):
    """A refusal message saying when the member may post again, or ""."""
    if group.flood_interval_seconds:
        last = recent.order_by("-created").values_list("created", flat=True).first()
        if last is not None:
            ready = last + timedelta(seconds=group.flood_interval_seconds)
            if ready > now:
                return f"You are posting too fast. You can post again {_when(ready, now)}."
    if group.hourly_cap:
        in_window = list(
            recent.filter(created__gt=now - HOURLY_WINDOW)
            .order_by("-created")
            .values_list("created", flat=True)[: group.hourly_cap]
        )
        if len(in_window) >= group.hourly_cap:
            # The cap frees a slot when the oldest of the last `cap` comments leaves the window.
            ready = in_window[-1] + HOURLY_WINDOW
            return (
                f"You have posted {group.hourly_cap} comments in the last hour, the most this group allows. "
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
