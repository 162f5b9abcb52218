"""Side by side: our short reading with 200 comments shown, and django-comments-xtd 2.10 rendering
the same 200 comments (issue 11: ours at least 10× faster).

    .venv/bin/python bench/run.py --xtd ...     # at the end of the full benchmark (make bench)
    .venv/bin/python bench/xtd_compare.py       # alone: builds only the two short readings (about a minute)

xtd runs in a virtualenv of its own (~/.cache/marginalia-bench/xtd-venv, from the pinned
bench/xtd/requirements.txt; made again when that file changes), as a subprocess: bench/xtd/measure.py.
Our comments are exported from the benchmark database (export()), so xtd stores the same bodies,
authors, dates and thread shape. Each side is timed interleaved with the same trivial view in its
own process, so the table gives milliseconds and multiples of each process's trivial view. Without
network (no venv) it says so and the benchmark carries on.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
REQUIREMENTS = BENCH / "xtd" / "requirements.txt"
VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marginalia-bench" / "xtd-venv"
FULL, EMPTY = "bench-short", "bench-short-0"  # the groups bench/run.py builds with build_short()
TARGET = 10


def xtd_python():
    """(the xtd virtualenv's python, None), creating the venv if missing or out of date, or (None, why not)."""
    python, stamp = VENV / "bin" / "python", VENV / "installed-requirements.txt"
    if python.exists() and stamp.exists() and stamp.read_text() == REQUIREMENTS.read_text():
        return python, None
    shutil.rmtree(VENV, ignore_errors=True)
    print(f"xtd: creating {VENV} (pip install -r {REQUIREMENTS.relative_to(REPO)})", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(VENV, ignore_errors=True)
        detail = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
        return None, f"could not create the django-comments-xtd virtualenv ({detail[-1] if detail else error})"
    shutil.copyfile(REQUIREMENTS, stamp)
    return python, None


def export(group_slug=FULL):
    """The short reading's text and comments as plain data for bench/xtd/measure.py: each comment
    with its author, body, date, depth and the index of its parent (None for a thread's first)."""
    import discussion
    from django.contrib.auth import get_user_model
    from django.utils.html import escape

    from forum import conf
    from forum.models import Comment, display_name
    from sources.models import Passage

    built = discussion.existing(group_slug)
    comments = list(
        Comment.objects.filter(group=built.group, status="approved", is_deleted=False)
        .select_related("author")
        .order_by("created", "pk")
    )
    index = {comment.pk: position for position, comment in enumerate(comments)}
    members = get_user_model().objects.filter(memberships__group=built.group).select_related("profile").order_by("pk")
    passages = Passage.objects.filter(source=built.source).order_by("position")
    return {
        "title": built.source.title,
        "passages": [f'<p id="{p.anchor}">{p.html or escape(p.text)}</p>' for p in passages],
        "max_depth": conf.get("MAX_DEPTH"),
        "viewer": built.student.username,
        "members": [{"username": u.username, "email": u.email, "name": display_name(u)} for u in members],
        "comments": [
            {
                "author": comment.author.username,
                "body": comment.body,
                "created": comment.created.isoformat(),
                "depth": comment.depth,
                "parent": index[comment.parent_id] if comment.parent_id else None,
            }
            for comment in comments
        ],
    }


def time_beside_trivial(pages, repeat, warmup=3):
    """bench/run.py's measure_beside_trivial for a page without comments and the same page with them,
    with CPU time beside wall time: each round times the trivial view, then a page, then the trivial
    view and the other page, so both pages see the same moments of a shared machine. `pages` maps a
    key to (client, url); returns, per key, the medians, the query count and the HTML size. Runs on
    both sides (bench/xtd/measure.py imports it), so both are timed the same way."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from harness import TRIVIAL_URL

    yardstick = Client()
    samples, result = {}, {}
    for key, (client, url) in pages.items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
            yardstick.get(TRIVIAL_URL)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        result[key] = {"queries": len(queries), "bytes": len(response.content)}
        samples[key] = {"page_ms": [], "trivial_ms": [], "page_cpu_ms": [], "trivial_cpu_ms": []}
    for _ in range(repeat):
        for key, (client, url) in pages.items():
            for name, (get, address) in {"trivial": (yardstick.get, TRIVIAL_URL), "page": (client.get, url)}.items():
                started, cpu_started = time.perf_counter(), time.process_time()
                get(address)
                samples[key][f"{name}_ms"].append((time.perf_counter() - started) * 1000)
                samples[key][f"{name}_cpu_ms"].append((time.process_time() - cpu_started) * 1000)
    for key, series in samples.items():
        result[key].update({name: statistics.median(values) for name, values in series.items()})
    return result


def measure_ours(repeat):
    """Our short reading with no comments and with all of them, as bench/run.py's ratio_report shows them."""
    import discussion
    from django.urls import reverse
    from harness import client_for

    pages = {}
    for key, slug in [("empty", EMPTY), ("full", FULL)]:
        built = discussion.existing(slug)
        pages[key] = (client_for(built.student), reverse("forum:reading", args=[built.group.slug, built.source.slug]))
    return time_beside_trivial(pages, repeat)


def measure_xtd(python, data, repeat):
    with tempfile.TemporaryDirectory(prefix="marginalia-xtd-") as folder:
        path = Path(folder) / "comments.json"
        path.write_text(json.dumps(data))
        completed = subprocess.run(
            [str(python), str(BENCH / "xtd" / "measure.py"), str(path), "--repeat", str(repeat)]
            + ["--database", str(Path(folder) / "xtd.sqlite3")],
            capture_output=True,
            text=True,
            timeout=1800,
        )
    if completed.returncode:
        raise RuntimeError(f"bench/xtd/measure.py failed:\n{completed.stderr.strip()[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def per_comment(side, count, figure="page_ms"):
    return (side["full"][figure] - side["empty"][figure]) / count


def table(ours, xtd, count):
    """The Markdown comparison: xtd ÷ ours for the page in ms, as multiples of each trivial view, per comment."""
    version = xtd["versions"]["django-comments-xtd"]

    def times(side):
        return side["full"]["page_ms"] / side["full"]["trivial_ms"]

    page_ratio = xtd["full"]["page_ms"] / ours["full"]["page_ms"]
    cpu_ratio = xtd["full"]["page_cpu_ms"] / ours["full"]["page_cpu_ms"]
    trivial_ratio = times(xtd) / times(ours)
    comment_ratio = per_comment(xtd, count) / per_comment(ours, count)
    verdict = "met" if min(page_ratio, trivial_ratio) >= TARGET else "MISSED"
    rows = [
        f"| {count} comments on the short reading | ours | django-comments-xtd {version} | xtd ÷ ours |",
        "| --- | ---: | ---: | ---: |",
        f"| page, median ms | {ours['full']['page_ms']:.1f} | {xtd['full']['page_ms']:.1f} | **{page_ratio:.1f}×** |",
        f"| page, CPU median ms (this process) | {ours['full']['page_cpu_ms']:.1f} | "
        f"{xtd['full']['page_cpu_ms']:.1f} | {cpu_ratio:.1f}× |",
        f"| trivial view in the same process, median ms | {ours['full']['trivial_ms']:.3f} | "
        f"{xtd['full']['trivial_ms']:.3f} | |",
        f"| page ÷ its trivial view | {times(ours):.0f}× | {times(xtd):.0f}× | **{trivial_ratio:.1f}×** |",
        f"| same page without comments, median ms | {ours['empty']['page_ms']:.1f} | {xtd['empty']['page_ms']:.1f} | |",
        f"| each further comment, ms | {per_comment(ours, count):.3f} | {per_comment(xtd, count):.3f} | "
        f"{comment_ratio:.1f}× |",
        f"| each further comment, CPU ms | {per_comment(ours, count, 'page_cpu_ms'):.3f} | "
        f"{per_comment(xtd, count, 'page_cpu_ms'):.3f} | "
        f"{per_comment(xtd, count, 'page_cpu_ms') / per_comment(ours, count, 'page_cpu_ms'):.1f}× |",
        f"| queries (with comments / without) | {ours['full']['queries']} / {ours['empty']['queries']} | "
        f"{xtd['full']['queries']} / {xtd['empty']['queries']} | |",
        f"| HTML bytes with comments | {ours['full']['bytes']:,} | {xtd['full']['bytes']:,} | |",
        "",
        f"Ours at least {TARGET}× faster than xtd (the smaller of the page's two ratios): "
        f"**{min(page_ratio, trivial_ratio):.1f}×, {verdict}**. xtd on Django {xtd['versions']['Django']} in "
        f"{VENV}, ours on the site's; both SQLite files on this machine, DEBUG off.",
    ]
    return "\n".join(rows)


def compare(repeat):
    """The comparison as Markdown; never raises, so the benchmark carries on whatever happens here."""
    try:
        python, why_not = xtd_python()
        if python is None:
            return f"django-comments-xtd comparison skipped: {why_not}."
        data = export()
        started = time.perf_counter()
        ours = measure_ours(repeat)
        xtd = measure_xtd(python, data, repeat)
        print(f"xtd: measured both sides in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        return table(ours, xtd, len(data["comments"]))
    except Exception as error:  # noqa: BLE001 - reported in the output instead of failing the benchmark
        return f"django-comments-xtd comparison failed: {type(error).__name__}: {error}"


def main():
    """Alone: a fresh database holding only the site's readings and the two short-reading groups."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page, on each side")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/marginalia-xtd-bench.sqlite3")
    sys.path[:0] = [str(REPO), str(BENCH)]
    import harness

    static_root = Path(tempfile.mkdtemp(prefix="marginalia-bench-static-"))
    harness.production_environment(static_root)
    harness.fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    import discussion
    from django.core.management import call_command
    from django.test.utils import override_settings

    harness.setup_site()
    discussion.build_short(0, seed=args.seed, group_slug=EMPTY)
    discussion.build_short(harness.SHORT_COMMENTS, seed=args.seed, group_slug=FULL)
    override_settings(ROOT_URLCONF="bench_urls").enable()
    call_command("collectstatic", interactive=False, verbosity=0)
    try:
        print(compare(args.repeat))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
