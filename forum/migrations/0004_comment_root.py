import django.db.models.deletion
from django.db import migrations, models


def fill_roots(apps, schema_editor):
    """Give every reply its thread's first comment, a depth at a time (parents come first)."""
    Comment = apps.get_model("forum", "Comment")
    max_depth = Comment.objects.aggregate(models.Max("depth"))["depth__max"] or 0
    for depth in range(1, max_depth + 1):
        replies = Comment.objects.filter(depth=depth, parent__isnull=False).select_related("parent")
        batch = []
        for reply in replies.iterator(chunk_size=2000):
            reply.root_id = reply.parent.root_id or reply.parent_id
            batch.append(reply)
        Comment.objects.bulk_update(batch, ["root"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_comment_place_threads_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="root",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="forum.comment",
            ),
        ),
        migrations.RunPython(fill_roots, migrations.RunPython.noop),
    ]
