"""Filters for notifications on the page and in emails."""

from html import unescape

from django import template
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timesince import timesince

from forum.models import display_name

register = template.Library()


@register.filter
def member_name(user):
    """A member's shown name; "Someone" when the account is gone."""
    return display_name(user) if user is not None else "Someone"


@register.filter
def plain_excerpt(html, words=40):
    """A comment's stored HTML as a short plain-text excerpt (the template escapes it again)."""
    return Truncator(unescape(strip_tags(html or ""))).words(words, truncate=" …")


@register.filter
def ago(moment):
    """ "just now", "5 minutes ago", "2 days ago": a notification's age, coarse on purpose."""
    if (timezone.now() - moment).total_seconds() < 60:
        return "just now"
    return f"{timesince(moment, depth=1)} ago"
