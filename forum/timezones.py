"""Dates in the member's time zone: the profile setting, kept in the session so that a page
costs no extra query, and the middleware that turns it on for each request."""

import zoneinfo
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

SESSION_KEY = "forum_time_zone"


@lru_cache(maxsize=1)
def zone_names():
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value and value not in zone_names():
        raise ValidationError(
            f"“{value[:64]}” is not a time zone we know. Choose one from the list, such as Europe/London, "
            "or leave it empty for the site's time zone."
        )


class TimeZoneField(forms.CharField):
    """A text field with a datalist of the zone names (see profile.html): a select of ~600
    options is hard to use, and typing "Lon" finds Europe/London."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=64,
            label="Time zone",
            help_text=f"Dates are shown in this zone. Leave it empty for the site's ({settings.TIME_ZONE}).",
            widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}),
            error_messages={"max_length": "A time zone name is at most 64 characters long."},
            validators=[validate_time_zone],
            **kwargs,
        )

    @staticmethod
    def choices():
        return sorted(zone_names())


def remember(request, name):
    """Keep the member's zone in the session; the middleware reads it from there."""
    if name:
        request.session[SESSION_KEY] = name
    else:
        request.session.pop(SESSION_KEY, None)


def remember_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver: one query at login, none on the pages after it."""
    if request is None or not hasattr(request, "session"):
        return
    from forum.models import Profile

    name = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    remember(request, name or "")


class TimeZoneMiddleware:
    """Activates the zone stored in the session, else the site's default. Reads only the
    session, which the page loads anyway for the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        name = session.get(SESSION_KEY) if session is not None else None
        if name and name in zone_names():
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
