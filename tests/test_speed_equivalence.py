"""yamlout.dump_data (data.dump) writes what yaml.dump with our representers and libyaml writes.

Two fast roads are checked against it: the YAML nodes built directly (the libyaml
road) and the house emitter, which writes the YAML itself when every string is one
printable line and falls back to the libyaml road otherwise."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from edition import data, yamlout
from edition.builder import load_corpus
from edition.model import Chapter

ROOT = Path(__file__).resolve().parent.parent
N10 = ROOT / "benchmarks" / "work" / "n10" / "corpus"


def representer_dump(value: Any) -> str:
    """The house style as first written: yaml.dump with our list and dict representers."""
    return str(
        yaml.dump(
            value,
            Dumper=yamlout._Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
    )


def house(value: Any) -> str | None:
    """The house emitter's YAML, or None where it leaves the document to libyaml."""
    try:
        return yamlout._HouseEmitter().document(value)
    except yamlout._UnsureError:
        return None


# Strings the house emitter writes itself: one line, every character printable to libyaml.
USUAL_WORDS = [
    "a",
    "Mao",
    "CCP's",
    "it's",
    "'",
    "''",
    "'y'",
    '"x"',
    "“quoted”",
    "key: value",
    "key:",
    ":",
    ":a",
    "a:b",
    "::",
    "?",
    "? q",
    "?q",
    "q?",
    "-",
    "- item",
    "-item",
    "-1",
    "--",
    "---",
    "---a",
    "...",
    "....",
    "# c",
    "#c",
    "a#b",
    "#",
    "[^1]",
    "[",
    "]",
    "{a}",
    "}",
    "a,b",
    ",",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "@",
    "`",
    "|",
    ">",
    "=",
    "<<",
    "~",
    "yes",
    "No",
    "ON",
    "null",
    "Null",
    "true",
    "1949",
    "-7",
    "+3",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1e3",
    "1.5e+3",
    ".5",
    "1.5",
    ".inf",
    "-.Inf",
    ".nan",
    "1:20:30",
    "2026-11-26",
    "2026-11-26 10:00:00",
    "2026-11-26T10:00:00Z",
    "毛泽东",
    "Мао",
    "©",
    "→",
    "–",
    "\u00a0",
    "\u2027",
    "\u202a",
    "\ud7ff",
    "\ue000",
    "\ufefe",
    "\uff00",
    "\ufffd",
    "~x",
    "x" * 19,
    "x" * 20,
    "x" * 40,
    "x" * 95,
    "x" * 100,
    "y" * 101,
    "z" * 130,
]
# Strings it leaves to libyaml: double quotes, line breaks, characters libyaml escapes.
ODD_WORDS = [
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x9f",
    "\U0001f600",
    "\U00010000",
]
SPACES = st.sampled_from([" ", " ", " ", "  ", "   "])
# short words make lines whose spaces fall at every column near the width
SHORT = st.sampled_from(["a", "bb", "ccc", "dddd", "'", "it's", "é", "毛", "x:", "#"])


def text(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return (
        st.lists(words, max_size=40).map(" ".join)
        | st.lists(words | SPACES, max_size=12).map("".join)
        | st.lists(words | SHORT, min_size=20, max_size=80).map(" ".join)
        | st.tuples(SPACES, st.lists(SHORT, max_size=60).map(" ".join), SPACES).map("".join)
    )


USUAL_TEXT = text(st.sampled_from(USUAL_WORDS))
ANY_TEXT = text(st.sampled_from(USUAL_WORDS + ODD_WORDS)) | st.text(max_size=30)


def keys(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    named = st.sampled_from(
        [
            "id",
            "n",
            "text",
            "notes",
            "yes",
            "1",
            "a b",
            "k: v",
            "",
            " ",
            "-",
            "#k",
            "k" * 40,
            "k" * 128,
            "k" * 129,  # too long for a simple key: written after "? "
            "é" * 64,  # 128 bytes
            "é" * 65,
            "鍵" * 43,  # 129 bytes in 43 characters
            ("long key " * 30).strip(),  # written after "? " and broken at the width
        ]
    )
    return named | texts.filter(lambda s: len(s) < 60) | st.integers() | st.none() | st.booleans()


def plain_data(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalar = texts | st.integers(-(10**20), 10**20) | st.none() | st.booleans()
    return st.recursive(
        scalar,
        lambda inner: (
            st.lists(inner, max_size=6)
            | st.lists(texts | st.integers(), max_size=30)  # flow lists longer than a line
            | st.dictionaries(keys(texts), inner, max_size=6)
            # flow records, their keys long or not
            | st.dictionaries(keys(texts), texts.filter(lambda s: len(s) < 20), max_size=4)
        ),
        max_leaves=40,
    )


SETTINGS = settings(
    max_examples=250,  # derandomized; the word-by-word test covers each awkward string
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(value=plain_data(ANY_TEXT))
def test_dump_data_writes_the_representers_bytes(value: Any) -> None:
    assert yamlout.dump_data(value) == representer_dump(value)


@SETTINGS
@given(value=plain_data(ANY_TEXT))
def test_dump_data_by_nodes_writes_the_representers_bytes(value: Any) -> None:
    """The libyaml road, which the house emitter falls back to."""
    node = yamlout._node(value, set())
    stream = __import__("io").StringIO()
    dumper = yamlout._FastDumper(
        stream, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100
    )
    dumper.open()
    dumper.serialize(node)
    dumper.close()
    dumper.dispose()
    assert stream.getvalue() == representer_dump(value)


@SETTINGS
@given(value=plain_data(USUAL_TEXT))
@example(
    value={"record": {"k" * 90: 1, "b": "c d", "k" * 129: "e"}}
)  # a flow record past the width
@example(value=[{"k" * 129: {"x": ["a b"] * 40}}])
@example(value={"k" * 128: " a", "l": ["x" * 19] * 5 + [" a b"]})  # no break at a first space
@example(value={"k" * 129: [None, "x" * 30]})  # a block list after "? " and ":"
@example(value={"deep": [[[[[[[[[[{"text": " ".join(["word"] * 60)}]]]]]]]]]]})
def test_house_emitter_writes_libyamls_bytes(value: Any) -> None:
    """On one-line printable strings the house emitter never falls back, and writes
    the same bytes: plain or quoted alike, lines broken at the same spaces."""
    assert house(value) == representer_dump(value)


@pytest.mark.parametrize("word", USUAL_WORDS + ODD_WORDS)
def test_every_word_in_every_place(word: str) -> None:
    """Each word alone and with neighbours, as a key, a value, a list item, in flow
    and block collections, at the start of a line and past the width."""
    for v in (word, f"{word} x", f"x {word}", f"x{word}", f"{word}x", f" {word}", f"{word} "):
        value = {
            v: [v, {"k": v}, None],
            "value": v,
            "flow": [v, 1],
            "record": {"k": v, v: 1},
            "nested": [[v, None]],
            "k" * 99: v,
            "long": [" ".join(["abc"] * 30), v],
        }
        written = house(value)
        if word in USUAL_WORDS:
            assert written is not None, v
        if written is not None:
            assert written == representer_dump(value), v
        assert yamlout.dump_data(value) == representer_dump(value)


@SETTINGS
@given(value=plain_data(ANY_TEXT))
def test_house_emitter_leaves_only_unusual_strings(value: Any) -> None:
    written = house(value)
    if written is not None:
        assert written == representer_dump(value)
    else:
        assert any(yamlout._UNUSUAL.search(s) for s in strings(value))


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, list):
        return [s for x in value for s in strings(x)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize(
    "value",
    [
        {"t": (1, 2)},  # a tuple: PyYAML's own representer
        {"f": 1.5},
        {"s": "a\tb"},  # double-quoted
        {"s": "a\nb"},  # single-quoted over lines
        {"s": ["😀"]},
    ],
)
def test_unusual_values_fall_back(value: Any) -> None:
    assert house(value) is None
    assert yamlout.dump_data(value) == representer_dump(value)


def test_shared_values_fall_back() -> None:
    shared = [1, 2]
    value = {"a": shared, "b": shared}  # written as an anchor and an alias
    assert house(value) is None
    assert yamlout.dump_data(value) == representer_dump(value) == "a: &id001 [1, 2]\nb: *id001\n"


def test_seed_data(seed: Chapter) -> None:
    """The seed's chapter data is written by the house emitter alone, byte for byte."""
    value = data.to_data(seed)
    assert house(value) == representer_dump(value)
    assert yamlout.dump_data(value) == representer_dump(value)


@pytest.mark.skipif(not N10.is_dir(), reason="no scaled corpus (python benchmarks/make_corpus.py)")
def test_scaled_corpus_data() -> None:
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        corpus = load_corpus(N10.relative_to(ROOT))
    finally:
        os.chdir(here)
    assert len(corpus.chapters) == 10
    for chapter in corpus.chapters:
        value = data.to_data(chapter)
        assert house(value) == representer_dump(value)


def test_unusual_characters_are_those_outside_libyamls_printable_set() -> None:
    # the class as first written (what libyaml prints as it is), on every code point
    printable = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    unusual = set(yamlout._UNUSUAL.findall(everything))
    assert unusual == set(everything) - set(printable.findall(everything))
    assert {"\t", "\n", "\x85", "\u2028", "\ufeff", "\U0001f600"} <= unusual
    assert not {" ", "~", "\xa0", "é", "’", "–", "\ufffd"} & unusual
