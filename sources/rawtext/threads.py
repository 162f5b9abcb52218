"""Threads from X/Twitter, Mastodon, Bluesky and Threads: post numbers, author blocks and the header's count.

Posts arrive numbered "1.", "1/", "1/12", "(1/12)" or "🧵 1/", at the start or the end of the post;
each becomes a `N. ` post. Between posts a site repeats the author's name and handle, a
timestamp and a row of counts: those are dropped as chrome (see chrome.py), not kept as repeats.
"""

import re

from .. import parser
from . import chrome

THREAD_EMOJI = "🧵"
# "Apr 5, 2025, 30 tweets", "A thread (9 posts)", "Thread: 12 parts", "🧵 9 toots".
HEADER_RE = re.compile(
    r"^(?:(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}),?\s*)?(?:.{0,40}?\b)?\(?(?P<count>\d{1,3})\s+"
    r"(?:tweets|posts|toots|skeets|parts|threads)\)?\.?$",
    re.IGNORECASE,
)
START_RE = re.compile(rf"^(?:{THREAD_EMOJI}\s*)?\(?(?P<number>\d{{1,4}})\s*/\s*(?P<total>\d{{1,4}})?\)?(?:\s+|$)")
END_RE = re.compile(rf"\s+\(?(?P<number>\d{{1,3}})\s*/\s*(?P<total>\d{{1,3}})?\)?\s*(?:{THREAD_EMOJI}\s*)?$")
EMOJI_START_RE = re.compile(rf"^{THREAD_EMOJI}\s*(?P<number>\d{{1,3}})\.\s+")


def header(line):
    """(date or '', count) when a line is a thread's header, else None."""
    match = HEADER_RE.match(line)
    if match and len(line) <= 80:
        return match["date"] or "", int(match["count"])
    return None


def slash_number(text):
    """(number, total or 0, text without the number) for '3/12 text', 'text 3/12', '🧵 1/ text'; else None."""
    for pattern in (START_RE, END_RE):
        match = pattern.search(text)
        if match and match.group(0).strip() != text.strip():
            rest = (text[: match.start()] + text[match.end() :]).strip()
            if pattern is START_RE and text.startswith(THREAD_EMOJI):
                rest = f"{THREAD_EMOJI} {rest}"
            return int(match["number"]), int(match["total"] or 0), rest
    if match := EMOJI_START_RE.match(text):
        return int(match["number"]), 0, f"{THREAD_EMOJI} {text[match.end() :]}"
    return None


def looks_like_thread(blocks, signals):
    """A thread: the page said so (header, handles between posts), or two posts are numbered with a slash."""
    slashed = sum(1 for block in blocks if slash_number(" ".join(text.strip() for _, text in block)))
    return signals.get("header") or signals.get("handles", 0) >= 2 or slashed >= 2 or signals.get("emoji")


def number_posts(blocks, report, is_thread, starts=()):
    """Write slash-numbered posts as `N. text`, and record every post number and the header's total.

    A thread whose posts carry no numbers at all is numbered in order, one post from each author block to
    the next (its paragraphs joined).
    """
    if is_thread and starts and not any(numbered(block) for block in blocks):
        return number_in_order(blocks, report, starts)
    kept = []
    for block in blocks:
        text = " ".join(line.strip() for _, line in block)
        line = block[0][0]
        found = slash_number(text) if is_thread else None
        if found:
            number, total, rest = found
            if total and total > report.posts_header:
                report.posts_header, report.posts_header_line = total, line
            kept.append([(line, f"{number}. {rest}")])
            report.shaped(line, f"post {number} numbered from {text[:24]!r}")
        else:
            kept.append(block)
    return kept


def numbered(block):
    text = " ".join(line.strip() for _, line in block)
    return bool(parser.POST_RE.match(text) or slash_number(text))


def number_in_order(blocks, report, starts):
    kept, posts = [], []
    for block in blocks:
        if block[0][0] in starts:
            posts.append([block])
            kept.append(None)  # the post's place
        elif posts:
            posts[-1].append(block)
        else:
            kept.append(block)
    numbered_posts = iter(posts)
    result = []
    for block in kept:
        if block is not None:
            result.append(block)
            continue
        post = next(numbered_posts)
        number = len([b for b in result if parser.POST_RE.match(b[0][1])]) + 1
        text = " ".join(line.strip() for part in post for _, line in part)
        result.append([(post[0][0][0], f"{number}. {text}")])
    if posts:
        report.shaped(posts[0][0][0][0], f"the thread does not number its posts: {len(posts)} posts numbered in order")
    return result


def record_posts(body, report):
    """The numbers of the posts in the finished text, in order."""
    posts = [(line, int(match["label"])) for line, text in body if (match := parser.POST_RE.match(text))]
    report.posts_found = [number for _, number in posts]
    first_seen = {}
    for line, number in posts:
        if number in first_seen:
            report.error(line, f"post {number} again (first on line {first_seen[number]}), with other words: keep one")
        first_seen.setdefault(number, line)
    if report.posts_found and report.posts_found != sorted(report.posts_found):
        report.warn(0, "posts are out of order: " + ", ".join(map(str, report.posts_found[:20])))
    gaps = report.post_gaps
    if gaps and report.posts_found:
        report.warn(report.posts_header_line, report.posts_summary)


def author_blocks(block, report, meta, signals):
    """Drop the name line above a handle ('Ann Author' + '@ann'), and a username above a timestamp (Threads)."""
    kept, dropped = [], []
    for index, (number, line) in enumerate(block):
        stripped = line.strip()
        following = block[index + 1][1].strip() if index + 1 < len(block) else ""
        name_over_handle = chrome.HANDLE.match(following) and len(stripped) <= 50
        username_over_time = chrome.USERNAME.match(stripped) and following and chrome.is_timestamp(following)
        if (name_over_handle and not stripped.endswith((".", "!", "?"))) or username_over_time:
            dropped.append((number, stripped))
            if not meta.get("author"):
                meta["author"] = stripped
                report.meta(number, "author", stripped)
            signals["handles"] = signals.get("handles", 0) + 1
        else:
            kept.append((number, line))
    for number, stripped in dropped:
        report.dropped(number, stripped, "author name")
    return kept, {number for number, _ in dropped}
