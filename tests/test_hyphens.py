"""Words the page broke (edition.ingest.hyphens), as properties over generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.ingest.hyphens import dehyphenate, normalize

PIECES = [
    "Washing",
    "ton",
    "Sino",
    "American",
    "self",
    "pre",
    "and",
    "post",
    "war",
    "-",
    " ",
    "- ",
    "-\n",
    "\n",
    "\n\n",
    ".",
    "1947",
    "ﬁ",
    "\u00ad",
    "Euro",
    "pean",
    "European",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _letters(text: str) -> str:
    return "".join(c for c in text if c not in "- \n")


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(text=texts)
def test_only_hyphens_spaces_and_line_breaks_move(text: str) -> None:
    read, rejoined, kept = dehyphenate(text)
    # every line keeps its number; no line is emptied or filled where it was not
    assert read.count("\n") == text.count("\n")
    assert [bool(x.strip()) for x in read.split("\n")] == [
        bool(x.strip()) for x in text.split("\n")
    ]
    # the letters and their order are the text's: only hyphens and spaces go
    assert _letters(read) == _letters(text)
    assert kept == []
    # rejecting every line's repair keeps the text as it is
    every = frozenset(range(1, text.count("\n") + 2))
    assert dehyphenate(text, every)[0] == text
    # and says what it kept: at least one word at each line where one was rejoined
    kept_lines = {r.line for r in dehyphenate(text, every)[2]}
    assert {r.line for r in rejoined} <= kept_lines


@given(text=texts)
def test_normalize_leaves_no_ligature_nor_soft_hyphen(text: str) -> None:
    read, count, line = normalize(text)
    assert not any(c in read for c in "ﬀﬁﬂﬃﬄ\u00ad")
    assert count == sum(text.count(c) for c in "ﬀﬁﬂﬃﬄﬅﬆ\u00ad")
    assert (line > 0) == (count > 0)
