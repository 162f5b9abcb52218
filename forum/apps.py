from django.apps import AppConfig
from django.db.models.signals import post_delete


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Discussion"

    def ready(self):
        from . import acts
        from .models import Membership

        post_delete.connect(acts.membership_deleted, sender=Membership, dispatch_uid="forum_membership_deleted")
