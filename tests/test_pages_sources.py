"""The public reading pages: the reading list, one source read as a blog post, and the 404 page."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from sources import importer, parser
from sources.models import Passage, Source

pytestmark = pytest.mark.django_db

SAMPLE = """---
title: The Grain Question
slug: grain
author: Ada Example
publication: The Example Review
date: Apr 5, 2025
url: https://example.com/grain
kind: essay
---
# First part

It began with a question.[^1] Nobody wanted to answer it.
?? Who is the nobody here?
?? What question?

17. You take everything → Peasants stop sowing → Famine.
?? Trace the chain of causes.

> The revolution is not a dinner party.[^2]

Caption: Figure 1. A map of the requisitions.

The chain came back again.[^1]

[^1]: See the collected letters.

[^2]: Mao, 1927.
"""


def make_source(text=SAMPLE):
    importer.sync(parser.parse(text))
    return Source.objects.get(slug=re.search(r"^slug: (.*)$", text, re.M)[1])


def long_source(slug, paragraphs):
    body = "\n\n".join(
        f"Paragraph {i} cites a note.[^{i}]\n?? A question about paragraph {i}." for i in range(paragraphs)
    )
    notes = "\n\n".join(f"[^{i}]: Note {i}." for i in range(paragraphs))
    return make_source(f"---\ntitle: Long {slug}\nslug: {slug}\n---\n{body}\n\n{notes}\n")


def page(client, source):
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def passage_section(html, anchor):
    """The markup of one passage's <section>, from its opening tag to the next passage's."""
    start = html.index(f'id="{anchor}"')
    end = html.find('<section class="passage ', start)
    return html[start : end if end != -1 else len(html)]


# ---------- Reading list ----------


def test_reading_list_shows_kind_author_date_and_passage_count(client):
    source = make_source()
    html = client.get(reverse("sources:list")).content.decode()
    assert f'href="{source.get_absolute_url()}">The Grain Question</a>' in html
    assert "essay" in html
    assert "Ada Example" in html
    assert "Apr 5, 2025" in html
    assert f"{source.passages.count()} passages" in html


def test_reading_list_without_sources_says_so(client):
    assert "No readings yet." in client.get(reverse("sources:list")).content.decode()


@pytest.mark.parametrize("sources", [1, 6])
def test_reading_list_takes_one_query_however_many_sources(client, django_assert_num_queries, sources):
    for i in range(sources):
        long_source(f"s{i}", paragraphs=i + 1)
    with django_assert_num_queries(1):
        response = client.get(reverse("sources:list"))
    assert response.content.decode().count('class="reading-item"') == sources


# ---------- Reading page ----------

# source, passages, prompts, footnote references (for the notes' back-links).
READING_PAGE_QUERIES = 4


@pytest.mark.parametrize("paragraphs", [2, 300])
def test_reading_page_query_count_does_not_grow_with_passages(client, django_assert_num_queries, paragraphs):
    source = long_source("long", paragraphs)
    with django_assert_num_queries(READING_PAGE_QUERIES):
        response = client.get(source.get_absolute_url())
    assert response.content.decode().count('class="fnback"') == paragraphs


def test_reading_page_shows_title_byline_and_link_to_the_original(client):
    html = page(client, make_source())
    assert '<h1 class="source-title">The Grain Question</h1>' in html
    assert "by Ada Example" in html
    assert "<cite>The Example Review</cite>" in html
    assert "Apr 5, 2025" in html
    assert '<a href="https://example.com/grain" rel="noopener noreferrer nofollow">Read the original</a>' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "//evil"])
def test_original_link_is_left_out_unless_it_is_a_web_address(client, url):
    source = make_source()
    Source.objects.filter(pk=source.pk).update(url=url)
    html = page(client, source)
    assert "Read the original" not in html


def test_passages_appear_in_order_each_with_its_anchor(client):
    source = make_source()
    html = page(client, source)
    anchors = list(source.passages.values_list("anchor", flat=True))
    positions = [html.index(f'id="{anchor}"') for anchor in anchors]
    assert positions == sorted(positions)


def test_post_number_is_shown_as_its_label(client):
    source = make_source()
    post = source.passages.get(kind=Passage.Kind.POST)
    section = passage_section(page(client, source), post.anchor)
    assert f'<a class="passage-label" href="#{post.anchor}" aria-label="Post 17">17</a>' in section


def test_each_kind_of_passage_uses_the_element_it_calls_for(client):
    source = make_source()
    html = page(client, source)
    by_kind = {p.kind: passage_section(html, p.anchor) for p in source.passages.all()}
    assert "<h2>First part</h2>" in by_kind["heading"]
    assert "<blockquote><p>The revolution is not a dinner party." in by_kind["quote"]
    assert '<p class="caption">Figure 1. A map of the requisitions.</p>' in by_kind["caption"]


def test_footnote_reference_links_to_its_note(client):
    source = make_source()
    html = page(client, source)
    first = source.passages.get(text__startswith="It began")
    assert '<a id="fnref-1" href="#fn-1">1</a>' in passage_section(html, first.anchor)
    assert 'id="fn-1"' in html


def test_footnote_links_back_to_every_place_that_cites_it(client):
    html = page(client, make_source())
    note = passage_section(html, "fn-1")
    assert 'href="#fnref-1"' in note
    assert 'href="#fnref-1-2"' in note
    assert 'id="fnref-1-2"' in html


def test_footnotes_are_gathered_in_a_notes_section_after_the_text(client):
    html = page(client, make_source())
    notes = html.index('<h2 id="notes-title" class="notes-title">Notes</h2>')
    assert html.index("The chain came back again.") < notes < html.index('id="fn-1"') < html.index('id="fn-2"')


def test_prompts_are_shown_under_their_own_passage(client):
    source = make_source()
    html = page(client, source)
    first = source.passages.get(text__startswith="It began")
    post = source.passages.get(kind=Passage.Kind.POST)
    assert "Who is the nobody here?" in passage_section(html, first.anchor)
    assert "What question?" in passage_section(html, first.anchor)
    assert "Trace the chain of causes." in passage_section(html, post.anchor)
    assert "Trace the chain of causes." not in passage_section(html, first.anchor)


def test_passage_without_prompts_has_no_reading_questions_box(client):
    source = make_source()
    quote = source.passages.get(kind=Passage.Kind.QUOTE)
    assert 'class="prompts"' not in passage_section(page(client, source), quote.anchor)


def test_unknown_source_gives_the_404_page(client):
    response = client.get(reverse("sources:detail", args=["no-such-reading"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "base.html" in [t.name for t in response.templates]


def test_pages_start_with_a_skip_link_to_the_main_content(client):
    html = client.get(reverse("sources:list")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


# ---------- Hostile text ----------


def public_payloads():
    path = Path(__file__).parent / "data" / "xss_payloads_public.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


PAYLOADS = public_payloads()
# What the page itself may contain: anything else in a rendered page came from the text.
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "div",
    "nav",
    "main",
    "article",
    "section",
    "p",
    "span",
    "cite",
    "h1",
    "h2",
    "sup",
    "aside",
    "ol",
    "li",
    "footer",
    "blockquote",
    "em",
    "strong",
    "br",
}


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.fixture
def hostile_source():
    return make_source()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_title_and_author_render_escaped(client, hostile_source, payload):
    Source.objects.filter(pk=hostile_source.pk).update(title=payload[:300], author=payload[:200])
    html = page(client, hostile_source)
    assert escape(payload[:200]) in html
    if escape(payload) != payload:
        assert payload[:200] not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_passage_text_renders_inert(client, hostile_source, payload):
    passage = hostile_source.passages.get(kind=Passage.Kind.QUOTE)
    Passage.objects.filter(pk=passage.pk).update(text=payload, html=parser.render_inline(payload))
    for tag, attrs in tags_of(page(client, hostile_source)):
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        assert not attrs.get("href", "").strip().lower().startswith(("javascript", "data", "vbscript")), attrs


def test_server_error_page_renders_without_a_request_or_context():
    html = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in html
    assert "css/site.css" in html


def test_site_navigation_marks_the_reading_list_as_the_current_page(client):
    html = client.get(reverse("sources:list")).content.decode()
    assert f'<a href="{reverse("sources:list")}" aria-current="page">Readings</a>' in html
