"""The raw web text converter, on the five seeds and on small cases."""

import re
from pathlib import Path

import pytest

from sources import parser, rawtext

RAW = Path(__file__).resolve().parent.parent / "texts" / "raw"


def seed(number):
    path = next(RAW.glob(f"{number}_*.txt"))
    return rawtext.convert(path.read_text(encoding="utf-8"), f"raw/{number}.txt")


def parsed(conversion):
    return parser.parse(conversion.text, "converted.txt", default_slug="converted")


@pytest.fixture(scope="module")
def thread():
    return seed("000")


@pytest.fixture(scope="module")
def supplement():
    return seed("004")


def test_thread_posts_are_numbered_posts(thread):
    labels = [p.label for p in parsed(thread).passages if p.kind == "post"]
    assert labels == [str(n) for n in [*range(1, 13), *range(17, 29), 31, 32]]


def test_thread_repeats_of_post_31_are_collapsed_and_reported(thread):
    assert thread.repeats == 2
    assert sum("repeats line 59: collapsed" in line for line in thread.report) == 2
    assert thread.text.count("31. If I were to formulate") == 1


@pytest.mark.parametrize(
    "chrome",
    [
        "Profile picture",
        "Share this Scrolly Tale with your friends.",
        "A Scrolly Tale is a new way",
        "Discover more beautiful Scrolly Tales like this.",
        "Keep scrolling",
    ],
)
def test_thread_chrome_is_dropped_and_reported(thread, chrome):
    assert chrome not in thread.text
    assert any("web chrome dropped" in line and chrome[:20] in line for line in thread.report)


def test_thread_metadata_is_read_from_the_header_lines(thread):
    meta = parsed(thread).meta
    assert (meta["author"], meta["date"], meta["kind"]) == ("Kamil Galeev", "Apr 5, 2025", "thread")


def test_supplement_all_79_notes_become_footnotes(supplement):
    notes = [p.label for p in parsed(supplement).passages if p.kind == "footnote"]
    assert (supplement.notes, notes) == (79, [str(n) for n in range(1, 80)])


def test_supplement_every_note_has_its_reference_in_order(supplement):
    body = supplement.text.split("\n[^1]:")[0]
    found = [int(label) for label in re.findall(r"\[\^(\d+)\]", body)]
    assert found == list(range(1, 80))


def test_number_glued_to_a_year_is_split(supplement):
    assert "in early 1923[^5], Trotsky" in supplement.text


def test_supplement_pdf_line_is_chrome(supplement):
    assert "(A PDF" not in supplement.text
    assert any("(A PDF of this supplement can be found HERE)" in line for line in supplement.report)


def test_numbered_section_becomes_a_heading(supplement):
    assert "\n# 2.1. The first five-year plan\n" in supplement.text


def test_reader_comments_are_cut_off():
    conversion = seed("002")
    assert "5 thoughts on" not in conversion.text
    assert "In reading your post" not in conversion.text
    assert "Leave a Reply" not in conversion.text
    assert any("reader comments start here" in line for line in conversion.report)


def test_chrome_after_the_comments_is_reported():
    conversion = seed("002")
    assert any("'Leave a Reply'" in line for line in conversion.report)
    assert any("Your email address will not be published" in line for line in conversion.report)


def test_image_alt_text_is_dropped_and_caption_kept():
    conversion = seed("003")
    captions = [p.text for p in parsed(conversion).passages if p.kind == "caption"]
    assert captions == [
        "Trotsky, author of Stalinism",
        "Leszek Kolakowski’s Main Currents of Marxism",
        "Stephen Kotkin’s biography of Stalin",
    ]
    assert "Amazon.co.uk" not in conversion.text


def test_title_comes_from_a_short_first_line():
    title = "‘The USSR was not real socialism’ Part 3: Stalin’s Forced Collectivisation"
    assert parsed(seed("003")).meta["title"] == title


def test_a_clean_reference_wins_over_a_year_that_ends_in_the_number():
    text = "In 1921 they met.\n\nHe said so.1 Then more.2\n\n  1. Note one.↩︎\n\n  2. Note two.↩︎\n"
    converted = rawtext.convert(text).text
    assert "In 1921 they met." in converted
    assert "He said so.[^1] Then more.[^2]" in converted


def test_a_missing_reference_is_reported_not_invented():
    converted = rawtext.convert("Nothing cites it.\n\n  1. A note.↩︎\n")
    assert converted.references == 0
    assert any("note 1: no reference found" in line for line in converted.report)


def test_text_that_looks_like_markup_is_escaped():
    converted = rawtext.convert("---\ntitle: T\n---\n\n# not a heading in the original\n")
    assert parsed(converted).passages[0].kind == "paragraph"


def test_an_editors_front_matter_is_kept():
    converted = rawtext.convert("---\ntitle: Given\nslug: given\n---\n\nText.\n")
    assert parsed(converted).meta["title"] == "Given"


TEXTS = Path(__file__).resolve().parent.parent / "texts"
EDITED = {
    "000": "galeev-collectivisation",
    "001": "collectivization-paradox",
    "002": "stalins-new-collectivation",
    "003": "not-real-socialism-part-3",
    "004": "bureaucratic-socialism-part-2",
}
# The one passage no rule can see: seed 004 quotes Sholokhov without quotation marks, indent or lead-in.
UNMARKED_QUOTES = {"004": ["Not only those who had joined the collective farm"]}


@pytest.mark.parametrize("number", sorted(EDITED))
def test_each_seed_converts_to_the_passages_of_its_edited_text(number):
    converted = parser.parse(seed(number).text.replace(rawtext.TODO_TITLE, "[x]"), "c.txt", default_slug="c")
    edited = parser.parse((TEXTS / f"{EDITED[number]}.txt").read_text(encoding="utf-8"), "e.txt")
    unmarked = UNMARKED_QUOTES.get(number, [])
    expected = [
        ("paragraph" if p.kind == "quote" and p.text.startswith(tuple(unmarked)) else p.kind, p.text)
        for p in edited.passages
    ]
    assert [(p.kind, p.text) for p in converted.passages] == expected


def test_seed_003_finds_the_19_block_quotes_of_its_edited_text():
    conversion = seed("003")
    assert conversion.report.passages["quote"] == 19
    assert sum("made quotes" in line for line in conversion.report) == 5


def test_a_masthead_is_the_publication_and_the_kicker_gives_the_kind(supplement):
    meta = parsed(supplement).meta
    assert (meta["title"], meta["publication"], meta["kind"], meta["date"], meta["author"]) == (
        "Genesis of bureaucratic socialism. Part II - Second revolution",
        "Weekly Worker",
        "supplement",
        "09.01.1997",
        "Jack Conrad",
    )


def test_the_thread_report_names_the_missing_posts_and_the_header_count(thread):
    assert thread.report.posts_summary == "26 posts found; posts 13–16 and 29–30 missing; the header says 30"


def test_a_link_text_on_its_own_line_is_joined_to_its_sentence():
    assert "can be found at E Pluribus Unum\n" in seed("001").text


def test_a_text_without_a_title_gets_a_todo_title_and_a_warning():
    conversion = seed("001")
    assert "title: [TODO: title]" in conversion.text
    assert conversion.title_missing
    assert any(":1: no title found" in line for line in conversion.report)
