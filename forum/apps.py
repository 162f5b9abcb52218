from django.apps import AppConfig
from django.db.models.signals import post_delete


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Discussion"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import acts, timezones
        from .models import Membership

        post_delete.connect(acts.membership_deleted, sender=Membership, dispatch_uid="forum_membership_deleted")
        user_logged_in.connect(timezones.remember_at_login, dispatch_uid="forum_time_zone_at_login")
