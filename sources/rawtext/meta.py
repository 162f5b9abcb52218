"""Metadata from a text's first lines: masthead, kicker, headline, subtitle, byline and date; and a signature.

A page opens with what it is before what it says: a newspaper's masthead (the publication, not the
title), a kicker ("OPINION", "SUPPLEMENT: …"), the headline, a standfirst or subtitle, a byline and
a date. Each line taken is reported, so the editor can put back what was guessed wrongly.
"""

import re

from .. import parser
from . import chrome, shapes

SENTENCE_END = (".", "!", "?", ":", ";", "…", "”", '"', "’", ",")
PUBLICATION_WORDS = re.compile(
    r"\b(?:times|post|herald|gazette|journal|review|weekly|monthly|quarterly|magazine|tribune|chronicle|observer"
    r"|guardian|telegraph|standard|courier|dispatch|bulletin|newsletter|digest|daily|news|letter|press|mercury"
    r"|record|register|examiner|inquirer|independent|economist|spectator|ledger|worker|almanac|wire|agency|radio)\b",
    re.IGNORECASE,
)
CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")
KICKER_TITLE = re.compile(r"^(?P<kicker>[A-Z][A-Z &/-]{2,30}):\s+(?P<title>\S.*)$")
SECTION_PATH = re.compile(r"^[\w&' -]{2,24}(?:\s+[|›»>/]\s+[\w&' -]{2,24})+$")
KINDS = {"supplement", "feature", "opinion", "essay", "review", "interview", "analysis", "obituary", "editorial"}
BYLINE = re.compile(
    r"^(?:by|words by|written by|text by|story by|posted by)\s+(?P<name>[^,|·•]+?)(?:\s*[,|·•—–]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
POSTED = re.compile(r"^(?:posted|published)(?: on)?\s+(?P<date>.+?)\s+by\s+(?P<name>.+)$", re.IGNORECASE)
NAME_DATE = re.compile(r"^(?P<name>[^|·•—–]+?)\s*[|·•—–]\s*(?P<date>[^|·•]+?)(?:\s*[|·•]\s*.*)?$")
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
DATE_IN = re.compile(
    rf"(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
    rf"|\d{{2}}\.\d{{2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|{MONTH} \d{{1,2}}(?!\d))"
)
SIGNATURE = re.compile(r"^(?:[—–-]\s*|posted by\s+|written by\s+)?(?P<name>.+)$", re.IGNORECASE)


def text_of(block):
    return " ".join(line.strip() for _, line in block)


def date_in(line):
    """The date written in a date line ('Published Tuesday 5 March 2024, 10.00 GMT' → '5 March 2024'), or ''."""
    if not (chrome.is_timestamp(line) or re.match(r"^(?:published|updated|posted)\b", line, re.I)):
        return ""
    match = DATE_IN.search(line)
    return match.group(0) if match else ""


def byline(line):
    """(author, date) read from a byline, or None."""
    if match := POSTED.match(line):
        return match["name"].strip(), date_in(match["date"]) or match["date"].strip()
    if match := BYLINE.match(line):
        return match["name"].strip(), date_in(match["rest"] or "")
    if (match := NAME_DATE.match(line)) and chrome.is_name(match["name"]) and date_in(match["date"]):
        return match["name"].strip(), date_in(match["date"])
    return None


def titleish(text):
    """A line that can be a headline: short, not a sentence, not a numbered post, a date or a cited claim."""
    return (
        len(text) <= 150
        and not re.search(r"\[\d+\]", text)
        and not text.endswith(SENTENCE_END[:2] + SENTENCE_END[3:])
        and not parser.POST_RE.match(text)
        and not date_in(text)
        and not shapes.DATELINE.match(text)
    )


def masthead(text):
    """The publication a first line names, or ''."""
    if CAMEL.match(text):
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    short = len(text.split()) <= 5 and not text.endswith(SENTENCE_END)
    if short and (PUBLICATION_WORDS.search(text) or (text.isupper() and len(text) > 2)):
        return text.title() if text.isupper() else text
    return ""


def kicker(text):
    """(kind or '', title or '') for a kicker line ('OPINION', 'SUPPLEMENT: Genesis of …', 'Books | History')."""
    if match := KICKER_TITLE.match(text):
        word = match["kicker"].strip().lower()
        return (word if word in KINDS else ""), match["title"].strip()
    if (text.isupper() and len(text.split()) <= 4) or SECTION_PATH.match(text):
        word = text.strip().lower()
        return (word if word in KINDS else ""), ""
    return None


class Header:
    """Reads the header lines one at a time, in order; stops at the first line that is the text itself."""

    def __init__(self, report, meta):
        self.report, self.meta = report, meta
        self.title_line = 0

    def set(self, line, name, value):
        if value and not self.meta.get(name):
            self.meta[name] = value
            self.report.meta(line, name, value)

    def take_line(self, line, text, next_texts):
        """True when the line was header, and is used up."""
        meta = self.meta
        if found := byline(text):
            self.set(line, "author", found[0])
            self.set(line, "date", found[1])
            return True
        if date := date_in(text):
            if "date" in meta:
                self.report.dropped(line, text, "second date")
            self.set(line, "date", date)
            return True
        if chrome.is_name(text) and next_texts and date_in(next_texts[0]):
            self.set(line, "author", text)
            return True
        if "title" not in meta:
            return self.take_title(line, text, next_texts)
        if not self.meta.get("description") and titleish(text) and len(text) > 3 and line == self.after_title:
            if re.match(r"^(?:part|chapter|episode|section)\s+\w+", text, re.IGNORECASE):
                meta["title"] = f"{meta['title']}. {text}"
                self.report.meta(line, "title continued", text)
            else:
                self.set(line, "description", text)
            return True
        return False

    def take_title(self, line, text, next_texts):
        later = [t for t in next_texts[:3] if not date_in(t) and not byline(t)]
        if "publication" not in self.meta and (name := masthead(text)) and later and titleish(later[0]):
            self.set(line, "publication", name)
            self.report.shaped(line, f"masthead {text!r} is the publication, not the title")
            return True
        if (found := kicker(text)) and (found[1] or (later and titleish(later[0]))):
            kind, title = found
            self.set(line, "kind", kind)
            self.report.shaped(line, f"kicker {text!r} dropped")
            if title:
                self.set(line, "title", title)
                self.title_line = line
            return True
        if titleish(text):
            self.set(line, "title", text)
            self.title_line = line
            return True
        return False


def take(blocks, report, meta, *, is_thread):
    """The blocks left after the header lines are read into meta; then a closing signature."""
    header = Header(report, meta)
    header.after_title = None
    index = 0
    while index < min(len(blocks), 12):
        block = blocks[index]
        upcoming = [text_of(b) for b in blocks[index + 1 : index + 4]]
        if len(block) > 1:  # a block of byline and date lines ("Ines Farrow" / "Mar 3, 2024")
            texts = [line.strip() for _, line in block]
            if not all(byline(t) or date_in(t) or chrome.is_name(t) for t in texts):
                break
            for position, (line, text) in enumerate(block):
                header.take_line(line, text.strip(), texts[position + 1 :] + upcoming)
            index += 1
            continue
        line, text = block[0][0], block[0][1].strip()
        if is_thread and "title" not in meta and not (date_in(text) or byline(text)):
            break
        had_title = "title" in meta
        if not header.take_line(line, text, upcoming):
            break
        if not had_title and "title" in meta:
            header.after_title = blocks[index + 1][0][0] if index + 1 < len(blocks) else None
        index += 1
    blocks = blocks[index:]
    return signature(blocks, report, meta)


def signature(blocks, report, meta):
    """A name alone on the last line ("Jack Conrad", "— Ines Farrow") signs the text: the author."""
    if not blocks or len(blocks[-1]) != 1:
        return blocks
    line, text = blocks[-1][0][0], blocks[-1][0][1].strip()
    match = SIGNATURE.match(text)
    if match and chrome.is_name(match["name"].strip()):
        if not meta.get("author"):
            meta["author"] = match["name"].strip()
            report.meta(line, "author", meta["author"])
        report.shaped(line, f"signature {text!r} dropped")
        return blocks[:-1]
    return blocks
