"""Filters for notifications on the page and in emails."""

from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

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
