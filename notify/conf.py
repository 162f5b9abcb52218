"""The notifications' defaults; a site overrides any of them with a MARGINALIA_* setting."""

from django.conf import settings

DEFAULTS = {
    # Read notifications older than this are deleted by `manage.py prune_notifications`.
    "NOTIFICATIONS_KEEP_READ_DAYS": 90,
    "NOTIFICATIONS_PER_PAGE": 50,
    # Links in emails: the Site's domain with this scheme (None: http while DEBUG is on, else https).
    "EMAIL_LINK_SCHEME": None,
    # An unsubscribe link works for this long after its email was sent.
    "UNSUBSCRIBE_MAX_AGE_DAYS": 90,
}


def get(name):
    value = getattr(settings, f"MARGINALIA_{name}", DEFAULTS[name])
    if name == "EMAIL_LINK_SCHEME" and value is None:
        return "http" if settings.DEBUG else "https"
    return value
