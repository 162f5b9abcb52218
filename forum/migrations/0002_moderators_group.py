"""The "Moderators" auth Group: the model permissions a group's moderator needs at the admin desk.

Which objects they see is narrowed per group by forum/admin.py; this only opens the doors.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS_GROUP = "Moderators"
PERMISSIONS = {
    "comment": ["view", "change"],
    "membership": ["view", "change"],
    "readinggroup": ["view", "change"],
    "groupreading": ["view", "add", "change", "delete"],
    "flag": ["view", "change"],
    "moderationaction": ["view"],
}


def create_moderators_group(apps, schema_editor):
    # Permissions are normally made after all migrations; make forum's now so they can be granted.
    forum = apps.get_app_config("forum")
    forum.models_module = True
    create_permissions(forum, apps=apps, verbosity=0)
    forum.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    codenames = [f"{verb}_{model}" for model, verbs in PERMISSIONS.items() for verb in verbs]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="forum", codename__in=codenames))


def delete_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderators_group, delete_moderators_group)]
