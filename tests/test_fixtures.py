"""The five readings: fixtures match their edited texts, load on a fresh database, and have the right structure."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from sources import importer
from sources.models import FootnoteReference, Passage, Prompt, Source
from tests.factories import make_group, make_user

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "texts").glob("*.txt"))
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))
REGENERATE = ".venv/bin/python manage.py import_source texts/*.txt --fixture fixtures/"


def test_every_text_has_a_fixture_and_every_fixture_a_text():
    assert [p.stem for p in TEXTS] == [p.stem for p in FIXTURES]


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_fixture_matches_its_text(text, tmp_path):
    parsed, _ = importer.read_source(text)
    importer.write_fixture(parsed, tmp_path / "fresh.json")
    committed = ROOT / "fixtures" / f"{parsed.slug}.json"
    assert (tmp_path / "fresh.json").read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
        f"fixtures/{parsed.slug}.json is out of date with {text.name}; regenerate with: {REGENERATE}"
    )


@pytest.fixture
def readings(db):
    call_command("loaddata", *[str(p) for p in FIXTURES], verbosity=0)
    return {source.slug: source for source in Source.objects.all()}


def passages(slug, kind):
    return Passage.objects.filter(source__slug=slug, kind=kind)


def test_fixtures_load_on_a_fresh_database(readings):
    assert sorted(readings) == [
        "bureaucratic-socialism-part-2",
        "collectivization-paradox",
        "galeev-collectivisation",
        "not-real-socialism-part-3",
        "stalins-new-collectivation",
    ]


def test_thread_has_26_posts_with_post_31_once(readings):
    labels = list(passages("galeev-collectivisation", "post").values_list("label", flat=True))
    assert labels == [str(n) for n in [*range(1, 13), *range(17, 29), 31, 32]]


def test_thread_has_three_unnumbered_paragraphs(readings):
    assert passages("galeev-collectivisation", "paragraph").count() == 3


def test_thread_metadata(readings):
    source = readings["galeev-collectivisation"]
    assert (source.author, source.date, source.kind) == ("Kamil Galeev", "Apr 5, 2025", "thread")


@pytest.mark.parametrize(("kind", "count"), [("paragraph", 15), ("quote", 19), ("caption", 3), ("heading", 0)])
def test_blog_essay_structure(readings, kind, count):
    assert passages("not-real-socialism-part-3", kind).count() == count


def test_supplement_has_79_footnotes(readings):
    labels = list(passages("bureaucratic-socialism-part-2", "footnote").values_list("label", flat=True))
    assert labels == [str(n) for n in range(1, 80)]


def test_supplement_has_79_references_each_to_its_own_note(readings):
    refs = FootnoteReference.objects.filter(source__slug="bureaucratic-socialism-part-2").select_related("note")
    assert sorted(int(ref.label) for ref in refs) == list(range(1, 80))
    assert all(ref.note.label == ref.label for ref in refs)


def test_supplement_references_occur_in_text_order(readings):
    order = []
    text = Passage.objects.filter(source__slug="bureaucratic-socialism-part-2").exclude(kind="footnote")
    for passage in text.order_by("position"):
        order += [int(label) for label in re.findall(r"\[\^(\d+)\]", passage.text)]
    assert order == list(range(1, 80))


def test_supplement_metadata(readings):
    source = readings["bureaucratic-socialism-part-2"]
    assert (source.author, source.publication, source.date, source.kind) == (
        "Jack Conrad",
        "Weekly Worker",
        "09.01.1997",
        "supplement",
    )


def test_blog_post_stops_before_the_reader_comments(readings):
    texts = " ".join(passages("stalins-new-collectivation", "paragraph").values_list("text", flat=True))
    assert "thoughts on" not in texts
    assert "In reading your post" not in texts
    assert passages("stalins-new-collectivation", "quote").count() == 1


@pytest.mark.parametrize("slug", [p.stem for p in FIXTURES])
def test_every_reading_has_at_least_four_prompts(readings, slug):
    assert Prompt.objects.filter(passage__source__slug=slug).count() >= 4


def test_the_famine_chain_has_a_prompt(readings):
    post = Passage.objects.get_by_natural_key("galeev-collectivisation", "p-12")
    assert post.text == "You take everything → Peasants stop sowing → Famine"
    assert post.prompts.exists()


def test_prompts_are_found_by_natural_key(readings):
    prompt = Prompt.objects.get_by_natural_key("galeev-collectivisation", "p-12", 0)
    assert prompt.natural_key() == ("galeev-collectivisation", "p-12", 0)


def test_footnote_reference_is_found_by_natural_key(readings):
    ref = FootnoteReference.objects.get_by_natural_key("bureaucratic-socialism-part-2", "5")
    assert ref.note.anchor == "fn-5"
    assert 'href="#fn-5"' in ref.passage.html


def test_fixtures_hold_no_primary_keys():
    for fixture in FIXTURES:
        assert '"pk"' not in fixture.read_text(encoding="utf-8"), fixture.name


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_in_fixtures_loads_on_its_own_on_a_fresh_database(db, fixture):
    call_command("loaddata", str(fixture), verbosity=0)
    assert Source.objects.count() == 1


def test_the_demo_readers_say_which_command_loads_them():
    assert "manage.py setup_demo" in (ROOT / "fixtures" / "demo" / "README.md").read_text(encoding="utf-8")


def test_a_texts_editor_note_is_read_but_never_stored(tmp_path):
    text = tmp_path / "noted.txt"
    text.write_text("---\ntitle: Noted\ndescription: For readers.\nnote: Kept in the raw file.\n---\n\nA passage.\n")
    parsed, _ = importer.read_source(text)
    importer.write_fixture(parsed, tmp_path / "noted.json")
    fixture = (tmp_path / "noted.json").read_text(encoding="utf-8")
    assert "For readers." in fixture
    assert "Kept in the raw file" not in fixture


def test_readers_never_see_the_editors_notes(readings, client):
    source = readings["stalins-new-collectivation"]
    reader = make_user()
    group = make_group(source, members=[reader])
    client.force_login(reader)
    for url in [
        reverse("sources:detail", args=[source.slug]),
        reverse("forum:reading", args=[group.slug, source.slug]),
    ]:
        page = client.get(url).content.decode()
        assert "built around one quoted sentence" in page
        assert "kept in the raw file" not in page.lower()
