"""manage.py import_source and load_readings: create, update keeping discussion, fixtures, bad input."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from forum.models import Comment, ReadingGroup
from sources.models import FootnoteReference, Passage, Prompt, Source

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
TEXT = """---
title: A reading
author: Someone
slug: a-reading
---

# The start

Alpha paragraph with enough words to be itself.
?? What is alpha about?

17. A numbered post about beta.[^1]

> A quoted paragraph about gamma.

[^1]: The note on beta.
"""


def write(tmp_path, text, name="a-reading.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_source", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def ids(slug="a-reading"):
    return dict(Passage.objects.filter(source__slug=slug).values_list("anchor", "pk"))


def discuss(passage):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-123")
    group = ReadingGroup.objects.create(name="Class", slug="class")
    return Comment.objects.create(
        group=group,
        source=passage.source,
        passage=passage,
        author=user,
        body="I disagree.",
        body_html="<p>I disagree.</p>",
    )


def test_import_creates_the_source_and_its_passages(tmp_path):
    run(write(tmp_path, TEXT))
    source = Source.objects.get(slug="a-reading")
    assert [(p.kind, p.label, p.anchor) for p in source.passages.all()] == [
        ("heading", "", "the-start"),
        ("paragraph", "", "alpha-paragraph-with-enough"),
        ("post", "17", "p-17"),
        ("quote", "", "a-quoted-paragraph-about-gamma"),
        ("footnote", "1", "fn-1"),
    ]


def test_import_links_footnote_reference_both_ways(tmp_path):
    run(write(tmp_path, TEXT))
    ref = FootnoteReference.objects.get()
    assert (ref.label, ref.passage.anchor, ref.note.anchor) == ("1", "p-17", "fn-1")
    assert list(ref.note.backrefs.all()) == [ref]


def test_import_twice_keeps_every_primary_key(tmp_path):
    path = write(tmp_path, TEXT)
    run(path)
    before, prompt = ids(), Prompt.objects.get().pk
    out, _ = run(path)
    assert ids() == before
    assert Prompt.objects.get().pk == prompt
    assert "5 unchanged, 0 edited, 0 new, 0 dropped" in out


def test_lightly_edited_passage_keeps_its_key_and_anchor(tmp_path):
    run(write(tmp_path, TEXT))
    before = ids()
    run(write(tmp_path, TEXT.replace("Alpha paragraph with enough", "Alpha paragraph, with quite enough")))
    passage = Passage.objects.get(pk=before["alpha-paragraph-with-enough"])
    assert passage.text.startswith("Alpha paragraph, with quite enough")
    assert passage.anchor == "alpha-paragraph-with-enough"


def test_rewritten_paragraph_is_a_new_passage(tmp_path):
    run(write(tmp_path, TEXT))
    before = ids()
    rewritten = TEXT.replace("Alpha paragraph with enough words to be itself.", "Entirely other prose.")
    out, _ = run(write(tmp_path, rewritten))
    assert "1 new, 1 dropped" in out
    assert ids()["entirely-other-prose"] not in before.values()


def test_edited_post_keeps_its_key_by_number(tmp_path):
    run(write(tmp_path, TEXT))
    before = ids()["p-17"]
    run(write(tmp_path, TEXT.replace("A numbered post about beta.", "Post seventeen, now quite different.")))
    assert ids()["p-17"] == before


def test_inserted_passage_leaves_the_others_alone(tmp_path):
    run(write(tmp_path, TEXT))
    before = ids()
    run(write(tmp_path, TEXT.replace("# The start\n", "# The start\n\nA brand new opening passage.\n")))
    after = ids()
    assert {anchor: after[anchor] for anchor in before} == before
    assert "a-brand-new-opening-passage" in after


def test_dropping_a_passage_with_discussion_is_refused(tmp_path):
    run(write(tmp_path, TEXT))
    discuss(Passage.objects.get(anchor="a-quoted-paragraph-about-gamma"))
    edited = write(tmp_path, TEXT.replace("> A quoted paragraph about gamma.\n", ""))
    with pytest.raises(CommandError) as caught:
        run(edited)
    assert str(caught.value).startswith(f"{edited}: refusing to drop passage #a-quoted-paragraph-about-gamma")
    assert Passage.objects.filter(anchor="a-quoted-paragraph-about-gamma").exists()


def test_refused_import_changes_nothing(tmp_path):
    run(write(tmp_path, TEXT))
    discuss(Passage.objects.get(anchor="a-quoted-paragraph-about-gamma"))
    before = list(Passage.objects.values_list("pk", "position", "text", "anchor"))
    edited = TEXT.replace("> A quoted paragraph about gamma.\n", "").replace("Alpha", "Omega")
    with pytest.raises(CommandError):
        run(write(tmp_path, edited))
    assert list(Passage.objects.values_list("pk", "position", "text", "anchor")) == before


def test_dropping_a_passage_without_discussion_is_allowed(tmp_path):
    run(write(tmp_path, TEXT))
    out, _ = run(write(tmp_path, TEXT.replace("> A quoted paragraph about gamma.\n", "")))
    assert "1 dropped" in out
    assert not Passage.objects.filter(anchor="a-quoted-paragraph-about-gamma").exists()


def test_edited_prompt_keeps_its_row(tmp_path):
    run(write(tmp_path, TEXT))
    prompt = Prompt.objects.get()
    run(write(tmp_path, TEXT.replace("What is alpha about?", "What, in one sentence, is alpha about?")))
    assert Prompt.objects.get().pk == prompt.pk
    assert Prompt.objects.get().text == "What, in one sentence, is alpha about?"


def test_dry_run_writes_nothing(tmp_path):
    out, _ = run(write(tmp_path, TEXT), "--dry-run")
    assert "dry run, nothing saved" in out
    assert not Source.objects.exists()


def test_fixture_option_writes_a_fixture_and_not_the_database(tmp_path):
    target = tmp_path / "out.json"
    run(write(tmp_path, TEXT), "--fixture", target)
    assert not Source.objects.exists()
    call_command("loaddata", str(target), verbosity=0)
    assert Source.objects.get().passages.count() == 5


def test_from_raw_reports_repeats_and_chrome(tmp_path):
    raw = next((ROOT / "texts" / "raw").glob("000_*.txt"))
    out, err = run("--from-raw", raw, "--fixture", tmp_path / "thread.json")
    assert "26 posts found; posts 13–16 and 29–30 missing; the header says 30" in out
    assert "2 repeats collapsed, 5 chrome lines dropped" in out
    assert "Chrome dropped:" in out
    assert "web chrome dropped: 'Keep scrolling' (call to action)" in out


BAD = [
    (b"", "{path}:1: empty file"),
    (b"---\ntitle: T\n---\n\n\x00\x00", "{path}:5: binary file"),
    (b"---\ntitle: T\n---\n\n\xff\xfe", "{path}:5: not UTF-8"),
    (b"---\nauthor: A\n---\n\nText.\n", "{path}:1: missing title"),
    (b"---\ntitle: T\nthis is not a field\n---\n\nText.\n", "{path}:3: malformed front matter"),
    (b"---\ntitle: T\n---\n\n", "{path}:4: no passages"),
    (b"---\ntitle: T\n---\n\nA claim.[^4]\n", "{path}:5: footnote reference [^4] has no note"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_file_is_one_clear_error_and_nothing_is_saved(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        run(path)
    assert str(caught.value).startswith(message.format(path=path))
    assert not Source.objects.exists()


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_file_writes_no_fixture(tmp_path, data, message):
    path, target = tmp_path / "bad.txt", tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        run(path, "--fixture", target)
    assert not target.exists()


def test_two_files_with_one_slug_are_refused_and_nothing_is_saved(tmp_path):
    first = write(tmp_path, TEXT, "first.txt")
    second = write(tmp_path, TEXT.replace("title: A reading", "title: Another"), "second.txt")
    with pytest.raises(CommandError) as caught:
        run(first, second)
    assert str(caught.value) == f"{second}:1: duplicate slug 'a-reading' (already claimed by {first})"
    assert not Source.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.txt: cannot read file"):
        run(tmp_path / "nowhere.txt")


def test_load_readings_loads_every_reading_fixture():
    call_command("load_readings", stdout=StringIO())
    assert Source.objects.count() == len(list((ROOT / "fixtures").glob("*.json")))


def test_load_readings_twice_keeps_every_primary_key():
    call_command("load_readings", stdout=StringIO())
    before = set(Passage.objects.values_list("pk", "anchor"))
    call_command("load_readings", stdout=StringIO())
    assert set(Passage.objects.values_list("pk", "anchor")) == before


def test_load_readings_keeps_discussion_of_a_loaded_reading():
    call_command("load_readings", stdout=StringIO())
    comment = discuss(Passage.objects.get_by_natural_key("galeev-collectivisation", "p-12"))
    call_command("load_readings", stdout=StringIO())
    assert Comment.objects.get(pk=comment.pk).passage.anchor == "p-12"


def make_source(passages):
    source = Source.objects.create(slug=f"s-{passages}", title="S")
    for position in range(passages):
        passage = Passage.objects.create(
            source=source,
            position=position,
            text=f"t{position}",
            anchor=f"a{position}",
            kind="footnote" if position == 0 else "paragraph",
            label="1"[: position == 0],
        )
        Prompt.objects.create(passage=passage, text="Why?")
    first = source.passages.first()
    FootnoteReference.objects.create(source=source, label="1", passage=source.passages.last(), note=first)
    return source


@pytest.mark.parametrize("passages", [3, 60])
def test_reading_takes_three_queries_whatever_the_length(passages, django_assert_num_queries):
    source = make_source(passages)
    with django_assert_num_queries(3):
        rows = source.reading()
    assert len(rows) == passages
    assert all(len(passage.prompt_list) == 1 for passage in rows)
    assert [len(passage.backref_list) for passage in rows] == [1] + [0] * (passages - 1)


def test_raw_text_without_a_title_line_asks_for_a_front_matter(tmp_path):
    path = write(tmp_path, "A long first paragraph that ends like a sentence.\n\nAnother one.\n", "untitled.txt")
    with pytest.raises(CommandError, match=r"untitled\.txt:1: missing title \(no title line found"):
        run("--from-raw", path)


def test_load_readings_updates_a_changed_fixture_in_place(tmp_path):
    run(write(tmp_path, TEXT), "--fixture", tmp_path / "a-reading.json")
    call_command("load_readings", "--directory", str(tmp_path), stdout=StringIO())
    before = ids()
    run(write(tmp_path, TEXT.replace("about beta", "about beta and delta")), "--fixture", tmp_path / "a-reading.json")
    call_command("load_readings", "--directory", str(tmp_path), stdout=StringIO())
    assert ids() == before
    assert Passage.objects.get(anchor="p-17").text == "A numbered post about beta and delta.[^1]"


def test_load_readings_refuses_two_fixtures_with_one_slug(tmp_path):
    run(write(tmp_path, TEXT), "--fixture", tmp_path / "one.json")
    run(write(tmp_path, TEXT), "--fixture", tmp_path / "two.json")
    duplicate = r"two\.json:1: duplicate slug 'a-reading' \(already claimed by .*one\.json\)"
    with pytest.raises(CommandError, match=duplicate):
        call_command("load_readings", "--directory", str(tmp_path), stdout=StringIO())
    assert not Source.objects.exists()


RAW_THREAD = (
    "---\ntitle: A thread\n---\n\n1. First post.\n\n2. Second post.\n\nShare this Scrolly Tale with your friends.\n"
)


def test_write_text_saves_the_converted_source_for_the_editor(tmp_path):
    raw = write(tmp_path, RAW_THREAD, "raw.txt")
    target = tmp_path / "edited.txt"
    out, err = run("--from-raw", raw, "--write-text", target)
    text = target.read_text(encoding="utf-8")
    assert "1. First post." in text and "2. Second post." in text
    assert "Share this" not in text
    assert "web chrome dropped: 'Share this Scrolly Tale with your friends.'" in out
    assert not Source.objects.exists()


def test_write_text_never_overwrites_an_existing_file(tmp_path):
    raw = write(tmp_path, RAW_THREAD, "raw.txt")
    target = write(tmp_path, "my careful edits", "edited.txt")
    with pytest.raises(CommandError, match="already exists"):
        run("--from-raw", raw, "--write-text", target)
    assert target.read_text(encoding="utf-8") == "my careful edits"


def test_write_text_needs_from_raw(tmp_path):
    path = write(tmp_path, RAW_THREAD)
    with pytest.raises(CommandError, match="use it with --from-raw"):
        run(path, "--write-text", tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()
