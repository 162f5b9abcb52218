"""Instructors are moderators: the "Moderators" auth Group may view, add and change class readings.

Which readings they see and may change is narrowed per user by coursepack/admin.py; this only
opens the door. Deleting a reading stays with superusers (an instructor retires it from a group).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS_GROUP = "Moderators"
CODENAMES = ["view_classreading", "add_classreading", "change_classreading"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now so they can be granted.
    app = apps.get_app_config("coursepack")
    app.models_module = True
    create_permissions(app, apps=apps, verbosity=0)
    app.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="coursepack", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=MODERATORS_GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="coursepack"))


class Migration(migrations.Migration):
    dependencies = [
        ("coursepack", "0001_initial"),
        ("forum", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
