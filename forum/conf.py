"""The discussion app's defaults; a site overrides any of them with a MARGINALIA_* setting."""

from django.conf import settings

# The auth Group (made by migration 0002) holding the model permissions the desk needs.
MODERATORS_GROUP = "Moderators"

DEFAULTS = {
    "MAX_DEPTH": 4,
    "BODY_MAX_LENGTH": 5000,
    "DISPLAY_NAME_MAX_LENGTH": 60,
    "DUPLICATE_WINDOW_SECONDS": 600,
    # A reading page shows every passage's discussion while the reading has at most this many
    # comments; past it, one passage's discussion at a time (?open=<passage>), so the page stays
    # fast and small however long the discussion grows (docs/benchmarks.md).
    "INLINE_COMMENTS": 300,
    # Threads (a top-level comment and its replies) per page in one place, oldest first.
    "THREADS_PER_PAGE": 50,
    # @names: the first MENTION_LOOKUP_MAX in a comment are looked up among the group's members
    # (highlighted when they are one); at most MENTIONS_NOTIFY_MAX of those are notified.
    "MENTION_LOOKUP_MAX": 200,
    "MENTIONS_NOTIFY_MAX": 10,
}


def get(name):
    return getattr(settings, f"MARGINALIA_{name}", DEFAULTS[name])
