"""Convert raw text pasted from a web page into the source format, with a report for the editor.

`convert(raw, path=..., with_front_matter=True) -> Conversion` is the whole API: `.text` (the source
format), `.meta` (title, author… found), `.report` (a Report: `.render_text()`, `.errors`, `.warnings`,
rendered in HTML by templates/sources/_conversion_report.html) and `.check()` (raise the first error).
The modules: chrome (lines a page wraps around a text), meta (header lines), threads (posts),
notes (lists and markers), shapes (headings, quotes, captions), report, convert (the pipeline).
"""

from .convert import TODO_TITLE, Conversion, convert, fingerprint
from .report import Entry, Report

__all__ = ["TODO_TITLE", "Conversion", "Entry", "Report", "convert", "fingerprint"]
