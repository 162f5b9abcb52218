"""Soak test: a class posting, flagging and reading at once, against gunicorn with 4 workers.

    .venv/bin/python bench/soak.py                  # SQLite file /tmp/marginalia-soak.sqlite3
    DATABASE_URL=postgres://u:p@127.0.0.1/marginalia_soak_bench .venv/bin/python bench/soak.py

Starts from an empty database (as bench/run.py: the SQLite file is deleted, a PostgreSQL database
whose name contains "bench" is dropped and created again), loads the readings and makes a group
of 20 members, each logged in, with 40 comments to flag. The group's posting rules are opened
wide (no flood interval, no hourly cap to speak of): this measures the database under concurrent
writes, not the rules. Then gunicorn serves the site with production settings on 127.0.0.1 only,
and one thread per member sends, as fast as answers come back, a mix of
  45 % reading page (with a passage open), 30 % new comment, 20 % flag, 5 % home page,
until --seconds pass or --requests have been sent, whichever is first; gunicorn is then stopped.

The report (Markdown on stdout) gives the requests answered by status and by act, and the rows
stored, checked against the answers: every comment acknowledged with its redirect must be in
the database, and none that was refused may be.
"""

import argparse
import http.client
import os
import random
import secrets
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from run import fresh_database, production_environment  # noqa: E402 - bench/ is a folder of scripts

DEFAULT_DATABASE_URL = "sqlite:////tmp/marginalia-soak.sqlite3"
PORT = 8102
SOURCE = "collectivization-paradox"
MIX = [("read", 45), ("post", 30), ("flag", 20), ("home", 5)]
TAG = "soak-"


@dataclass
class Member:
    username: str
    session: str
    csrf: str
    flaggable: list


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_act: Counter = field(default_factory=Counter)
    acknowledged_posts: set = field(default_factory=set)
    refused_posts: set = field(default_factory=set)
    latencies: list = field(default_factory=list)

    def take_turn(self, budget):
        with self.lock:
            if self.sent >= budget:
                return False
            self.sent += 1
            return True

    def record(self, act, status, seconds, tag=None):
        with self.lock:
            self.by_status[status] += 1
            self.by_act[act, status] += 1
            self.latencies.append(seconds)
            if tag is not None:
                (self.acknowledged_posts if status == 302 else self.refused_posts).add(tag)


def build_class(members):
    """The group, its members with a logged-in session each, and comments for them to flag."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from forum.models import Comment, GroupReading, Membership, ReadingGroup
    from sources.models import Source

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_readings", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    source = Source.objects.get(slug=SOURCE)
    group = ReadingGroup.objects.create(name="Soak", slug="soak", flood_interval_seconds=0, hourly_cap=100_000)
    GroupReading.objects.create(group=group, source=source, position=1)
    users = [
        get_user_model().objects.create_user(f"soak{n}", f"soak{n}@example.org", secrets.token_urlsafe(12))
        for n in range(members)
    ]
    Membership.objects.bulk_create([Membership(user=user, group=group) for user in users])
    passages = list(source.passages.values_list("pk", flat=True))
    seeded = [
        Comment.objects.create(
            group=group,
            source=source,
            passage_id=passages[n % len(passages)],
            author=users[n % members],
            body=f"Seed {n}",
        )
        for n in range(40)
    ]
    roster = []
    for user in users:
        client = Client()
        client.force_login(user)
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        others = [comment.pk for comment in seeded if comment.author_id != user.pk]
        roster.append(Member(user.username, client.cookies["sessionid"].value, csrf, others))
    return group, source, passages, roster


def request(method, path, member, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"Cookie": f"sessionid={member.session}; csrftoken={member.csrf}", "X-CSRFToken": member.csrf}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return f"connection error ({type(error).__name__})"
    finally:
        connection.close()


def member_loop(member, index, group, source, passages, tally, deadline, budget, seed):
    rng = random.Random(seed * 1000 + index)
    reading = f"/groups/{group.slug}/readings/{source.slug}/"
    acts, weights = zip(*MIX, strict=True)
    sent = 0
    while time.monotonic() < deadline and tally.take_turn(budget):
        act = rng.choices(acts, weights)[0]
        tag = None
        started = time.perf_counter()
        if act == "read":
            status = request("GET", f"{reading}?open={rng.choice(passages)}", member)
        elif act == "home":
            status = request("GET", "/home/", member)
        elif act == "post":
            tag = f"{TAG}{index}-{sent}"
            body = {"body": f"{tag}: a thought on this passage, written under load.", "passage": rng.choice(passages)}
            status = request("POST", f"{reading}comment/", member, body)
        else:
            status = request("POST", f"/comments/{rng.choice(member.flaggable)}/flag/", member, {"reason": "spam"})
        tally.record(act, status, time.perf_counter() - started, tag)
        sent += 1


def serve(workers):
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "error",
    }
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn"))], cwd=REPO, env=env)
    deadline = time.monotonic() + 30
    while True:  # wait, bounded, until gunicorn answers
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.terminate()
                raise RuntimeError("gunicorn did not start; see its output above") from None
            time.sleep(0.2)
        finally:
            connection.close()


def stored_rows(group):
    from forum.models import Comment, Flag

    tags = {
        body.split(":")[0]
        for body in Comment.objects.filter(group=group, body__startswith=TAG).values_list("body", flat=True)
    }
    return tags, Flag.objects.filter(comment__group=group).count()


def report(args, vendor, tally, elapsed, tags, flags):
    acknowledged, refused = tally.acknowledged_posts, tally.refused_posts
    answered = sum(tally.by_status.values())
    ok = sum(n for status, n in tally.by_status.items() if status in (200, 302))
    latencies = sorted(tally.latencies)
    lines = [
        f"# Soak: {args.members} members, gunicorn {args.workers} workers, {vendor}",
        "",
        f"- {answered:,} requests in {elapsed:.1f} s ({answered / elapsed:.1f}/s), limits {args.seconds} s and "
        f"{args.requests:,} requests",
        f"- accepted (200 or 302): {ok:,}; latency median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms",
        "- by status: " + ", ".join(f"{status}: {n:,}" for status, n in sorted(tally.by_status.items(), key=str)),
        "",
        "| act | sent | " + " | ".join(str(s) for s in sorted(tally.by_status, key=str)) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in tally.by_status) + " |",
    ]
    for act, _ in MIX:
        row = [tally.by_act[act, status] for status in sorted(tally.by_status, key=str)]
        lines.append(f"| {act} | {sum(row):,} | " + " | ".join(f"{n:,}" for n in row) + " |")
    lines += [
        "",
        f"- comments acknowledged (302): {len(acknowledged):,}; stored: {len(tags):,}; "
        f"acknowledged but missing: {len(acknowledged - tags)}; refused but stored: {len(refused & tags)}",
        f"- flags stored: {flags:,} (one per member and comment at most; a repeat is answered 302 with a message)",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=60, help="stop after this long")
    parser.add_argument("--requests", type=int, default=3000, help="stop after this many requests")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    production_environment(Path(tempfile.mkdtemp(prefix="marginalia-soak-static-")))
    fresh_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection

    group, source, passages, roster = build_class(args.members)
    connection.close()

    server = serve(args.workers)
    tally = Tally()
    try:
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=member_loop,
                args=(member, n, group, source, passages, tally, deadline, args.requests, args.seed),
            )
            for n, member in enumerate(roster)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    tags, flags = stored_rows(group)
    print(report(args, connection.vendor, tally, elapsed, tags, flags))


if __name__ == "__main__":
    main()
