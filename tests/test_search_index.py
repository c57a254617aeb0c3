"""The search index made in the background is the one made in the foreground, byte for
byte; its errors reach the build; a build that stops early leaves no helper behind; and
checking a corpus does not load the indexer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from edition import search
from edition.parallel import can_fork
from edition.search import Record

ROOT = Path(__file__).resolve().parent.parent


def places() -> list[Record]:
    """A few places of two chapters and the edition-wide pages."""
    out: list[Record] = []
    for slug, title in (("one", "The First Chapter"), ("two", "The Second Chapter")):
        for n in range(1, 6):
            out.append(
                Record(
                    f"{slug}.html#p{n}",
                    f"¶ {n}",
                    "paragraph",
                    "text",
                    title,
                    f"Paragraph {n} of {title.lower()}: Yan’an, Zhou Enlai and the Dixie Mission.",
                )
            )
        for n in range(1, 4):
            out.append(
                Record(
                    f"{slug}.html#n{n}",
                    f"Note {n}",
                    "note",
                    "notes",
                    title,
                    f"Selected Works of Mao Zedong, vol. {n}, p. {n * 7}.",
                )
            )
    out.append(Record("sources.html#mzx", "MZX", "source", "sources", "", "Selected Works."))
    out.append(Record("abbreviations.html#MZX", "MZX", "abbreviation", "abbreviations", "", "MZX"))
    return out


PAGES = ["one.html", "two.html"]


def test_the_index_is_the_same_made_either_way_and_from_one_build_to_the_next() -> None:
    items = search.shards(places(), PAGES)
    assert [s.folder for s in items] == ["pagefind/"]  # two chapters: one index
    made = search.index(items)
    assert any(p.endswith(".pf_fragment") for p in made[0])
    assert search.index(items) == made
    with search.start(items, background=False) as foreground:
        assert foreground.result() == made
    background = search.start(items)
    if can_fork():
        assert background.background, "the index was not made in the background"
    assert background.result() == made


def test_shards_made_by_two_helpers_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_CHAPTERS", 1)
    parts = search.shards(places(), PAGES)
    alone = search.index(parts)
    with search.start(parts, helpers=2) as indexing:
        if can_fork():
            assert len(indexing._helpers) == 2
        assert indexing.result() == alone
    with search.start(parts[1:], helpers=4) as indexing:  # no more helpers than shards
        assert len(indexing._helpers) <= 1
        assert indexing.result() == alone[1:]


def test_an_error_in_the_background_is_raised_by_the_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    for background in (False, True):
        with pytest.raises(search.IndexerError, match="PAGEFIND_BINARY_PATH"):
            search.start(search.shards(places(), PAGES), background=background).result()
    monkeypatch.setattr(search, "SHARD_CHAPTERS", 1)
    with pytest.raises(search.IndexerError, match="PAGEFIND_BINARY_PATH"):
        search.start(search.shards(places(), PAGES), helpers=2).result()


_STOPS_EARLY = """
import os, sys
sys.path.insert(0, sys.argv[1])
from test_search_index import places
from edition import search
indexing = search.start(search.shards(places(), []))
[(process, _, _)] = indexing._helpers
assert process.is_alive(), "not made in the background"
pid = process.pid
indexing.close()
assert indexing._helpers == []
try:
    os.kill(pid, 0)
except ProcessLookupError:
    pass  # ended and reaped
else:
    raise SystemExit("the helper is still there")
try:
    indexing.result()
except AssertionError as err:
    assert "already taken" in str(err)
else:
    raise SystemExit("a closed index gave a result")
print("ok")
"""


def fragments(files: dict[str, bytes]) -> str:
    return " ".join(
        json.loads(search._inflate(data))["content"]
        for path, data in sorted(files.items())
        if path.endswith(".pf_fragment")
    )


def test_a_large_edition_is_indexed_in_shards_of_whole_chapters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "SHARD_CHAPTERS", 1)
    items = places()
    parts = search.shards(items, PAGES)
    assert [s.folder for s in parts] == ["pagefind/", "pagefind/shard-2/"]
    first, second = parts
    assert {r.url.split("#")[0] for r in first.records} == {
        "one.html",
        "sources.html",
        "abbreviations.html",
    }
    assert {r.url.split("#")[0] for r in second.records} == {"two.html"}
    assert sorted(first.records + second.records, key=items.index) == items  # none lost
    assert search.shard_count(0) == search.shard_count(1) == 1
    assert search.shard_count(2) == 2

    made_first, made_second = search.index(parts)
    # the first holds Pagefind's script and WebAssembly; a shard only its index
    assert "pagefind/pagefind.js" in made_first
    assert any(p.startswith("pagefind/wasm.") for p in made_first)
    assert all(p.startswith("pagefind/shard-2/") for p in made_second)
    assert not any(p.endswith((".js", ".pagefind")) for p in made_second)
    kinds = {p.removeprefix("pagefind/shard-2/").split("/")[0].split(".")[0] for p in made_second}
    assert kinds == {"pagefind-entry", "pagefind", "index", "fragment", "filter"}
    entry = json.loads(made_second["pagefind/shard-2/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 2  # the text and notes of two.html
    assert [p for p in made_second if p.endswith(".pf_meta")] == [
        f"pagefind/shard-2/pagefind.{entry['languages']['en']['hash']}.pf_meta"
    ]
    assert "second chapter" in fragments(made_second)
    assert "first chapter" not in fragments(made_second)
    assert "first chapter" in fragments(made_first)
    # each shard comes out as it would alone
    assert search.index([second]) == [made_second]


def test_each_place_is_an_anchor_at_its_first_word_without_its_text_again() -> None:
    items = places()
    [made] = search.index(search.shards(items, PAGES))
    pages = [
        json.loads(search._inflate(data))
        for path, data in sorted(made.items())
        if path.endswith(".pf_fragment")
    ]
    notes = next(p for p in pages if p["url"] == "two.html?part=notes")
    words = notes["content"].split()
    anchors = notes["anchors"]
    assert [a["id"] for a in anchors] == ["n1", "n2", "n3"]
    assert all(a["text"] == "" for a in anchors)  # the place's text is in the content only
    assert [words[a["location"]] for a in anchors] == ["Selected"] * 3
    assert (
        words[anchors[1]["location"] :][:6] == "Selected Works of Mao Zedong, vol. 2,".split()[:6]
    )
    assert notes["content"].count("vol. 2,") == 1


def test_shards_hold_ten_chapters_and_grow_past_sixteen_shards() -> None:
    assert [search.shard_count(n) for n in (1, 10, 11, 20, 21, 100, 160)] == [1, 1, 2, 2, 3, 10, 16]
    assert search.shard_size(161) == 11 and search.shard_count(161) == 15
    assert search.shard_count(1000) == 16 and search.shard_size(1000) == 63
    pages = [f"c{i}.html" for i in range(1000)]
    items = [Record(f"{p}#p1", "¶ 1", "paragraph", "text", p, "x") for p in pages]
    parts = search.shards(items, pages)
    assert len(parts) == 16
    assert [len(s.records) for s in parts] == [63] * 15 + [1000 - 15 * 63]
    assert parts[1].records[0].url == "c63.html#p1"  # whole chapters, in order


_READY_HELPERS = """
import os, sys
sys.path.insert(0, sys.argv[1])
from test_search_index import places, PAGES
from edition import search
search.SHARD_CHAPTERS = 1
parts = search.shards(places(), PAGES)
# (the index made here, in this process, comes last: asyncio's watcher of Pagefind's
# binary is a thread, and no helper is forked while a thread runs)

# helpers started before the shards exist make the same index
with search.Helpers(2) as ready:
    assert len(ready._idle) == 2, "not forked"
    with search.start(parts, helpers=2, ready=ready) as indexing:
        assert ready._idle == [], "the ready helpers were not used"
        made_ready = indexing.result()

# helpers given no shards end cleanly, their binaries with them
import time
ready = search.Helpers(2)
pids = [p.pid for p, _ in ready._idle]
def children_of(pid):
    try:
        return [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []
deadline = time.monotonic() + 10
while not all(children_of(pid) for pid in pids) and time.monotonic() < deadline:
    time.sleep(0.01)
binaries = [c for pid in pids for c in children_of(pid)]
assert len(binaries) == 2, binaries  # each helper has started Pagefind's binary
ready.close()
for pid in binaries:  # stopped and reaped by their helper, not left behind
    assert not os.path.exists(f"/proc/{pid}"), open(f"/proc/{pid}/stat").read()
assert ready._idle == []
for pid in pids:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pass
    else:
        raise SystemExit(f"helper {pid} is still there")
children = open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()
assert children == [], children

# one helper ready, one shard more than it: the second helper is forked then
with search.Helpers(1) as ready:
    with search.start(parts, helpers=2, ready=ready) as indexing:
        assert len(indexing._helpers) == 2
        made_mixed = indexing.result()

# a binary that cannot run: the error reaches the build
os.environ["PAGEFIND_BINARY_PATH"] = "/nonexistent/pagefind"
with search.Helpers(2) as ready:
    try:
        search.start(parts, helpers=2, ready=ready).result()
    except search.IndexerError as err:
        assert "PAGEFIND_BINARY_PATH" in str(err)
    else:
        raise SystemExit("no error")
del os.environ["PAGEFIND_BINARY_PATH"]
alone = search.index(parts)
assert made_ready == alone and made_mixed == alone
print("ok")
"""


def run_forking(script: str) -> None:
    """Run ``script`` in a fresh interpreter, which must print ``ok``: forking needs a
    process without other threads, which this test session may not be after the
    tests that serve or drive a browser."""
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork here")
    here = str(Path(__file__).resolve().parent)
    run = subprocess.run(
        [sys.executable, "-c", script, here], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_helpers_started_early_index_the_shards_they_are_sent_or_end_cleanly() -> None:
    run_forking(_READY_HELPERS)


def test_a_build_that_stops_early_ends_its_helper() -> None:
    run_forking(_STOPS_EARLY)


def test_the_commands_that_do_not_index_do_not_import_asyncio_or_pagefind() -> None:
    code = "import sys, edition.cli; print(sorted({'asyncio', 'pagefind'} & sys.modules.keys()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_note_is_glossed_with_its_own_chapters_expansion_of_a_siglum() -> None:
    import dataclasses

    from edition.builder import load_corpus

    corpus = load_corpus(ROOT / "corpus")
    first = corpus.chapters[0]
    other = dataclasses.replace(
        first,
        meta=dataclasses.replace(first.meta, slug="other"),
        abbreviations=tuple(
            dataclasses.replace(a, expansion="Mao Zedong xuanji, another edition")
            if a.abbr == "MZX"
            else a
            for a in first.abbreviations
        ),
    )
    found = search.records(dataclasses.replace(corpus, chapters=(first, other)))
    glosses = {r.url: r.content for r in found if r.url.endswith("#n59")}
    assert "MZX: Mao Zedong xuanji (Selected Works" in glosses["chen-mao.html#n59"]
    assert "another edition" not in glosses["chen-mao.html#n59"]
    assert "MZX: Mao Zedong xuanji, another edition." in glosses["other.html#n59"]
