from django import template

from forum.models import display_name

register = template.Library()


@register.filter
def member_name(user):
    """A member's shown name; "Someone" when the account is gone."""
    return display_name(user) if user is not None else "Someone"
