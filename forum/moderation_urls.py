"""URLs for moderation acts on the site (flags, moderators' inline controls); part of forum:."""

urlpatterns = []
