"""Signals teaching sends for apps that listen (notifications). Sent once the change has committed.

feedback_given: a moderator wrote private feedback on a member's comment. kwargs: feedback
(teaching.models.Feedback; feedback.comment.author is the member it is for).
"""

from django.dispatch import Signal

feedback_given = Signal()
