"""The readings admin, driven through the real admin views as a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from forum.models import Comment, ReadingGroup
from sources import importer, parser, rawtext
from sources.models import FootnoteReference, Passage, Prompt, Source

pytestmark = pytest.mark.django_db
TEXT = """---
title: A reading
author: Someone
slug: a-reading
---

First paragraph about the harvest.
?? Why the harvest?

2. A post with a note.[^1]

[^1]: The note.
"""


@pytest.fixture
def source():
    importer.sync(parser.parse(TEXT, "a-reading.txt"))
    return Source.objects.get(slug="a-reading")


def form_data(source, **changes):
    """What the change form posts: the source's fields, the paste box, and its passages inline."""
    data = {
        "title": source.title,
        "slug": source.slug,
        "author": source.author,
        "publication": source.publication,
        "date": source.date,
        "url": source.url,
        "kind": source.kind,
        "description": source.description,
        "visibility": source.visibility,
        "rights": source.rights,
        "paste_text": "",
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
    }
    if source.pk:
        rows = list(source.passages.all())
        data["passages-TOTAL_FORMS"] = data["passages-INITIAL_FORMS"] = str(len(rows))
        for i, passage in enumerate(rows):
            for name in ("id", "position", "kind", "label", "anchor", "text"):
                data[f"passages-{i}-{name}"] = getattr(passage, name)
            data[f"passages-{i}-source"] = source.pk
    data.update(changes)
    return data


def change_url(source):
    return reverse("admin:sources_source_change", args=[source.pk])


def test_source_list_shows_passage_counts(admin_client, source):
    response = admin_client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 200
    assert '<td class="field-passage_count">3</td>' in response.content.decode()


def test_source_list_search_finds_by_author(admin_client, source):
    Source.objects.create(slug="other", title="Other reading", author="Nobody")
    response = admin_client.get(reverse("admin:sources_source_changelist"), {"q": "Someone"})
    assert list(response.context["cl"].result_list) == [source]


def test_change_form_shows_passages_in_order_and_the_paste_box(admin_client, source):
    response = admin_client.get(change_url(source))
    inline = response.context["inline_admin_formsets"][0]
    assert [form.instance.anchor for form in inline.formset.forms] == ["first-paragraph-about-the", "p-2", "fn-1"]
    assert 'name="paste_text"' in response.content.decode()


def test_pasting_formatted_text_into_a_new_source_makes_passages(admin_client):
    data = form_data(Source(title="Pasted", slug="pasted"), paste_text="# Part one\n\nA paragraph.\n?? Why?\n")
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302
    source = Source.objects.get(slug="pasted")
    assert [(p.kind, p.anchor) for p in source.passages.all()] == [
        ("heading", "part-one"),
        ("paragraph", "a-paragraph"),
    ]
    assert Prompt.objects.get().text == "Why?"


def test_pasting_raw_web_text_shows_the_report_first_and_saves_nothing(admin_client):
    raw = "Ann Author Profile picture\n\n1. First post.\n\n1. First post.\n\n2. Second post.\n\nKeep scrolling\n"
    data = form_data(Source(title="Raw", slug="raw"), paste_text=raw, paste_is_raw="on")
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 200
    assert not Source.objects.exists()
    page = response.content.decode()
    assert "Converter’s report" in page
    assert "Nothing saved yet" in page
    assert "web chrome dropped: &#x27;Keep scrolling&#x27;" in page
    assert "2 posts found" in page
    assert response.context["adminform"].form["paste_checked"].value() == rawtext.fingerprint(raw)


def test_pasting_raw_web_text_saves_after_the_preview(admin_client):
    raw = "Ann Author Profile picture\n\n1. First post.\n\n1. First post.\n\n2. Second post.\n\nKeep scrolling\n"
    data = form_data(Source(title="Raw", slug="raw", author=""), paste_text=raw, paste_is_raw="on")
    data["paste_checked"] = rawtext.fingerprint(raw)
    response = admin_client.post(reverse("admin:sources_source_add"), data, follow=True)
    source = Source.objects.get(slug="raw")
    assert list(source.passages.values_list("anchor", flat=True)) == ["p-1", "p-2"]
    assert source.author == "Ann Author"
    shown = [str(message) for message in response.context["messages"]]
    assert "Converted from raw text: 2 posts; 1 repeats collapsed, 2 chrome lines dropped" in shown


def test_a_changed_paste_needs_a_new_preview(admin_client):
    data = form_data(Source(title="Raw", slug="raw"), paste_text="1. Edited post.\n", paste_is_raw="on")
    data["paste_checked"] = rawtext.fingerprint("1. The post as previewed.\n")
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert "Nothing saved yet" in response.content.decode()
    assert not Source.objects.exists()


def test_raw_paste_whose_notes_do_not_match_is_refused_with_the_line(admin_client):
    raw = "A claim.[1] Another.[2]\n\nNotes\n\n1. The first note.\n"
    data = form_data(Source(title="Raw", slug="raw"), paste_text=raw, paste_is_raw="on")
    data["paste_checked"] = rawtext.fingerprint(raw)
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    page = response.content.decode()
    assert "pasted text:1: marker [2] has no note in the list of notes" in page
    assert "Errors: fix these before importing" in page
    assert not Source.objects.exists()


def test_raw_paste_fills_the_blank_fields_from_the_text(admin_client):
    raw = "The Quiet Ledger\n\nBy Ines Farrow\n\nMar 3, 2024\n\nA first paragraph of the essay, long enough.\n"
    data = form_data(Source(title="", slug="quiet-ledger"), paste_text=raw, paste_is_raw="on")
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    form = response.context["adminform"].form
    assert (form["title"].value(), form["author"].value(), form["date"].value()) == (
        "The Quiet Ledger",
        "Ines Farrow",
        "Mar 3, 2024",
    )
    assert not Source.objects.exists()


def test_pasting_over_a_source_keeps_unchanged_passages(admin_client, source):
    before = dict(source.passages.values_list("anchor", "pk"))
    pasted = (
        "First paragraph about the harvest.\n\n2. A post with a note.[^1]\n\nA new closing line.\n\n[^1]: The note.\n"
    )
    admin_client.post(change_url(source), form_data(source, paste_text=pasted))
    after = dict(source.passages.values_list("anchor", "pk"))
    assert {anchor: after[anchor] for anchor in before} == before
    assert "a-new-closing-line" in after


def test_bad_paste_is_a_form_error_and_changes_nothing(admin_client, source):
    before = list(source.passages.values_list("pk", "text"))
    response = admin_client.post(change_url(source), form_data(source, paste_text="Claim.[^7]\n"))
    assert response.status_code == 200
    assert "pasted text:1: footnote reference [^7] has no note" in response.content.decode()
    assert list(source.passages.values_list("pk", "text")) == before


def test_paste_with_a_front_matter_is_refused(admin_client, source):
    response = admin_client.post(change_url(source), form_data(source, paste_text="---\ntitle: X\n---\n\nText.\n"))
    assert "paste the passages only" in response.content.decode()


def test_paste_that_drops_a_discussed_passage_is_refused(admin_client, source):
    passage = source.passages.get(anchor="first-paragraph-about-the")
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-123")
    group = ReadingGroup.objects.create(name="Class", slug="class")
    Comment.objects.create(group=group, source=source, passage=passage, author=user, body="x", body_html="<p>x</p>")
    response = admin_client.post(change_url(source), form_data(source, paste_text="Something else entirely.\n"))
    assert "refusing to drop passage #first-paragraph-about-the" in response.content.decode()
    assert source.passages.count() == 3


def test_editing_a_passage_inline_renders_its_html_again(admin_client, source):
    data = form_data(source)
    data["passages-0-text"] = "First paragraph about the *harvest*."
    assert admin_client.post(change_url(source), data).status_code == 302
    passage = source.passages.get(position=0)
    assert passage.html == "First paragraph about the <em>harvest</em>."
    assert FootnoteReference.objects.filter(source=source).count() == 1


def test_inline_reference_to_a_missing_note_is_a_form_error(admin_client, source):
    data = form_data(source)
    data["passages-0-text"] = "Now citing a note that is not there.[^9]"
    response = admin_client.post(change_url(source), data)
    assert response.status_code == 200
    assert "footnote reference [^9] has no note" in response.content.decode()


def test_passage_admin_lists_and_edits_with_prompts_inline(admin_client, source):
    passage = source.passages.get(anchor="p-2")
    assert admin_client.get(reverse("admin:sources_passage_changelist"), {"q": "note"}).status_code == 200
    response = admin_client.get(reverse("admin:sources_passage_change", args=[passage.pk]))
    assert response.status_code == 200
    assert 'name="prompts-TOTAL_FORMS"' in response.content.decode()


def test_prompt_admin_searches_prompts(admin_client, source):
    response = admin_client.get(reverse("admin:sources_prompt_changelist"), {"q": "harvest"})
    assert [prompt.text for prompt in response.context["cl"].result_list] == ["Why the harvest?"]


def test_passage_edit_in_its_own_page_relinks_notes(admin_client, source):
    passage = source.passages.get(anchor="p-2")
    data = {
        "source": source.pk,
        "position": 1,
        "kind": "post",
        "label": "2",
        "anchor": "p-2",
        "text": "A post, *edited*.[^1]",
        "prompts-TOTAL_FORMS": "0",
        "prompts-INITIAL_FORMS": "0",
        "prompts-MIN_NUM_FORMS": "0",
        "prompts-MAX_NUM_FORMS": "1000",
    }
    assert admin_client.post(reverse("admin:sources_passage_change", args=[passage.pk]), data).status_code == 302
    assert Passage.objects.get(pk=passage.pk).html == (
        'A post, <em>edited</em>.<sup class="fnref"><a id="fnref-1" href="#fn-1">1</a></sup>'
    )
