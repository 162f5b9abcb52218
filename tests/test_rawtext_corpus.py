"""The converter on a corpus of raw texts of every shape it knows, each beside the text it should become.

The raw texts in tests/data/raw/ were written for these tests (none is copied from the web); each
`<name>.raw.txt` converts to `<name>.expected.txt`. After a deliberate change to the converter,
check the differences by eye before regenerating an expected file.
"""

import random
from pathlib import Path

import pytest

from sources import parser, rawtext

CORPUS = Path(__file__).resolve().parent / "data" / "raw"
NAMES = sorted(path.name.removesuffix(".raw.txt") for path in CORPUS.glob("*.raw.txt"))


def convert(name):
    return rawtext.convert((CORPUS / f"{name}.raw.txt").read_text(encoding="utf-8"), f"{name}.raw.txt")


def test_the_corpus_has_at_least_twelve_texts_each_with_its_expected_conversion():
    assert len(NAMES) >= 12
    assert all((CORPUS / f"{name}.expected.txt").exists() for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_raw_text_converts_to_its_expected_text(name):
    conversion = convert(name)
    assert conversion.text == (CORPUS / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert not conversion.report.errors
    parser.parse(conversion.text, f"{name}.expected.txt", default_slug=name.replace("_", "-"))


def body(conversion):
    """The passages, without the front matter."""
    return conversion.text.split("---\n", 2)[-1]


def meta(name):
    return convert(name).meta


def test_newspaper_masthead_kicker_headline_and_byline():
    assert meta("newspaper_feature") == {
        "publication": "Harbour Gazette",
        "date": "14.03.2024",
        "kind": "feature",
        "title": "The ledger that counted sheep. Part I - A village keeps its books",
        "author": "Ines Farrow",
    }


def test_magazine_caps_masthead_section_path_and_two_authors():
    found = meta("magazine_feature")
    assert (found["publication"], found["title"], found["author"], found["date"]) == (
        "The Meridian Review",
        "Paper Empires",
        "Tomas Vell and Ana Ruiz",
        "5 March 2024",
    )
    assert found["description"] == "How clerks, not generals, held the grain routes together"


def test_newsletter_masthead_title_subtitle_author_and_date():
    found = meta("substack_essay")
    assert (found["publication"], found["title"], found["author"], found["date"]) == (
        "The Quiet Ledger",
        "The Archive Is Not the Past",
        "Ines Farrow",
        "Mar 03, 2024",
    )


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("threads_thread", "7 posts found; posts 4–5 missing; the header says 9"),
        ("x_thread", "7 posts found; post 6 missing; the header says 8"),
        ("thread_with_header", "4 posts found; posts 4 and 6 missing; the header says 6"),
        ("mastodon_thread", "4 posts found"),
        ("bluesky_thread", "4 posts found"),
        ("bluesky_unnumbered", "3 posts found"),
    ],
)
def test_thread_posts_and_gaps_are_reported(name, summary):
    conversion = convert(name)
    assert conversion.report.posts_summary == summary
    assert conversion.meta["kind"] == "thread"
    if "missing" in summary:
        assert [entry.message for entry in conversion.report.warnings] == [summary]


@pytest.mark.parametrize(
    ("name", "chrome", "reason"),
    [
        ("x_thread", "Show more", "call to action"),
        ("x_thread", "12.3K Views", "buttons and counts"),
        ("x_thread", "10:42 AM · Mar 3, 2024", "timestamp"),
        ("x_thread", "@maraquill", "author handle"),
        ("mastodon_thread", "12 boosts", "buttons and counts"),
        ("mastodon_thread", "Show thread", "call to action"),
        ("bluesky_thread", "Everybody can reply", "call to action"),
        ("threads_thread", "ines.farrow", "author name"),
        ("substack_essay", "Thanks for reading The Quiet Ledger!", "call to action"),
        ("substack_essay", "3 Restacks", "buttons and counts"),
        ("substack_essay", "Leave a comment", "call to action"),
        ("wordpress_blog", "Like Loading...", "buttons and counts"),
        ("magazine_feature", "Copyright © 2024 The Meridian Review.", "footer"),
        ("newspaper_feature", "(A printable version of this feature can be found HERE)", "printable version"),
        ("encyclopedia_article", "From Openpedia, the free encyclopedia", "site promotion"),
        ("encyclopedia_article", "2 Use by historians", "table of contents"),
        ("medium_post", "7 min read", "buttons and counts"),
        ("wire_report", "Reporting by Kerttu Saar; Editing by Tomas Vell", "credit"),
        ("wire_report", "Already have an account? Sign in", "call to action"),
        ("wire_report", "Updated 14 March 2024, 16:05 GMT", "timestamp"),
    ],
)
def test_each_chrome_line_is_dropped_and_reported_with_its_reason(name, chrome, reason):
    conversion = convert(name)
    assert chrome not in body(conversion)
    assert any(
        f"web chrome dropped: '{chrome}" in str(entry) and f"({reason})" in str(entry)
        for entry in conversion.report.chrome
    )


def test_a_dateline_on_its_own_line_opens_the_next_paragraph_and_a_wire_masthead_is_the_publication():
    conversion = convert("wire_report")
    assert "\n\nTARTU, March 14 (Northern Wire) — The county archive on Thursday" in conversion.text
    assert (conversion.meta["publication"], conversion.meta["date"]) == ("Northern Wire", "14 March 2024")


def test_a_numbered_list_closing_an_essay_without_note_numbers_in_its_text_stays_a_list_of_posts():
    raw = "A Title\n\nFirst paragraph of the essay, which cites nothing at all.\n\n1. A point.\n\n2. Another point.\n"
    conversion = rawtext.convert(raw, "points.txt")
    assert "\n\n1. A point.\n\n2. Another point.\n" in conversion.text
    assert conversion.report.notes_found == 0


def test_a_sentence_that_starts_like_a_button_is_kept():
    assert "Read more in the archive's catalogue" in convert("medium_post").text


def test_repeated_author_blocks_are_dropped_not_collapsed_and_a_repeated_post_is_collapsed():
    report = convert("x_thread").report
    assert len(report.repeats) == 1
    assert "repeats line 35" in str(report.repeats[0])
    assert sum("(author name)" in str(entry) for entry in report.chrome) == 8


@pytest.mark.parametrize(
    ("name", "style", "count"),
    [
        ("newspaper_feature", "bare numbers", 4),
        ("substack_essay", "[1]", 3),
        ("wordpress_blog", "¹", 2),
        ("blog_paren_notes", "(1)", 2),
        ("encyclopedia_article", "[1]", 3),
        ("trailing_endnotes", "[1]", 3),
        ("plain_endnotes", "bare numbers", 3),
    ],
)
def test_notes_are_found_and_linked_whatever_their_markers(name, style, count):
    report = convert(name).report
    assert (report.notes_style, report.notes_found, report.notes_linked) == (style, count, count)


def test_any_mix_of_corpus_lines_converts_and_an_error_free_conversion_always_parses():
    """Shuffled lines of every raw text (a fixed seed): the converter never crashes and never writes bad format."""
    lines = [line for path in sorted(CORPUS.glob("*.raw.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    rng = random.Random(12)
    for _ in range(400):
        raw = "\n".join(rng.choice(lines) if rng.random() > 0.25 else "" for _ in range(rng.randint(1, 40)))
        conversion = rawtext.convert(raw, "mix.txt")
        if not conversion.report.errors:
            parser.parse(conversion.text.replace(rawtext.TODO_TITLE, "[x]"), "mix.txt", default_slug="mix")


def test_the_same_post_number_with_other_words_is_an_error_naming_both_lines():
    raw = "Ann Author @ann · 3h\n\n1/ First post.\n\n2/ Second post.\n\n2/ A different second post.\n"
    report = rawtext.convert(raw, "thread.txt").report
    assert [str(entry) for entry in report.errors] == [
        "line 7: post 2 again (first on line 5), with other words: keep one"
    ]
