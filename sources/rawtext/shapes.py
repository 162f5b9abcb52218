"""The kind of each block: heading, quote, caption, post or paragraph, written in the source format.

Headings are short lines without final punctuation, numbered section headings ("2.1. The plan",
"3. The village") and encyclopedia headings ending "[edit]". Quotes are `>`-prefixed or indented
blocks, paragraphs wholly in quotation marks, and the paragraphs a lead-in ending with a colon
introduces, up to one that ends with a page citation ("-pp.39-40") or the next lead-in.
"""

import re

from .. import parser

SENTENCE_END = (".", "!", "?", ":", ";", "…", "”", '"', "’", ",")
SECTION_RE = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S.{0,100}$")
EDIT_RE = re.compile(r"\s*\[edit\]$", re.IGNORECASE)
INLINE_CHROME = re.compile(r"\s*\[(?:citation needed|edit|clarification needed|when\?|who\?|dubious[^\]]*)\]", re.I)
WHOLLY_QUOTED = re.compile(r"^[“\"](?P<quote>[^“”\"]+)[”\"](?P<cite>\s*(?:[-—–]\s*\S.{0,80}|\([^()]{1,80}\))?)$")
PAGE_CITATION = re.compile(r"[-—–(]\s*pp?\.\s*\d+(?:[-–]\d+)?(?:,\s*pp?\.\s*\d+(?:[-–]\d+)?)*\)?\s*$")
LINK_WORDS = {"at", "in", "on", "from", "by", "see", "to", "of", "via", "here:", "visit"}
ESCAPE = ("#", ">", "[^", "?? ", "Caption: ", "\\")


TRAILING_MARKERS = re.compile(r"(?:\[\d{1,3}\]|\(\d{1,3}\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)+$")


def is_short_line(text, limit=80):
    """Short, and not ending like a sentence (note markers after the full stop do not count)."""
    text = TRAILING_MARKERS.sub("", text)
    return len(text) <= limit and len(text.split()) <= 12 and not text.endswith(SENTENCE_END)


DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[\w .]{1,30})?(?:\s*\([\w .]{2,20}\))?\s*[—–-]+$")


def join_link_texts(blocks, report):
    """A paragraph that ends on "found at" and a short line after it: the line was a link's text.

    And a dateline on a line of its own ("MOSCOW, March 3 —") opens the paragraph after it.
    """
    joined = []
    for block in blocks:
        text = " ".join(line.strip() for _, line in block)
        if joined and len(joined[-1]) == 1 and DATELINE.match(joined[-1][0][1].strip()):
            dateline = joined.pop()[0]
            report.shaped(dateline[0], f"dateline {dateline[1].strip()!r} joined to the paragraph it opens")
            block = [(dateline[0], f"{dateline[1].strip()} {block[0][1].strip()}"), *block[1:]]
            joined.append(block)
            continue
        if joined and len(block) == 1 and is_short_line(text, 60):
            before = " ".join(line.strip() for _, line in joined[-1])
            if before.split() and before.split()[-1].lower() in LINK_WORDS and len(before) > 80:
                joined[-1] = [*joined[-1][:-1], (joined[-1][-1][0], f"{joined[-1][-1][1].rstrip()} {text}")]
                report.shaped(block[0][0], f"link text {text!r} joined to the sentence it ends")
                continue
        joined.append(block)
    return joined


def shape(block, report, *, is_thread):
    """(line, kind, text) for one raw block."""
    number = block[0][0]
    raw_lines = [line for _, line in block]
    lines = [line.strip() for line in raw_lines]
    if all(line.startswith(">") for line in lines):
        return number, "quote", " ".join(line.lstrip("> ").strip() for line in lines)
    if all(re.match(r"^(?: {2,}|\t)\S", line) for line in raw_lines) and not parser.POST_RE.match(lines[0]):
        report.shaped(number, "indented block made a quote")
        return number, "quote", " ".join(lines)
    if len(lines) == 2 and all(len(line) <= 200 and not line.endswith(SENTENCE_END[:-1]) for line in lines):
        report.shaped(number, f"image alt text dropped, caption kept: {lines[0][:50]!r}")
        return number, "caption", lines[1]
    text = " ".join(lines)
    if (cleaned := INLINE_CHROME.sub("", text)) != text:
        report.shaped(number, "wiki markers ([citation needed], [edit]) removed")
        text = cleaned
    if parser.POST_RE.match(text):
        if not is_thread and len(lines) == 1 and is_short_line(text):
            report.shaped(number, f"numbered section made a heading: {text[:50]!r}")
            return number, "heading", text
        return number, "post", text
    if SECTION_RE.match(text):
        report.shaped(number, f"numbered section made a heading: {text[:50]!r}")
        return number, "heading", text
    if EDIT_RE.search(lines[0]) and len(lines) == 1:
        return number, "heading", EDIT_RE.sub("", text)
    if WHOLLY_QUOTED.match(text):
        report.shaped(number, f"paragraph wholly in quotation marks made a quote: {text[:40]!r}")
        return number, "quote", text
    if not is_thread and len(lines) == 1 and is_short_line(text) and (text[0].isupper() or text[0].isdigit()):
        report.shaped(number, f"short line without final punctuation made a heading: {text!r}")
        return number, "heading", text
    return number, "paragraph", text


def quote_runs(shaped, report):
    """The paragraphs after a lead-in ending with a colon, to a page citation or the next lead-in, are quotes."""
    shaped = list(shaped)
    index = 0
    while index < len(shaped):
        line, kind, text = shaped[index]
        if kind != "paragraph" or not text.endswith(":"):
            index += 1
            continue
        run, end = [], None
        for later in range(index + 1, len(shaped)):
            _, later_kind, later_text = shaped[later]
            if later_kind == "caption":
                continue
            if later_kind != "paragraph":
                break
            if later_text.endswith(":"):
                end = later
                break
            run.append(later)
            if PAGE_CITATION.search(later_text):
                end = later + 1
                break
        if end is not None and run:
            for at in run:
                shaped[at] = (shaped[at][0], "quote", shaped[at][2])
            report.shaped(
                shaped[run[0]][0],
                f"{len(run)} paragraphs after the lead-in on line {line} made quotes (to line {shaped[run[-1]][0]})",
            )
            index = run[-1] + 1
        else:
            index += 1
    return shaped


def written(kind, text):
    """A shaped block in the source format."""
    if kind == "heading":
        return f"# {text}"
    if kind == "quote":
        return f"> {text}"
    if kind == "caption":
        return f"Caption: {text}"
    if kind == "post":
        return text
    if text.startswith(ESCAPE):
        return f"\\{text}"
    return text


def shape_all(blocks, report, *, is_thread):
    """[(line, source-format text)] for the blocks."""
    blocks = join_link_texts(blocks, report)
    shaped = quote_runs([shape(block, report, is_thread=is_thread) for block in blocks], report)
    return [(line, written(kind, text)) for line, kind, text in shaped if text]


def kind_of(text):
    if text.startswith("# "):
        return "heading"
    if text.startswith("> "):
        return "quote"
    if text.startswith("Caption: "):
        return "caption"
    if parser.FOOTNOTE_RE.match(text):
        return "footnote"
    if parser.POST_RE.match(text):
        return "post"
    return "paragraph"
