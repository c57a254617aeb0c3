"""Bytes to text: the first rule of ingest, and the only one that sees bytes.

A chapter must be UTF-8. A byte-order mark and Windows or old-Mac line endings
are accepted and normalised silently (they change nothing a reader sees); a
file that is not text gets an error naming the byte offset and the line.
"""

from __future__ import annotations

from edition.diagnostics import Diagnostic, diagnostic

BOM = "\ufeff"


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line that byte ``offset`` falls on."""
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a chapter file with LF line endings, or ``None`` and the reason."""
    if not data.strip():
        return None, [
            diagnostic("empty-file", path, 0, "the file is empty", "export the chapter again")
        ]
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, [
            diagnostic(
                "binary-file",
                path,
                _line_of(data, nul),
                f"NUL byte at byte offset {nul}: this is not a text file",
                "give the Markdown or text export of the chapter, not a PDF or word-processor file",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1].hex()
        return None, [
            diagnostic(
                "not-utf8",
                path,
                _line_of(data, err.start),
                f"not UTF-8: byte 0x{bad} at byte offset {err.start} ({err.reason})",
                "save the file as UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`)",
            )
        ]
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [diagnostic("empty-file", path, 0, "the file holds only white space")]
    return text, []
