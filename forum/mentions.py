"""@mentions: `@username` of a member of the comment's group.

A name is a mention only when it belongs to a member of the same group; any other `@word`
stays plain text, so a mention never reveals who is (or is not) in a group. The highlight is
added to the already sanitised HTML, in text outside links and code, so it adds no way in for
markup. Which members hear about it is the notifications' business (mentioned_members).
"""

import re
from html import escape
from html.parser import HTMLParser

from . import conf

# Django's usernames: letters, digits and @.+-_ ; a mention ends before a trailing dot or dash
# ("thanks @ana." mentions ana). Not preceded by a word character, so emails are not mentions.
MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+])", re.UNICODE)
USERNAME_MAX = 150


def names_in(body):
    """The distinct @names in `body`, in order of first appearance. Usernames are matched
    exactly, as Django compares them."""
    seen, names = set(), []
    for match in MENTION_RE.finditer(body or ""):
        name = match.group(1)
        if len(name) <= USERNAME_MAX and name not in seen:
            seen.add(name)
            names.append(name)
    return names


def members_named(group_id, body):
    """{username: user} for the @names in `body` that belong to members of the group: one query,
    and none when the body names nobody. Only the first MENTION_LOOKUP_MAX names are looked up."""
    from .models import Membership

    names = names_in(body)[: conf.get("MENTION_LOOKUP_MAX")]
    if not names:
        return {}
    memberships = Membership.objects.filter(group_id=group_id, user__username__in=names).select_related("user")
    return {membership.user.get_username(): membership.user for membership in memberships}


def mentioned_members(comment):
    """The members the comment mentions, in the order first named, never its author, and at
    most MENTIONS_NOTIFY_MAX of them; one query whatever the number of names."""
    members = members_named(comment.group_id, comment.body)
    named = [members[name] for name in names_in(comment.body) if name in members]
    return [user for user in named if user.pk != comment.author_id][: conf.get("MENTIONS_NOTIFY_MAX")]


class _MentionMarker(HTMLParser):
    """Re-emits clean HTML, wrapping members' @names found in text (not in links or code)."""

    SKIP = {"a", "code", "pre"}

    def __init__(self, known):
        super().__init__(convert_charrefs=True)
        self.known, self.out, self.skipping = known, [], 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIP
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.skipping -= tag in self.SKIP and self.skipping > 0
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skipping:
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for match in MENTION_RE.finditer(data):
            username = match.group(1)
            if username not in self.known:
                continue
            self.out.append(escape(data[position : match.start()], quote=False))
            self.out.append(f'<strong class="mention">@{escape(username)}</strong>')
            position = match.end()
        self.out.append(escape(data[position:], quote=False))


def mark_mentions(html, known):
    """`html` (already sanitised) with each @name in `known` (usernames) highlighted."""
    if not known:
        return html
    marker = _MentionMarker(known)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
