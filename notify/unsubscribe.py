"""Signed one-click unsubscribe links: they work without logging in, and only as issued.

The token names the member and is signed with the site's secret and a timestamp, so a changed
token fails the signature and an old one fails its age; either way nothing changes.
"""

from django.contrib.auth import get_user_model
from django.core import signing

from . import conf

SALT = "notify.unsubscribe"


class BadLink(Exception):
    """str(exc) says, for the member, why the link did nothing."""


def make_token(user):
    return signing.dumps({"u": user.pk}, salt=SALT, compress=True)


def read_token(token):
    """The member a token names; BadLink when it was altered, is too old, or names no one."""
    max_age = conf.get("UNSUBSCRIBE_MAX_AGE_DAYS") * 86400
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink("This unsubscribe link has expired.") from None
    except signing.BadSignature:
        raise BadLink("This unsubscribe link is not valid: it may have been cut short or changed.") from None
    user = get_user_model().objects.filter(pk=data.get("u") if isinstance(data, dict) else None).first()
    if user is None:
        raise BadLink("This unsubscribe link is not valid: its account no longer exists.")
    return user
