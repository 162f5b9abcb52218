"""Who is who: a member's profile and the name the site shows for them."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save

from forum.timezones import validate_time_zone


class ProfileManager(models.Manager):
    def get_by_natural_key(self, username):
        return self.get(user__username=username)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=60, blank=True)
    # An IANA name such as "Europe/London"; blank means the site's TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])

    objects = ProfileManager()

    def __str__(self):
        return self.display_name or self.user.get_username()

    def natural_key(self):
        return (self.user.get_username(),)

    natural_key.dependencies = ["auth.user"]


def display_name(user):
    """The name shown for a user: their display name, else their username; never a query
    when the profile was loaded with select_related("...profile")."""
    try:
        return user.profile.display_name or user.get_username()
    except Profile.DoesNotExist:
        return user.get_username()


def create_profile(sender, instance, created, raw=False, **kwargs):
    # raw saves come from fixtures, which carry their own profiles.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


post_save.connect(create_profile, sender=settings.AUTH_USER_MODEL, dispatch_uid="forum_create_profile")
