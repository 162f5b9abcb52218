"""Reading groups, their members, and the threaded discussion on passages.

One module per part: people (profiles), groups (groups, reading lists, memberships, visits),
comments (the discussion and who sees it), records (flags and the moderation log).
Import them from here: `from forum.models import Comment`.
"""

from .comments import DATE_UNKNOWN_BEFORE, EPOCH, Comment, CommentQuerySet, Viewer
from .groups import (
    GroupReading,
    GroupReadingQuerySet,
    Membership,
    MembershipQuerySet,
    ReadingGroup,
    ReadingGroupQuerySet,
    ReadingVisit,
    ReadingVisitQuerySet,
    new_invite_code,
)
from .people import Profile, ProfileManager, create_profile, display_name
from .records import Flag, ModerationAction

__all__ = [
    "DATE_UNKNOWN_BEFORE",
    "EPOCH",
    "Comment",
    "CommentQuerySet",
    "Flag",
    "GroupReading",
    "GroupReadingQuerySet",
    "Membership",
    "MembershipQuerySet",
    "ModerationAction",
    "Profile",
    "ProfileManager",
    "ReadingGroup",
    "ReadingGroupQuerySet",
    "ReadingVisit",
    "ReadingVisitQuerySet",
    "Viewer",
    "create_profile",
    "display_name",
    "new_invite_code",
]
