"""The editorial apparatus: emendations, the register's index, the chronology."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition import emend
from edition.builder import Corpus, load_corpus
from edition.chronology import Context, events, label, read_dates
from edition.model import Chapter

ROOT = Path(__file__).resolve().parent.parent


def test_as_printed_restores_the_source_exactly(seed: Chapter, raw_seed: Chapter) -> None:
    raw = {p.id: p.text for p in (*raw_seed.headnote, *raw_seed.paragraphs)}
    raw_notes = {n.n: n.text for n in raw_seed.notes}
    for p in (*seed.headnote, *seed.paragraphs):
        assert emend.printed(p.text) == raw[p.id]
    for n in seed.notes:
        assert emend.printed(n.text) == raw_notes[n.n]
    assert "{~~Kim II Sung~>Kim Il Sung~~}" in next(
        p.text for p in seed.paragraphs if p.id == "p26"
    )
    assert emend.corrected(next(n.text for n in seed.notes if n.n == 37)).startswith(
        "Since the Chinese Central Archives"
    )


def test_every_emendation_recorded_in_the_data(seed: Chapter) -> None:
    assert [(e.target, e.printed, e.corrected) for e in seed.emendations][:3] == [
        ("p1", "Americancentered", "American-centered"),
        ("p7", "historicalcultural", "historical-cultural"),
        ("p26", "Kim II Sung", "Kim Il Sung"),
    ]
    emended = [d for d in seed.diagnostics if d.code == "emended"]
    assert len(emended) == len(seed.emendations) == 11
    abbr = next(a for a in seed.abbreviations if a.abbr == "CCFP")
    assert "{~~Chigago~>Chicago~~}" in abbr.expansion


def test_suggestions_find_the_real_errors(raw_seed: Chapter) -> None:
    found = {
        (d.message.split(":")[0], d.message.split("'")[1]) for d in emend.suggestions(raw_seed)
    }
    assert found == {
        ("p7", "historicalcultural"),
        ("p26", "Kim II Sung"),
        ("n9", "Biographyof"),
        ("n21", "and108"),
        ("n34", "Kim II Sung"),
        ("n37", "Chiense"),
    }


def test_stale_emendation_reported_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    path = tmp_path / "corpus" / "chen-mao" / "emendations.yaml"
    before = path.read_text("utf-8")
    entry = "\n- in: p12\n  printed: Chiense\n  corrected: Chinese\n  reason: typo\n"
    path.write_text(before + entry, "utf-8")
    line = len(before.splitlines()) + 2  # a blank line, then the new entry
    monkeypatch.chdir(tmp_path)
    corpus = load_corpus(Path("corpus"))
    stale = [d for d in corpus.all_diagnostics() if d.code == "emendation-stale"]
    assert [(d.path, d.line) for d in stale] == [("corpus/chen-mao/emendations.yaml", line)]
    assert "in p12, its context 'Chiense' is not found" in stale[0].message


def places(corpus: Corpus, name: str) -> list[str]:
    return [o.place for o in corpus.occurrences[name]]


def test_index_gathers_every_spelling(corpus: Corpus) -> None:
    # Stalin appears under his pseudonyms in the telegrams of notes 33 and 39
    stalin = places(corpus, "Stalin, Joseph")
    assert {"n33", "n39"} <= set(stalin)
    assert [o.form for o in corpus.occurrences["Stalin, Joseph"] if o.place == "n33"] == [
        "Filippov [Stalin]"
    ]
    # the Soviet ambassador, "N. V. Rochshin" in note 32 and "Nikolai Rochshin" elsewhere
    assert places(corpus, "Roshchin, Nikolai") == ["p24", "n32", "n38"]
    # Mikoyan: ¶ 9 and the two notes citing Ledovsky's article on his mission
    assert places(corpus, "Mikoyan, Anastas") == ["p9", "n7", "n8"]
    # Kim Il Sung, printed "Kim II Sung" in ¶ 26 and note 34 (emended), and plain "Kim"
    kim = places(corpus, "Kim Il Sung")
    assert {"h1", "p19", "p26", "n34", "n39", "n42", "n53"} <= set(kim)


def test_chronology_orders_the_october_telegrams(seed: Chapter) -> None:
    telegrams = [
        (e.when.start, e.places)
        for e in events(seed)
        if e.kind == "document" and e.what.startswith("Telegram") and e.when.start[:2] == (1950, 10)
    ]
    assert telegrams == [
        ((1950, 10, 0), ("n38",)),
        ((1950, 10, 1), ("n34",)),
        ((1950, 10, 2), ("n35",)),
        ((1950, 10, 8), ("n42",)),
        ((1950, 10, 12), ("n45",)),
        ((1950, 10, 13), ("n47",)),
        ((1950, 10, 17), ("n48",)),
        ((1950, 10, 17), ("n49",)),
        ((1950, 10, 18), ("n49",)),
    ]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "shown"),
    [
        ("2 October 1950", (1950, 10, 2), None, "day", "2 October 1950"),
        ("8 [7] October 1950", (1950, 10, 8), None, "day", "8 [7] October 1950"),
        ("2, 3, and 5 January 1950", (1950, 1, 2), (1950, 1, 5), "day", "2, 3, and 5 January 1950"),
        (
            "December 1949-February 1950",
            (1949, 12, 0),
            (1950, 2, 0),
            "month",
            "December 1949–February 1950",
        ),
        ("mid-May 1950", (1950, 5, 0), None, "month", "Mid-May 1950"),
        ("July 23, 1950", (1950, 7, 23), None, "day", "July 23, 1950"),
        ("Winter 1997", (1997, 12, 0), None, "season", "Winter 1997"),
    ],
)
def test_dates_read_with_their_precision(
    text: str,
    start: tuple[int, int, int],
    end: tuple[int, int, int] | None,
    precision: str,
    shown: str,
) -> None:
    (when, _), *_ = read_dates(text, Context())
    assert (when.start, when.end, when.precision, label(when)) == (start, end, precision, shown)


def test_a_year_supplied_from_the_text_before() -> None:
    context = Context()
    read_dates(
        "The Chinese efforts culminated in December 1949-February 1950 when Mao visited.", context
    )
    ((first, _),) = read_dates(
        "During his first meeting with Stalin on 16 December, he asked.", context
    )
    ((second, _),) = read_dates("Zhou Enlai arrived in Moscow on 20 January.", context)
    assert (first.start, label(first)) == ((1949, 12, 16), "16 December [1949]")
    assert (second.start, label(second)) == ((1950, 1, 20), "20 January [1950]")
    assert read_dates("on 8 October", Context()) == []  # no year anywhere before: not dated
