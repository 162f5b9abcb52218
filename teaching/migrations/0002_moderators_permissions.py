"""Open the teaching admin's doors to the "Moderators" auth group (forum/migrations/0002).

Which groups' questions and readings a moderator sees is narrowed by teaching/admin.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "groupquestion": ["view", "add", "change"],
    "teachingreading": ["view", "change"],
}


def grant(apps, schema_editor):
    teaching = apps.get_app_config("teaching")
    teaching.models_module = True
    create_permissions(teaching, apps=apps, verbosity=0)
    teaching.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    codenames = [f"{verb}_{model}" for model, verbs in PERMISSIONS.items() for verb in verbs]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="teaching", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="teaching"))


class Migration(migrations.Migration):
    dependencies = [
        ("teaching", "0001_initial"),
        ("forum", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
