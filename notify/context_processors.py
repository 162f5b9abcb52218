"""The bell in every page's header: the member's unread count, counted once, only if shown."""

from django.utils.functional import cached_property

from .models import Notification


class Bell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        return Notification.objects.unread_count(self.user)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
