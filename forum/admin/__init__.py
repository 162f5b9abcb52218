"""The moderation desk: the Django admin for groups, members, comments, flags and the log.

A group's moderator (staff, in the "Moderators" permission group, moderator of the group)
sees and acts only on their own groups; a superuser sees everything. Every status change,
mute and role change goes through forum.acts, from a bulk action or from the object's
page, and always by way of a confirmation page that asks for the reason.

desk.py is the framework (scope, acts, confirmation page); each other module registers the
admin of one part of the desk. Apps beside forum build their admins on forum.admin.desk.
"""

from . import comments, groups, log, members  # noqa: F401 - importing registers the admins
