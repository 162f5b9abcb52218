"""The source format: front matter, blocks, prompts, anchors, inline HTML and every kind of bad input."""

import json
from pathlib import Path

import pytest

from sources import parser
from sources.parser import SourceFormatError, decode, parse, parse_body, render_inline

DATA = Path(__file__).parent / "data"
HEADER = "---\ntitle: A reading\nslug: a-reading\n---\n\n"


def body(text):
    return parse(HEADER + text, "x.txt")


def kinds(parsed):
    return [(p.kind, p.label, p.text) for p in parsed.passages]


def error_of(text, path="texts/x.txt"):
    with pytest.raises(SourceFormatError) as caught:
        parse(text, path, default_slug="x")
    return str(caught.value)


def test_front_matter_fields_are_read():
    parsed = parse(
        "---\ntitle: T\nauthor: A\npublication: P\ndate: Apr 5, 2025\nurl: https://example.org/t\n"
        "kind: thread\ndescription: D\nslug: t-1\n---\n\nText.\n",
        "t.txt",
    )
    assert parsed.meta == {
        "title": "T",
        "author": "A",
        "publication": "P",
        "date": "Apr 5, 2025",
        "url": "https://example.org/t",
        "kind": "thread",
        "description": "D",
        "slug": "t-1",
        "visibility": "",
        "rights": "",
        "note": "",
    }


def test_slug_defaults_to_the_given_default():
    parsed = parse("---\ntitle: T\n---\n\nText.\n", "texts/my-reading.txt", default_slug="my-reading")
    assert parsed.slug == "my-reading"


def test_blank_values_are_allowed():
    assert parse("---\ntitle: T\nauthor:\nslug: t\n---\n\nText.\n").meta["author"] == ""


def test_each_block_kind_is_recognised():
    parsed = body(
        "# A heading\n\nA paragraph.\n\n> A quote\n> on two lines.\n\n17. A post.\n\n"
        "Caption: A caption\n\nA reference.[^5]\n\n[^5]: The note.\n"
    )
    assert kinds(parsed) == [
        ("heading", "", "A heading"),
        ("paragraph", "", "A paragraph."),
        ("quote", "", "A quote on two lines."),
        ("post", "17", "A post."),
        ("caption", "", "A caption"),
        ("paragraph", "", "A reference.[^5]"),
        ("footnote", "5", "The note."),
    ]


def test_lines_of_a_paragraph_are_joined_with_a_space():
    assert body("One line\nand the next.\n").passages[0].text == "One line and the next."


def test_a_backslash_makes_a_marker_plain_text():
    assert kinds(body("\\17. is a number.\n\n\\Caption: a sentence.\n")) == [
        ("paragraph", "", "17. is a number."),
        ("paragraph", "", "Caption: a sentence."),
    ]


def test_prompts_attach_to_the_passage_above_in_order():
    parsed = body("First.\n?? One?\n?? Two?\n\nSecond.\n\n?? Three?\n")
    assert [p.prompts for p in parsed.passages] == [["One?", "Two?"], ["Three?"]]


def test_post_and_footnote_anchors_come_from_their_labels():
    parsed = body("17. A post.[^a]\n\n[^a]: A note.\n")
    assert [p.anchor for p in parsed.passages] == ["p-17", "fn-a"]


def test_word_anchors_come_from_the_first_words():
    parsed = body("The thing you need to understand about the 1920s.\n")
    assert parsed.passages[0].anchor == "the-thing-you-need-to-understand"


def test_word_anchors_do_not_move_when_a_passage_is_inserted_before():
    before = body("Alpha beta.\n\nGamma delta.\n")
    after = body("New words first.\n\nAlpha beta.\n\nGamma delta.\n")
    assert [p.anchor for p in before.passages] == [p.anchor for p in after.passages[1:]]


def test_clashing_word_anchors_get_a_number():
    assert [p.anchor for p in body("Same words.\n\nSame words.\n").passages] == ["same-words", "same-words-2"]


def test_word_anchor_that_looks_like_a_post_anchor_is_prefixed():
    assert body("P 17 was the best.\n").passages[0].anchor == "t-p-17-was-the-best"


def test_a_pinned_anchor_is_kept_and_removed_from_the_text():
    passage = body("Some words here. {#my-place}\n").passages[0]
    assert (passage.anchor, passage.text) == ("my-place", "Some words here.")


def test_footnote_reference_html_follows_the_contract():
    parsed = body("Early 1923[^5], he said.\n\n[^5]: Note five.\n")
    assert parsed.passages[0].html == (
        'Early 1923<sup class="fnref"><a id="fnref-5" href="#fn-5">5</a></sup>, he said.'
    )


def test_second_reference_to_a_note_gets_its_own_id():
    parsed = body("First[^5].\n\nAgain[^5].\n\n[^5]: Note.\n")
    assert [(r.label, r.note_label) for r in parsed.references] == [("5", "5"), ("5-2", "5")]
    assert 'id="fnref-5-2" href="#fn-5">5</a>' in parsed.passages[1].html


def test_emphasis_and_strong_are_rendered():
    assert render_inline("*one* and **two** and 2 * 3 * 4") == "<em>one</em> and <strong>two</strong> and 2 * 3 * 4"


def test_escaped_asterisk_stays_literal():
    assert render_inline(r"\*not emphasis\*") == "*not emphasis*"


def test_html_in_the_text_is_escaped():
    assert render_inline('<b onclick="x()">&</b>') == "&lt;b onclick=&quot;x()&quot;&gt;&amp;&lt;/b&gt;"


def xss_payloads():
    lines = (DATA / "xss_payloads_public.txt").read_text(encoding="utf-8").splitlines()
    payloads = [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]
    extra = json.loads((DATA / "xss_payloads_public.json").read_text(encoding="utf-8"))["payloads"]
    return payloads + [entry["payload"] for entry in extra]


def test_no_payload_leaves_a_tag_other_than_ours():
    for payload in xss_payloads():
        text = parser.CONTROL_RE.sub("", payload)
        html = render_inline(text)
        stripped = html
        for ours in ("<em>", "</em>", "<strong>", "</strong>"):
            stripped = stripped.replace(ours, "")
        assert "<" not in stripped, (payload, html)


def test_hostile_source_text_is_stored_escaped():
    passage = body('<script>alert("x")</script> [link](javascript:alert(1))\n').passages[0]
    assert "<script" not in passage.html
    assert "&lt;script&gt;" in passage.html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "texts/x.txt:1: empty file"),
        (b"  \n\n ", "texts/x.txt:1: empty file"),
        (b"---\ntitle: T\n---\n\x00\x01binary", "texts/x.txt:4: binary file (contains NUL bytes), not a text"),
        (b"---\ntitle: T\n---\n\ncaf\xe9\n", "texts/x.txt:5: not UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"x" * (parser.MAX_BYTES + 1), "texts/x.txt:1: file too large"),
        (b"---\ntitle: T\n---\n\nA bell \x07 rings.\n", "texts/x.txt:5: control character U+0007 in the text"),
    ],
)
def test_bad_bytes_get_one_line_naming_file_and_line(data, message):
    with pytest.raises(SourceFormatError) as caught:
        decode(data, "texts/x.txt")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Just text.\n", "texts/x.txt:1: missing title (the file must start with a --- front matter)"),
        ("---\nauthor: A\n---\n\nText.\n", "texts/x.txt:1: missing title"),
        ("---\ntitle:\n---\n\nText.\n", "texts/x.txt:2: missing title"),
        (
            "---\ntitle: T\nno colon here\n---\n\nText.\n",
            "texts/x.txt:3: malformed front matter line 'no colon here' (expected key: value)",
        ),
        ("---\ntitle: T\ncolour: red\n---\n\nText.\n", "texts/x.txt:3: unknown front matter key 'colour'"),
        ("---\ntitle: T\ntitle: U\n---\n\nText.\n", "texts/x.txt:3: title given twice"),
        ("---\ntitle: T\nauthor: A\n", "texts/x.txt:1: front matter is not closed by a --- line"),
        ("---\ntitle: T\nslug: Not A Slug\n---\n\nText.\n", "texts/x.txt:3: bad slug 'Not A Slug'"),
        ("---\ntitle: T\nurl: javascript:alert(1)\n---\n\nText.\n", "texts/x.txt:3: bad url"),
        ("---\ntitle: T\n---\n\n", "texts/x.txt:4: no passages"),
        ("---\ntitle: T\n---\n?? Why?\n\nText.\n", "texts/x.txt:4: a prompt (??) comes before any passage"),
        ("---\ntitle: T\n---\n\nText.\n\nA claim.[^9]\n", "texts/x.txt:7: footnote reference [^9] has no note"),
        ("---\ntitle: T\n---\n\n1. One.\n\n1. Again.\n", "texts/x.txt:7: duplicate post number 1 (also on line 5)"),
        ("---\ntitle: T\n---\n\nA.[^1]\n\n[^1]: x\n\n[^1]: y\n", "texts/x.txt:9: duplicate footnote [^1]"),
        ("---\ntitle: T\n---\n\nText.\n?? Why?\nMore text.\n", "texts/x.txt:7: text after a prompt in the same block"),
    ],
)
def test_bad_text_gets_one_line_naming_file_and_line(text, message):
    assert error_of(text).startswith(message)


def test_unreferenced_note_is_a_warning_not_an_error():
    parsed = body("Text.\n\n[^1]: A note nobody cites.\n")
    assert parsed.warnings == ["x.txt:8: footnote [^1] is never referenced"]


def test_body_alone_parses_for_the_admin_paste():
    parsed = parse_body("One.\n\n2. Two.\n", "pasted text")
    assert [p.anchor for p in parsed.passages] == ["one", "p-2"]
