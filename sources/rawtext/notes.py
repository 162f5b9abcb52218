"""Notes: find the list of notes and link each note to its marker in the text, as `[^n]`.

Lists: one-line notes ending in ↩︎ anywhere ("  5. text↩︎"); a "Notes", "References" (…) heading
followed by numbered items ("1. ", "[1] ", "(1) ", "¹ ", "1. ^ ", "^ "); a numbered list at the end of a
text whose paragraphs carry `[1]`, `¹` or `(1)` markers. Markers: `[1]`, superscript `¹`, `(1)`, or a bare
number glued to the text ("opportunity.6", "early 19235" = 1923 + note 5), searched in sequence.
A marker without a note and a note without a marker are errors: the editor must resolve them.
"""

import re

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"
ARROW_NOTE_RE = re.compile(r"^\s+(?P<number>\d{1,4})\.\s+(?P<text>.*?)\s*↩\ufe0e?\ufe0f?(?P<after>.*)$")
HEADING_RE = re.compile(
    r"^(?:notes|footnotes|endnotes|references|sources|citations|notes and references|references and notes)"
    r"(?:\s*\[edit\])?\s*:?$",
    re.IGNORECASE,
)
ITEM_RE = re.compile(
    rf"^\s*(?:\[(?P<bracket>\d{{1,3}})\]|\((?P<paren>\d{{1,3}})\)|(?P<plain>\d{{1,3}})[.)]|(?P<sup>[{SUPER}]+))?"
    r"\s*(?P<caret>[\^↑])?\s*(?P<text>\S.*)$"
)
BACKLINKS_RE = re.compile(r"^(?:[a-z]\s){1,8}(?=\S)")
MARKERS = {
    "[1]": re.compile(r"(?<!\\)\[(?P<number>\d{1,3})\](?!:)"),
    "¹": re.compile(rf"(?<=\S)(?P<number>[{SUPER}]+)"),
    "(1)": re.compile(r"(?<=[^\s(])\((?P<number>\d{1,3})\)|\s+\((?P<spaced>\d{1,3})\)(?=[\s.,;:!?]|$)"),
}
# A bare note number sits after a non-space character and before a space, punctuation or the end.
AFTER_NUMBER = r"(?=[\s.,;:!?)\]’”'\"]|$)"


def item(line):
    """(number or None, text) for a line of a notes list, else None."""
    match = ITEM_RE.match(line)
    if not match:
        return None
    raw_number = match["bracket"] or match["paren"] or match["plain"] or match["sup"]
    if raw_number is None and not match["caret"]:
        return None
    text = BACKLINKS_RE.sub("", match["text"]) if match["caret"] else match["text"]
    text = text.replace("↩︎", "").replace("↩", "").strip()
    return (int(raw_number.translate(SUPERSCRIPTS)) if raw_number else None), text


def marker_style(blocks):
    """The explicit marker style the text uses most ('[1]', '¹', '(1)'), or '' for bare numbers or none."""
    text = "\n".join(line for block in blocks for _, line in block)
    counts = {style: len(pattern.findall(text)) for style, pattern in MARKERS.items() if style != "(1)"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ""


def take(blocks, report, *, is_thread=False):
    """(blocks without the notes, {number: (text, line)}, style)."""
    kept, notes = [], {}
    for block in blocks:  # one-line notes ending in ↩︎, wherever they are
        if len(block) == 1 and (match := ARROW_NOTE_RE.match(block[0][1])):
            notes[int(match["number"])] = (match["text"].strip(), block[0][0])
            if match["after"].strip():
                kept.append([(block[0][0], match["after"].strip())])
        else:
            kept.append(block)
    if notes:
        return kept, notes, "↩︎ list"
    style = marker_style(kept)
    for index, block in enumerate(kept):
        if HEADING_RE.match(block[0][1].strip()):
            section, used = listed([block[1:], *kept[index + 1 :]])
            if section:
                report.shaped(block[0][0], f"notes heading {block[0][1].strip()!r}: its list became the notes")
                return kept[:index] + kept[index + used :], section, style or parens(kept[:index])
    if style or not is_thread:
        for start in range(len(kept)):
            section, used = listed(kept[start:])
            if section and start + used == len(kept) and min(section) == 1:
                if style or cited_bare(kept[:start], section):
                    report.shaped(kept[start][0][0], "numbered list at the end taken as the notes of the markers")
                    return kept[:start], section, style
                break
    return kept, {}, ""


def cited_bare(blocks, section):
    """True when most notes of a trailing list have a bare number glued to a word in the text ('agreed.1')."""
    text = "\n\n".join(" ".join(line.strip() for _, line in block) for block in blocks)
    hits, position = 0, 0
    for number in sorted(section):
        at = next((at for at, glued in candidates(text, number, position) if glued), None)
        if at is not None:
            hits, position = hits + 1, at + len(str(number))
    return hits >= max(2, (len(section) + 1) // 2)


def parens(blocks):
    """'(1)' when the text before a notes list carries (1)-style markers, else '' (bare numbers)."""
    text = "\n".join(line for block in blocks for _, line in block)
    return "(1)" if MARKERS["(1)"].search(text) else ""


def listed(groups):
    """The notes listed in groups of lines, and how many groups they took; stops at a group not starting an item."""
    notes, last, used = {}, None, 0
    for group in groups:
        if group and item(group[0][1]) is None:
            break
        for line_number, line in group:
            found = item(line)
            if found is None:  # a note running on over several lines
                text, at = notes[last]
                notes[last] = (f"{text} {line.strip()}", at)
                continue
            number = found[0] if found[0] is not None else (last or 0) + 1
            notes[number], last = (found[1], line_number), number
        used += 1
    return notes, used


def report_numbering(notes, report):
    report.notes_found = len(notes)
    for number in sorted(set(range(1, max(notes, default=0) + 1)) - set(notes)):
        report.warn(0, f"note {number} is missing from the list of notes")


def link(body, notes, style, report):
    """body: [(line, text)]; every marker written as [^n]; unmatched markers and notes are errors."""
    report_numbering(notes, report)
    report.notes_style = style or ("bare numbers" if notes else "")
    if style in MARKERS:
        return link_markers(body, notes, MARKERS[style], report)
    if notes:
        return link_bare(body, notes, report)
    return body


def link_markers(body, notes, pattern, report):
    cited, linked = set(), []
    for line, text in body:

        def replace(match, line=line):
            number = int((match["number"] or match.groupdict().get("spaced") or "0").translate(SUPERSCRIPTS))
            if number not in notes:
                report.error(line, f"marker {match.group(0).strip()} has no note in the list of notes")
                return match.group(0)
            cited.add(number)
            return f"[^{number}]"

        linked.append((line, text if text.startswith("[^") else pattern.sub(replace, text)))
    for number in sorted(set(notes) - cited):
        report.error(notes[number][1], f"note {number} has no marker in the text")
    report.notes_linked = len(cited)
    return linked


def link_bare(body, notes, report):
    """Find each note's bare number in the text, in order, and write it as [^n]."""
    text = "\n\n".join(passage for _, passage in body)
    spans, position = [], 0
    numbers = sorted(notes)
    for i, number in enumerate(numbers):
        found = find_reference(text, number, position, numbers[i + 1] if i + 1 < len(numbers) else None)
        if found is None:
            after = numbers[i - 1] if i else "start"
            report.error(notes[number][1], f"note {number}: no reference found in the text after note {after}")
            continue
        spans.append((found, number))
        position = found + len(str(number))
    for start, number in reversed(spans):
        text = f"{text[:start]}[^{number}]{text[start + len(str(number)) :]}"
    report.notes_linked = len(spans)
    passages = text.split("\n\n") if body else []
    return [(line, passage) for (line, _), passage in zip(body, passages, strict=True)]


def candidates(text, number, start):
    """(position, glued_to_a_word) for each place the bare number could be a note reference."""
    for match in re.finditer(rf"(?<=\S){number}{AFTER_NUMBER}", text[start:]):
        at = start + match.start()
        yield at, not text[at - 1].isdigit()


def find_reference(text, number, start, next_number):
    """The reference to note `number` after `start`.

    A number glued to a word or punctuation ("opportunity.6") is preferred; one glued to other digits
    ("19235" = 1923 + 5) is taken only when the next note's reference comes before any such clean match.
    """
    clean = next((at for at, glued in candidates(text, number, start) if glued), None)
    digit = next((at for at, glued in candidates(text, number, start) if not glued), None)
    if digit is None or (clean is not None and clean < digit):
        return clean
    if clean is None:
        return digit
    if next_number is not None:
        following = next((at for at, glued in candidates(text, next_number, digit) if glued), None)
        if following is not None and following < clean:
            return digit
    return clean
