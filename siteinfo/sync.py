"""One place sets the Site row: from settings.SITE_NAME and SITE_DOMAIN, read from the environment.

django.contrib.sites makes its row as "example.com" and nothing updates it, so password-reset
mail said "Hello from example.com" and the admin's "view on site" went there.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import DEFAULT_DB_ALIAS


def sync_site_from_settings(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create or update the SITE_ID row; runs after every migrate, and is safe to run twice.

    The current model, not the migration state's: post_migrate comes after every migration, and
    saving through it clears the cache that Site.objects.get_current() keeps.
    """
    wanted = {"name": settings.SITE_NAME, "domain": settings.SITE_DOMAIN}
    site, created = Site.objects.using(using).get_or_create(pk=settings.SITE_ID, defaults=wanted)
    if not created and (site.name, site.domain) != (wanted["name"], wanted["domain"]):
        site.name, site.domain = wanted["name"], wanted["domain"]
        site.save(using=using)
    return site
