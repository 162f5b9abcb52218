"""The discussion's seams for apps that stand on it (teaching, notifications).

forum sends these; it never imports the apps that listen. Each is sent once the database
transaction that made the change has committed (transaction.on_commit), so a receiver never
sees a comment that was rolled back, and a slow receiver cannot hold the posting lock.
"""

from django.dispatch import Signal

# A new comment was stored (any status: a held comment is posted as pending).
# kwargs: comment
comment_posted = Signal()

# A comment's text was edited by its author. kwargs: comment
comment_edited = Signal()

# A moderation act or rule moved a comment between statuses.
# kwargs: comment, old_status, new_status, actor (None for automatic acts), reason
comment_status_changed = Signal()

# A member flagged a comment. kwargs: flag
comment_flagged = Signal()
