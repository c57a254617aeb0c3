"""The seed chapter comes out exactly as the ingest issue requires.

``raw_seed`` is the general rules alone; ``seed`` is what the corpus publishes,
with the editors' decisions of ``corpus/chen-mao/chapter.yaml`` applied.
"""

from __future__ import annotations

from collections import Counter

from edition.diagnostics import Severity
from edition.model import Chapter


def codes(chapter: Chapter) -> Counter[str]:
    return Counter(d.code for d in chapter.diagnostics)


def test_counts(raw_seed: Chapter) -> None:
    assert len(raw_seed.headnote) == 4
    assert len(raw_seed.paragraphs) == 38
    assert [n.n for n in raw_seed.notes] == list(range(1, 61))
    assert len(raw_seed.abbreviations) == 8


def test_every_note_marked_once_in_order(raw_seed: Chapter) -> None:
    marked = [n for p in raw_seed.paragraphs for n in p.notes]
    assert marked == list(range(1, 61))
    assert all(len(n.markers) == 1 for n in raw_seed.notes)
    assert not any(p.notes for p in raw_seed.headnote)


def test_repairs_reported(raw_seed: Chapter) -> None:
    found = codes(raw_seed)
    assert found["marker-recovered"] == 4
    assert found["note-number-recovered"] == 1
    assert found["paragraph-joined"] == 6
    assert found["note-joined"] >= 2
    assert not [d for d in raw_seed.diagnostics if d.severity == Severity.ERROR]


def test_recovered_markers_are_the_glued_digits(raw_seed: Chapter) -> None:
    recovered = {
        m.note: (p.id, m.line)
        for p in raw_seed.paragraphs
        for m in p.markers
        if m.convention == "bare"
    }
    assert recovered == {8: ("p9", 35), 28: ("p19", 57), 36: ("p23", 67), 57: ("p35", 93)}
    p9 = next(p for p in raw_seed.paragraphs if p.id == "p9")
    assert 'cleaning the house before entertaining guests."[^8] From late June' in p9.text


def test_page_break_joins(raw_seed: Chapter) -> None:
    joined = sorted(d.line for d in raw_seed.diagnostics if d.code == "paragraph-joined")
    assert joined == [19, 27, 35, 59, 79, 97]
    p3 = raw_seed.paragraphs[2]
    assert p3.text.endswith(
        "In order to comprehend the CCP's policy toward the United States, we must explore "
        "the historical-cultural environment in which it emerged, thus revealing the dynamics "
        "and logic underlying it."
    )
    assert (p3.span.line, p3.span.end_line) == (19, 21)
    p23 = next(p for p in raw_seed.paragraphs if p.span.line == 59)
    assert "along the Chinese-Korean border, Mao set the end of September" in p23.text


def test_lost_note_number_and_split_notes(raw_seed: Chapter) -> None:
    notes = {n.n: n for n in raw_seed.notes}
    assert notes[16].text == (
        'Zhang Baijia, "The Shaping of New China\'s Diplomacy," *Chinese Historians* 7 (1994): 62.'
    )
    assert notes[16].markers == ("p14",)
    assert "of the Chinese Communist revolution, see Mark Mancall" in notes[3].text
    assert "CWIHPB, nos. 6–7 [Winter 1995–96], 5–7). I believe" in notes[17].text
    assert (notes[17].span.line, notes[17].span.end_line) == (136, 138)


def test_headnote_apart_from_text(raw_seed: Chapter) -> None:
    assert raw_seed.headnote[0].text.startswith("Whereas Weathersby focused")
    assert raw_seed.headnote[-1].text.endswith(
        "What was the impact of US actions on Chinese attitudes and policies?"
    )
    assert raw_seed.paragraphs[0].text.startswith("Did there exist any chance in 1949–50")
    assert [p.id for p in raw_seed.headnote] == ["h1", "h2", "h3", "h4"]


def test_metadata(seed: Chapter) -> None:
    assert seed.meta.title == "Mao and Sino-American Relations"
    assert seed.meta.printed_title == "MAO AND SINO-AMERICAN RELATIONS"
    assert seed.meta.authors == ("Chen Jian",)
    assert seed.meta.source == "corpus/chen-mao/source.md"


def test_abbreviations(raw_seed: Chapter) -> None:
    abbr = {a.abbr: a for a in raw_seed.abbreviations}
    assert list(abbr) == ["CCFP", "CWIHPB", "DZJJG", "JMZW", "MZN", "MZW", "MZX", "ZEWW"]
    assert abbr["CWIHPB"].expansion == "Cold War International History Project Bulletin"
    assert abbr["CCFP"].expansion.startswith(
        "Zhang Shuguang and Chen Jian, eds., *Chinese Communist"
    )
    assert abbr["MZX"].notes == (5, 10, 13, 59)
    assert abbr["ZEWW"].notes == (15,)


def test_undefined_siglum_found(raw_seed: Chapter) -> None:
    undefined = [d for d in raw_seed.diagnostics if d.code == "undefined-abbreviation"]
    assert len(undefined) == 1
    assert undefined[0].line == 181
    assert "ZEJW" in undefined[0].message and "note 57" in undefined[0].message
    assert undefined[0].hint.startswith("did you mean ZEWW?")


def test_inline_markdown_kept(raw_seed: Chapter) -> None:
    notes = {n.n: n for n in raw_seed.notes}
    assert "*Diplomatic History* 21 (Winter 1997): 71–115." in notes[1].text
    assert "(about US \\$60 million)" in notes[60].text
    p = next(p for p in raw_seed.paragraphs if "*China White Paper*" in p.text)
    assert p.id == "p6"


def test_editors_decisions_applied(seed: Chapter) -> None:
    accepted = [d for d in seed.diagnostics if "(accepted by the editors" in d.message]
    assert sorted((d.code, d.line) for d in accepted) == [
        ("marker-recovered", 35),
        ("marker-recovered", 57),
        ("marker-recovered", 67),
        ("marker-recovered", 93),
        ("note-number-recovered", 134),
    ]
    assert all(d.severity == Severity.INFO for d in accepted)
    assert not [d for d in seed.diagnostics if d.severity != Severity.INFO]


def test_supplied_siglum(seed: Chapter) -> None:
    zejw = next(a for a in seed.abbreviations if a.abbr == "ZEJW")
    assert zejw.supplied and zejw.notes == (57,)
    assert zejw.span.path == "corpus/chen-mao/chapter.yaml"
    assert zejw.expansion.startswith("Zhou Enlai junshi wenxuan")
    assert [a.abbr for a in seed.abbreviations if not a.supplied] == [
        "CCFP",
        "CWIHPB",
        "DZJJG",
        "JMZW",
        "MZN",
        "MZW",
        "MZX",
        "ZEWW",
    ]
    assert not [d for d in seed.diagnostics if d.code == "undefined-abbreviation"]
