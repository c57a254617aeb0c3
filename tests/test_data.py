"""The chapter data format: round trips, exact text, and the documented keys."""

from __future__ import annotations

import pytest
import yaml

from edition import data, yamlout
from edition.ingest import ingest
from edition.link import link
from edition.model import Chapter


def test_seed_round_trips(seed: Chapter) -> None:
    assert data.load(data.dump(seed)) == seed


def test_awkward_text_survives() -> None:
    text = (
        "# Title: a \"test\" — with # and 'quotes'\n\n## A. Author\n\n"
        "Colons: here; #hash, \"quotes\" and 'single', dashes – — and 毛泽东 Мао.<sup>1</sup>\n\n"
        "Yes\n\n"
        '## Notes\n\n1. Note: with "quotes", *JMZW*, 1:539–40; #not-a-comment, 毛泽东 — ibid.\n'
    )
    chapter = link(ingest(text, "awkward.md"))
    assert data.load(data.dump(chapter)) == chapter
    assert chapter.paragraphs[0].text == (
        "Colons: here; #hash, \"quotes\" and 'single', dashes – — and 毛泽东 Мао.[^1]"
    )
    assert chapter.notes[0].text == (
        'Note: with "quotes", *JMZW*, 1:539–40; #not-a-comment, 毛泽东 — ibid.'
    )
    # a paragraph reading just "Yes" stays a string, not YAML 1.1's boolean
    assert chapter.paragraphs[1].text == "Yes"
    assert data.load(data.dump(chapter)).paragraphs[1].text == "Yes"


def test_documented_key_order(seed: Chapter) -> None:
    d = data.to_data(seed)
    assert list(d) == [
        "schema",
        "chapter",
        "headnote",
        "paragraphs",
        "headings",
        "notes",
        "abbreviations",
        "sources",
        "emendations",
        "diagnostics",
    ]
    assert set(d["paragraphs"][0]) >= {"id", "n", "text", "notes", "line"}
    assert set(d["notes"][0]) >= {"n", "text", "markers", "line"}
    assert set(d["abbreviations"][0]) >= {"abbr", "expansion", "line"}
    assert set(d["diagnostics"][0]) >= {"code", "severity", "path", "line", "message"}
    assert set(d["chapter"]) >= {"slug", "title", "authors", "source"}


def test_dump_is_deterministic(seed: Chapter) -> None:
    assert data.dump(seed) == data.dump(data.load(data.dump(seed)))


def test_hand_written_paragraph_without_markers_key() -> None:
    d = yaml.safe_load(
        """
schema: 1
chapter: {slug: x, title: X, source: x.md}
paragraphs:
- {id: p1, n: 1, text: "A[^2] b[^3]", notes: [2, 3], line: 4}
"""
    )
    chapter = data.from_data(d)
    assert chapter.paragraphs[0].notes == (2, 3)
    assert chapter.paragraphs[0].span.end_line == 4


def test_wrong_schema_rejected() -> None:
    with pytest.raises(data.DataError):
        data.from_data({"schema": 99})
    with pytest.raises(data.DataError):
        data.from_data({"schema": 1, "chapter": {}})


def test_libyaml_and_pure_python_write_the_same_bytes(seed: Chapter) -> None:
    """The build uses libyaml's emitter when it can: it must not change a byte."""
    fast = yamlout.dump_data(data.to_data(seed))

    class Slow(yaml.SafeDumper):
        pass

    Slow.add_representer(list, yamlout._represent_list)
    Slow.add_representer(dict, yamlout._represent_dict)
    slow = yaml.dump(
        data.to_data(seed),
        Dumper=Slow,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    assert fast == slow
