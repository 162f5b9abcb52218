"""Hostile input is inert: every public XSS payload, as a comment body, and as a display name
and group name together, leaves no script, event handler, style or dangerous URL on the pages that show it.

Pages are parsed and compared with the same page showing a harmless value: the site's own
markup (its script, forms) is allowed; anything more of a dangerous kind came from the payload.
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from forum.models import Comment, Profile
from forum.sanitize import clean_line, strip_control_chars
from tests.factories import make_comment, make_group, make_source, make_user

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "svg",
    "math",
    "object",
    "embed",
    "form",
    "img",
    "input",
    "textarea",
    "button",
    "style",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "video",
    "audio",
    "source",
    "details",
    "template",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcset", "data"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.I)


def load_payloads():
    payloads = []
    for line in (DATA / "xss_payloads_public.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            payloads.append(line.replace("\\n", "\n"))
    payloads += [item["payload"] for item in json.loads((DATA / "xss_payloads_public.json").read_text())["payloads"]]
    return payloads


PAYLOADS = load_payloads()


class PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            cleaned = re.sub(r"[\x00-\x20]", "", value or "")
            if name in URL_ATTRS and BAD_SCHEME.match(cleaned):
                self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def scan(html):
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html, baseline_html):
    page, baseline = scan(html), scan(baseline_html)
    assert baseline.problems == []
    assert page.problems == []
    extra = {tag: n - baseline.tags[tag] for tag, n in page.tags.items() if tag in DANGEROUS_TAGS}
    assert {tag: n for tag, n in extra.items() if n > 0} == {}


# The module's world, made once and shared (each test runs in a transaction rolled back after it).


def kept_for_the_module(django_db_blocker, make):
    """Make an object outside any test's transaction, hand it out, and delete it at the end."""
    with django_db_blocker.unblock():
        made = make()
        yield made
        made.delete()


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker):
    yield from kept_for_the_module(django_db_blocker, lambda: make_source(passages=2))


@pytest.fixture(scope="module")
def author(django_db_setup, django_db_blocker):
    yield from kept_for_the_module(django_db_blocker, lambda: make_user(display_name="Author"))


@pytest.fixture(scope="module")
def reader(django_db_setup, django_db_blocker):
    yield from kept_for_the_module(django_db_blocker, lambda: make_user(display_name="Reader"))


@pytest.fixture(scope="module")
def group(django_db_blocker, source, author, reader):
    yield from kept_for_the_module(django_db_blocker, lambda: make_group(source, members=[author, reader]))


@pytest.fixture(scope="module")
def top(django_db_blocker, group, source, reader):
    """The reader's comment on the first passage, which the author's comments answer."""
    with django_db_blocker.unblock():
        top = make_comment(group, reader, passage=source.passages.first(), body="harmless")
        yield top
        Comment.objects.all().delete()


def reading_url(group, source):
    return reverse("forum:reading", args=[group.slug, source.slug])


def page_with_comment(client, author, top, body):
    """The reading page after `author` posts `body` as a reply to `top`."""
    client.force_login(author)
    response = client.post(
        reverse("forum:comment_new", args=[top.group.slug, top.source.slug]),
        {"body": body, "parent": top.pk},
    )
    assert response.status_code == 302, response.content.decode()[-500:]
    return client.get(reading_url(top.group, top.source)).content.decode()


@pytest.fixture(scope="module")
def baselines():
    """Each page as it is with harmless values, computed once per module."""
    return {}


def baseline(baselines, key, render):
    if key not in baselines:
        baselines[key] = render()
    return baselines[key]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_comment_body_is_inert(client, author, top, baselines, payload):
    def render_plain():
        html = page_with_comment(client, author, top, "plain words")
        Comment.objects.exclude(pk=top.pk).delete()
        return html

    plain = baseline(baselines, "body", render_plain)
    # One payload is longer than a comment may be; its first 5,000 characters are what could be posted.
    assert_inert(page_with_comment(client, author, top, payload[:5000]), plain)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_comment_body_is_inert_on_the_edit_page(client, group, author, top, payload):
    comment = make_comment(group, author, passage=top.passage, body="plain words")
    client.force_login(author)
    url = reverse("forum:comment_edit", args=[group.slug, comment.pk])
    plain = client.get(url).content.decode()
    # As the form would store it (PostgreSQL refuses NUL bytes anyway).
    Comment.objects.filter(pk=comment.pk).update(body=strip_control_chars(payload))
    assert_inert(client.get(url).content.decode(), plain)


def pages_for_names(client, author, top):
    """The pages that show a display name or the group's name, as `author` sees them."""
    client.force_login(author)
    group, source = top.group, top.source
    urls = [
        reading_url(group, source),
        group.get_absolute_url(),
        reverse("forum:home"),
        reverse("forum:comment_new", args=[group.slug, source.slug]) + f"?parent={top.pk}",
    ]
    return "".join(client.get(url).content.decode() for url in urls)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_display_name_and_group_name_is_inert(client, group, author, reader, top, baselines, payload):
    make_comment(group, author, parent=top, body="reply")
    plain = baseline(baselines, "names", lambda: pages_for_names(client, author, top))
    # Stored as the signup form and the admin's form would let them through: names lose control
    # characters; Django's form fields refuse NUL bytes.
    Profile.objects.filter(user__in=[reader, author]).update(display_name=clean_line(payload)[:60])
    without_nul = payload.replace("\x00", "")
    type(group).objects.filter(pk=group.pk).update(name=without_nul[:120], description=without_nul)
    assert_inert(pages_for_names(client, author, top), plain)


def test_scanner_catches_an_event_handler():
    assert scan('<p onclick="x()">hi</p>').problems == ["<p onclick=…>"]


def test_scanner_catches_an_entity_obfuscated_javascript_url():
    assert scan('<a href="&#106;avascript:alert(1)">x</a>').problems


def test_scanner_counts_an_injected_script():
    with pytest.raises(AssertionError):
        assert_inert("<p>x</p><script>alert(1)</script>", "<p>x</p>")
