from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SiteInfoConfig(AppConfig):
    """The Site row (allauth's emails, the admin's "view on site") follows SITE_NAME and SITE_DOMAIN."""

    name = "siteinfo"
    verbose_name = "Site name and domain"

    def ready(self):
        from .sync import sync_site_from_settings

        # After django.contrib.sites has made its example.com row (this app comes later in
        # INSTALLED_APPS), on every `migrate`: a changed environment takes effect on the next release.
        post_migrate.connect(sync_site_from_settings, sender=self, dispatch_uid="siteinfo.sync_site")
