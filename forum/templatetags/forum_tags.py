"""Template tags the site's own pages use to point into the discussion."""

from django import template

from forum.acts import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from forum.models import Flag, GroupReading

register = template.Library()


@register.inclusion_tag("forum/_discuss_links.html", takes_context=True)
def discuss_links(context, source):
    """Links from a public reading page to the discussions of it in the viewer's groups (one query
    for a signed-in visitor, none for anyone else)."""
    user = context["request"].user
    readings = []
    if user.is_authenticated:
        readings = GroupReading.objects.filter(source=source, group__memberships__user=user).select_related("group")
    return {"readings": readings}


@register.simple_tag
def moderation_limits():
    """The flag reasons and the lengths of notes and reasons, read from the models (never typed twice)."""
    return {"flag_reasons": Flag.Reason.choices, "note": NOTE_MAX_LENGTH, "reason": REASON_MAX_LENGTH}
