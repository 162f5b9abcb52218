"""Bad raw input, through the command and the admin: one clear message naming the line, nothing saved."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sources import rawtext
from sources.models import Source

pytestmark = pytest.mark.django_db

ONLY_CHROME = "Share\n\n42 likes\n\n10:42 AM · Mar 3, 2024\n\nSubscribe\n\n© 2024 The Quiet Ledger\n"
MARKER_WITHOUT_NOTE = "A Title\n\nA claim.[1] Another claim.[2]\n\nNotes\n\n1. The only note.\n"
NOTE_WITHOUT_MARKER = "A Title\n\nA claim.[1]\n\nNotes\n\n1. The first note.\n\n2. A note nothing cites.\n"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_source", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def raw_file(tmp_path, data, name="pasted.txt"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


BAD = [
    ("empty", b"", r"pasted\.txt:1: empty file"),
    ("only blank lines", b"\n\n  \n", r"pasted\.txt:1: empty file"),
    ("binary", b"A Title\n\nSome text\x00\x01\x02", r"pasted\.txt:3: binary file"),
    ("not UTF-8", "A Title\n\nCaf\u00e9 society.\n".encode("latin-1"), r"pasted\.txt:3: not UTF-8 \(byte 0xe9\)"),
    ("only chrome", ONLY_CHROME, r"pasted\.txt:1: no passages left: the text is only web chrome"),
    ("marker without a note", MARKER_WITHOUT_NOTE, r"pasted\.txt:3: marker \[2\] has no note in the list of notes"),
    ("note without a marker", NOTE_WITHOUT_MARKER, r"pasted\.txt:9: note 2 has no marker in the text"),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[case for case, _, _ in BAD])
def test_bad_raw_file_is_refused_with_its_line_and_nothing_is_saved(tmp_path, case, data, message):
    with pytest.raises(CommandError, match=message):
        run("--from-raw", raw_file(tmp_path, data))
    assert not Source.objects.exists()


@pytest.mark.parametrize(("case", "data", "message"), BAD[:5], ids=[case for case, _, _ in BAD[:5]])
def test_write_text_refuses_a_file_with_nothing_to_edit(tmp_path, case, data, message):
    target = tmp_path / "draft.txt"
    with pytest.raises(CommandError, match=message):
        run("--from-raw", raw_file(tmp_path, data), "--write-text", target)
    assert not target.exists()


def test_write_text_writes_the_draft_of_mismatched_notes_and_names_the_lines(tmp_path):
    target = tmp_path / "draft.txt"
    out, _ = run("--from-raw", raw_file(tmp_path, MARKER_WITHOUT_NOTE), "--write-text", target)
    assert "Errors: fix these before importing:" in out
    assert "pasted.txt:3: marker [2] has no note in the list of notes" in out
    assert "1 to fix in the draft before importing it" in out
    assert "A claim.[^1] Another claim.[2]" in target.read_text(encoding="utf-8")
    assert not Source.objects.exists()


def test_write_text_never_refuses_for_a_missing_title(tmp_path):
    raw = raw_file(tmp_path, "A first paragraph that is a sentence.\n\nAnother paragraph.\n")
    target = tmp_path / "draft.txt"
    out, _ = run("--from-raw", raw, "--write-text", target)
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: [TODO: title]\n---\n")
    assert "pasted.txt:1: no title found: the draft says 'title: [TODO: title]'" in out
    with pytest.raises(CommandError, match=r"pasted\.txt:1: missing title"):
        run("--from-raw", raw)
    assert not Source.objects.exists()


def test_the_command_prints_the_report_before_refusing(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_source", "--from-raw", str(raw_file(tmp_path, NOTE_WITHOUT_MARKER)), stdout=out)
    assert "1 paragraph, 2 footnotes; 2 notes found ([1]), 1 linked to their markers" in out.getvalue()


@pytest.mark.parametrize("raw", [ONLY_CHROME, MARKER_WITHOUT_NOTE, NOTE_WITHOUT_MARKER])
def test_bad_raw_paste_in_the_admin_is_a_form_error_and_saves_nothing(admin_client, raw):
    data = {
        "title": "Pasted",
        "slug": "pasted",
        "kind": "",
        "paste_text": raw,
        "paste_is_raw": "on",
        "paste_checked": rawtext.fingerprint(raw),
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 200
    assert "Errors: fix these before importing" in response.content.decode()
    assert not Source.objects.exists()
