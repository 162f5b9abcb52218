"""Times django-comments-xtd 2.10 rendering the benchmark's 200 comments. Runs in the separate
virtualenv that bench/xtd_compare.py creates (never in the site's), which also hands it the data:

    ~/.cache/marginalia-bench/xtd-venv/bin/python bench/xtd/measure.py comments.json --repeat 20

comments.json is what xtd_compare.export() writes from our benchmark database: the short reading's
text and its comments, in the order they were posted, each with its author and the index of its
parent. The same comments are saved here as xtd comments, one by one through XtdComment.save() as
xtd's own form would (so xtd computes thread, level and order itself), on two readings with the
same text: one with all of them, one with none. Both pages are timed as ours are, by
bench/xtd_compare.py's time_beside_trivial (bench/run.py's interleaving with the trivial view, the
same template at the same address). Prints one JSON object on stdout.
"""

import argparse
import importlib.metadata
import json
import os
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # xtdsite; bench/xtd_compare.py and bench/run.py


def load(data):
    """Readings, users and xtd comments from the exported data: (empty reading, full reading, viewer)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django_comments_xtd.models import XtdComment
    from xtdsite.models import Reading

    User = get_user_model()
    html = "\n".join(data["passages"])
    empty = Reading.objects.create(slug="no-comments", title=data["title"], html=html)
    full = Reading.objects.create(slug="with-comments", title=data["title"], html=html)
    users = {}
    for person in data["members"]:
        first, _, last = person["name"].rpartition(" ")
        users[person["username"]] = User.objects.create(
            username=person["username"], email=person["email"], first_name=first, last_name=last
        )
    site, content_type = Site.objects.get_current(), ContentType.objects.get_for_model(Reading)
    saved = []
    for entry in data["comments"]:
        author = users[entry["author"]]
        comment = XtdComment(
            content_type=content_type,
            object_pk=str(full.pk),
            site=site,
            user=author,
            user_name=author.get_full_name(),
            user_email=author.email,
            comment=entry["body"],
            submit_date=datetime.fromisoformat(entry["created"]),
            is_public=True,
            parent_id=saved[entry["parent"]].pk if entry["parent"] is not None else 0,
        )
        comment.save()
        if comment.level != entry["depth"]:
            raise SystemExit(f"xtd placed comment {len(saved)} at level {comment.level}, ours at {entry['depth']}")
        saved.append(comment)
    return empty, full, users[data["viewer"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", default="/tmp/marginalia-xtd-bench.sqlite3")  # noqa: S108 - bench only
    parser.add_argument("--html", type=Path, help="also save the page with comments here, to look at")
    args = parser.parse_args()
    data = json.loads(args.data.read_text())

    os.environ["XTD_BENCH_DATABASE"] = args.database
    os.environ["XTD_BENCH_MAX_THREAD_LEVEL"] = str(data["max_depth"] - 1)
    os.environ["DJANGO_SETTINGS_MODULE"] = "xtdsite.settings"
    Path(args.database).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from xtd_compare import time_beside_trivial

    call_command("migrate", run_syncdb=True, verbosity=0)
    empty, full, viewer = load(data)
    client = Client()
    client.force_login(viewer)
    if args.html:
        args.html.write_bytes(client.get(full.get_absolute_url()).content)
    result = time_beside_trivial(
        {"empty": (client, empty.get_absolute_url()), "full": (client, full.get_absolute_url())}, args.repeat
    )
    result["comments"] = len(data["comments"])
    result["versions"] = {
        name: importlib.metadata.version(name) for name in ("django-comments-xtd", "Django", "django-contrib-comments")
    }
    Path(args.database).unlink(missing_ok=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
