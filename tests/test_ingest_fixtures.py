"""Fixture tests for the ingest rules, one small chapter per rule or diagnostic.

Each case is a pair of files in ``tests/fixtures/ingest``:

- ``<case>.md``: a raw chapter as a PDF-to-Markdown converter delivers it;
- ``<case>.yaml``: the expected output, a *subset* of
  ``to_data(link(ingest(text, "<case>.md")))``.

The comparison (:func:`assert_subset`) is strict where it matters and loose
where the case does not care:

- a dict compares only the keys the expected file gives;
- a list must have the same length and compare element by element;
- anything else must be equal;
- ``diagnostics`` is special: the *exact* list of ``(code, line)`` of the output
  must be given, in order; an expected item may add ``message_contains`` and
  ``hint_contains`` (a string or a list of strings) that must occur in the
  diagnostic's message or hint. A case with no ``diagnostics`` key does not
  check them, but every case here gives them, so that an unexpected repair
  shows up.

A further group of tests covers :func:`edition.ingest.decode.decode`, the only
rule that sees bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from edition.data import to_data
from edition.ingest import ingest
from edition.ingest.decode import decode
from edition.link import link

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def chapter_data(text: str, path: str) -> dict[str, Any]:
    """The documented plain-data form of a chapter ingested and linked."""
    return to_data(link(ingest(text, path)))


def _strings(value: Any) -> list[str]:
    """A ``message_contains`` value as a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    assert isinstance(value, list), f"expected a string or a list of strings, got {value!r}"
    return [str(v) for v in value]


def assert_diagnostics(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """The exact (code, line) list, then the message and hint substrings asked for."""
    got = [(d["code"], d["line"]) for d in actual]
    want = [(d["code"], d["line"]) for d in expected]
    assert got == want, (
        "diagnostics differ\n  expected: "
        + repr(want)
        + "\n  actual:   "
        + repr(got)
        + "\n  messages:\n"
        + "\n".join(f"    {d['code']}:{d['line']}: {d['message']}" for d in actual)
    )
    for have, need in zip(actual, expected, strict=True):
        for part in _strings(need.get("message_contains")):
            assert part in have["message"], (
                f"{have['code']} on line {have['line']}: {part!r} not in {have['message']!r}"
            )
        for part in _strings(need.get("hint_contains")):
            assert part in have.get("hint", ""), (
                f"{have['code']} on line {have['line']}: {part!r} not in hint {have.get('hint')!r}"
            )


def assert_subset(actual: Any, expected: Any, where: str = "") -> None:
    """``expected`` is found in ``actual``: dict keys a subset, lists element by element."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where or 'top'}: expected a mapping, got {actual!r}"
        for key, value in expected.items():
            here = f"{where}.{key}" if where else str(key)
            assert key in actual, f"{here}: no such key in the output (keys: {sorted(actual)})"
            if key == "diagnostics" and not where:
                assert_diagnostics(actual[key], value)
            else:
                assert_subset(actual[key], value, here)
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), (
            f"{where}: expected {len(expected)} items, got {len(actual)}: {actual!r}"
        )
        for i, (have, want) in enumerate(zip(actual, expected, strict=True)):
            assert_subset(have, want, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}:\n  expected: {expected!r}\n  actual:   {actual!r}"


def test_fixtures_are_paired() -> None:
    """Every input has its expected output and the other way round."""
    inputs = {p.stem for p in FIXTURES.glob("*.md")}
    outputs = {p.stem for p in FIXTURES.glob("*.yaml")}
    assert inputs == outputs, f"unpaired: {sorted(inputs ^ outputs)}"
    assert len(inputs) >= 35


@pytest.mark.parametrize("case", CASES)
def test_ingest_fixture(case: str) -> None:
    text = (FIXTURES / f"{case}.md").read_text(encoding="utf-8")
    expected = yaml.safe_load((FIXTURES / f"{case}.yaml").read_text(encoding="utf-8"))
    assert isinstance(expected, dict) and expected, f"{case}.yaml holds no expectations"
    assert_subset(chapter_data(text, f"{case}.md"), expected)


# The comparison helper itself: a fixture suite is only as good as its checker.


def test_subset_ignores_keys_not_expected() -> None:
    assert_subset({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": 2}})


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ({"a": 1}, {"a": 2}),
        ({"a": [1, 2]}, {"a": [1]}),
        ({"a": [{"x": 1}]}, {"a": [{"x": 2}]}),
        ({"a": 1}, {"b": 1}),
        (
            {"diagnostics": [{"code": "note-gap", "line": 3, "message": "m"}]},
            {"diagnostics": []},
        ),
        (
            {"diagnostics": [{"code": "note-gap", "line": 3, "message": "no note 2"}]},
            {"diagnostics": [{"code": "note-gap", "line": 3, "message_contains": "no note 4"}]},
        ),
    ],
)
def test_subset_rejects_differences(actual: Any, expected: Any) -> None:
    with pytest.raises(AssertionError):
        assert_subset(actual, expected)


# decode: bytes to text


def test_decode_empty_file() -> None:
    text, diags = decode(b"", "empty.md")
    assert text is None
    assert [(d.code, d.line, d.path) for d in diags] == [("empty-file", 0, "empty.md")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b" \n\t\n  \n", id="spaces-tabs"),
        pytest.param(b"\r\n\r\n", id="crlf-only"),
        pytest.param(b"\xef\xbb\xbf\n \n", id="bom-and-blank-lines"),
    ],
)
def test_decode_white_space_only(data: bytes) -> None:
    text, diags = decode(data, "blank.md")
    assert text is None
    assert [(d.code, d.line) for d in diags] == [("empty-file", 0)]


def test_decode_nul_byte_is_binary() -> None:
    data = b"# Title\n\nSome text\x00more\n"
    offset = data.index(b"\x00")
    text, diags = decode(data, "chapter.pdf.md")
    assert text is None
    assert [(d.code, d.line) for d in diags] == [("binary-file", 3)]
    assert f"byte offset {offset}" in diags[0].message
    assert str(diags[0].severity) == "error"


def test_decode_invalid_utf8_names_offset_and_line() -> None:
    # "café" in Windows-1252 on the fourth line
    data = b"# Title\n\nFirst paragraph.\n\nThe caf\xe9 was closed.\n"
    offset = data.index(b"\xe9")
    text, diags = decode(data, "latin1.md")
    assert text is None
    assert [(d.code, d.line) for d in diags] == [("not-utf8", 5)]
    assert f"byte offset {offset}" in diags[0].message
    assert "0xe9" in diags[0].message


def test_decode_invalid_utf8_after_valid_multibyte_text() -> None:
    # the offset counts bytes, not characters: 中国 is six bytes
    data = "# 中国\n\nText.\n".encode() + b"\xff\n"
    offset = data.index(b"\xff")
    text, diags = decode(data, "mixed.md")
    assert text is None
    assert [(d.code, d.line) for d in diags] == [("not-utf8", 4)]
    assert f"byte offset {offset}" in diags[0].message


def test_decode_plain_utf8_is_unchanged() -> None:
    source = "# 中国\n\n“Quoted” text — with a dash.\n"
    text, diags = decode(source.encode(), "plain.md")
    assert diags == []
    assert text == source


@pytest.mark.parametrize("case", ["marker-bare-quote", "page-foot-notes", "note-joined-page-break"])
@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="bom-crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr"),
    ],
)
def test_decode_bom_and_line_endings_change_nothing(case: str, transform: Any) -> None:
    """A BOM and Windows or old-Mac line endings give exactly the chapter of the LF file."""
    lf = (FIXTURES / f"{case}.md").read_bytes()
    assert b"\r" not in lf
    lf_text, lf_diags = decode(lf, f"{case}.md")
    other_text, other_diags = decode(transform(lf), f"{case}.md")
    assert lf_diags == other_diags == []
    assert lf_text is not None and other_text is not None
    assert other_text == lf_text
    assert not other_text.startswith("\ufeff")
    lf_data = chapter_data(lf_text, f"{case}.md")
    assert chapter_data(other_text, f"{case}.md") == lf_data
    # the case is not trivial: it has notes linked to paragraphs
    assert lf_data["notes"] and all(n["markers"] for n in lf_data["notes"])
