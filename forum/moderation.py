"""Moderation policy: decides whether a new comment is accepted, held for review or refused.

The group's settings are the policy (premoderation, link limit, blocked words, duplicates,
flood interval, hourly cap, mutes); this module is the one place that reads them.
"""

from dataclasses import dataclass


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


def review(group, author, body, now=None):
    """Return the Verdict for `author` posting `body` in `group` (`now` for tests)."""
    return Verdict("accept")
