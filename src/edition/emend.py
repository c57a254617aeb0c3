"""Emendations: the editors' corrections of the print, recorded beside the source.

``corpus/<chapter>/emendations.yaml`` lists them; the source file stays as
the converter left it::

    - in: n37                  # p12, h2 (headnote), n37 (a note) or abbr:CCFP
      printed: Chiense
      corrected: Chinese
      context: Since the Chiense Central Archives   # words around it, found once
      reason: typo             # typo, conversion or factual
      note: optional explanation

Each emendation is applied to the text as a CriticMarkup substitution,
``{~~Chiense~>Chinese~~}``, so the chapter data keeps both readings and the
pages can show either. An emendation whose context is not found in its
paragraph or note, or found more than once, is ``emendation-stale`` and is
not applied; each one applied is reported as ``emended``.

:func:`suggestions` reads the chapter for likely conversion errors an editor
should review (``suggest-emendation``): words glued to numbers (``and108``),
two words of the chapter run together (``Biographyof``), ``II`` inside a
name where ``Il`` is meant (``Kim II Sung``), and a word spelled differently
once from a word the chapter uses several times (``Chiense``). They never
change the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain
from typing import Any

from edition.corpus import parse_yaml
from edition.diagnostics import Diagnostic, diagnostic, sort_diagnostics
from edition.model import Abbreviation, Chapter, Emendation, Note, Paragraph, Span

REASONS = ("typo", "conversion", "factual", "other")
CRITIC = re.compile(r"\{~~(?P<printed>.*?)~>(?P<corrected>.*?)~~\}")
"""An emendation in a text: ``{~~printed~>corrected~~}`` (CriticMarkup)."""


def printed(text: str) -> str:
    """A text as the source printed it (emendations undone)."""
    return CRITIC.sub(lambda m: m.group("printed"), text)


def corrected(text: str) -> str:
    """A text as the editors correct it."""
    return CRITIC.sub(lambda m: m.group("corrected"), text)


def parse_emendations(text: str, path: str) -> tuple[list[Emendation], list[Diagnostic]]:
    """The emendations of a chapter from the text of its ``emendations.yaml``."""
    import yaml

    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        _, _, errors = parse_yaml(text, path)  # the same error, with line and column
        return [], errors
    if data is None:
        return [], []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return [], [diagnostic("metadata-type", path, 1, "emendations.yaml must be a list")]
    found: list[Emendation] = []
    diags: list[Diagnostic] = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        problem = _problem(item)
        if problem:
            diags.append(diagnostic("metadata-type", path, line, f"emendation: {problem}"))
            continue
        found.append(
            Emendation(
                target=str(item.get("in", "")),
                printed=str(item["printed"]),
                corrected=str(item["corrected"]),
                context=str(item.get("context", "")),
                reason=str(item.get("reason", "other")),
                note=str(item.get("note", "")),
                span=Span(path, line, line),
            )
        )
    return found, diags


def _problem(item: Any) -> str:
    if not isinstance(item, dict):
        return "each entry is a mapping with printed, corrected, in, context, reason"
    unknown = set(item) - {"in", "printed", "corrected", "context", "reason", "note"}
    if unknown:
        return f"unknown key(s) {', '.join(sorted(map(str, unknown)))}"
    for key in ("printed", "corrected"):
        if not isinstance(item.get(key), (str, int)) or str(item.get(key)) == "":
            return f"'{key}' must be text"
    if item.get("reason", "other") not in REASONS:
        return f"'reason' must be one of {', '.join(REASONS)}"
    context = str(item.get("context", ""))
    if context and str(item["printed"]) not in context:
        return f"the context {context!r} does not contain the printed reading {item['printed']!r}"
    return ""


def _apply_one(text: str, e: Emendation) -> tuple[str, str]:
    """The text with the emendation applied, or the text and why it could not be."""
    context = e.context or e.printed
    plain_text = printed(text)
    count = plain_text.count(context)
    if count != 1:
        where = "not found" if count == 0 else f"found {count} times"
        return text, f"its context {context!r} is {where}"
    if CRITIC.search(text):  # earlier emendations: find the context in the printed text only
        start = _index_in_marked(text, plain_text.index(context))
        end = _index_in_marked(text, plain_text.index(context) + len(context))
        segment = text[start:end]
    else:
        start = text.index(context)
        segment = context
    inner = segment.replace(e.printed, f"{{~~{e.printed}~>{e.corrected}~~}}", 1)
    return text[:start] + inner + text[start + len(segment) :], ""


def _index_in_marked(text: str, plain_index: int) -> int:
    """The offset in a marked-up text of an offset in its printed form."""
    i = seen = 0
    while i < len(text):
        m = CRITIC.match(text, i)
        if m:
            length = len(m.group("printed"))
            if seen + length > plain_index:
                return i
            seen += length
            i = m.end()
            continue
        if seen == plain_index:
            return i
        seen += 1
        i += 1
    return len(text)


def apply(chapter: Chapter, emendations: Sequence[Emendation]) -> Chapter:
    """The chapter with its emendations applied, and a diagnostic for each."""
    if not emendations:
        return chapter
    paragraphs = {p.id: p for p in (*chapter.headnote, *chapter.paragraphs)}
    notes = {f"n{n.n}": n for n in chapter.notes}
    abbreviations = {f"abbr:{a.abbr}": a for a in chapter.abbreviations}
    texts: dict[str, str] = {
        **{k: p.text for k, p in paragraphs.items()},
        **{k: n.text for k, n in notes.items()},
        **{k: a.expansion for k, a in abbreviations.items()},
    }
    lines = {
        **{k: p.span.line for k, p in paragraphs.items()},
        **{k: n.span.line for k, n in notes.items()},
        **{k: a.span.line for k, a in abbreviations.items()},
    }
    diags: list[Diagnostic] = []
    for e in emendations:
        target = e.target or _find(texts, e.context or e.printed)
        if target not in texts:
            why = (
                f"no paragraph, note or abbreviation {e.target!r}"
                if e.target
                else f"its context {(e.context or e.printed)!r} is not found once in the chapter"
            )
            diags.append(_stale(e, why))
            continue
        text, problem = _apply_one(texts[target], e)
        if problem:
            diags.append(_stale(e, f"in {target}, {problem}"))
            continue
        texts[target] = text
        diags.append(
            diagnostic(
                "emended",
                chapter.meta.source,
                lines[target],
                f"{target}: {e.printed!r} reads {e.corrected!r} ({e.reason}; {e.span.path}:{e.span.line})",
            )
        )

    def para(p: Paragraph) -> Paragraph:
        return replace(p, text=texts[p.id])

    def note(n: Note) -> Note:
        return replace(n, text=texts[f"n{n.n}"])

    def abbr(a: Abbreviation) -> Abbreviation:
        return replace(a, expansion=texts[f"abbr:{a.abbr}"])

    return replace(
        chapter,
        headnote=tuple(para(p) for p in chapter.headnote),
        paragraphs=tuple(para(p) for p in chapter.paragraphs),
        notes=tuple(note(n) for n in chapter.notes),
        abbreviations=tuple(abbr(a) for a in chapter.abbreviations),
        emendations=tuple(emendations),
        diagnostics=tuple(sort_diagnostics([*chapter.diagnostics, *diags])),
    )


def _find(texts: dict[str, str], context: str) -> str:
    hits = [k for k, t in texts.items() if printed(t).count(context) == 1]
    total = sum(printed(t).count(context) for t in texts.values())
    return hits[0] if len(hits) == 1 and total == 1 else ""


def _stale(e: Emendation, why: str) -> Diagnostic:
    return diagnostic(
        "emendation-stale",
        e.span.path,
        e.span.line,
        f"emendation of {e.printed!r} not applied: {why}",
        "the source or the rules changed: give words around the reading that occur once",
    )


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_GLUED_NUMBER = re.compile(r"\b([a-z]{2,})(\d+)\b")
_ROMAN_II = re.compile(r"\b([A-Z][a-z]+) II ([A-Z][a-z]+)\b")
_LETTER_DIGIT = re.compile(r"[a-z]\d")


def suggestions(chapter: Chapter) -> list[Diagnostic]:
    """Likely conversion errors for the editors to review; they change nothing."""
    path = chapter.meta.source
    places: list[tuple[str, int, str]] = [
        (p.id, p.span.line, printed(p.text)) for p in (*chapter.headnote, *chapter.paragraphs)
    ]
    places += [(f"n{n.n}", n.span.line, printed(n.text)) for n in chapter.notes]
    places += [(f"abbr:{a.abbr}", a.span.line, printed(a.expansion)) for a in chapter.abbreviations]
    emended = {e.printed for e in chapter.emendations}
    tokens = [_WORD.findall(text) for _, _, text in places]  # each text scanned once
    surface = Counter(chain.from_iterable(tokens))
    words: Counter[str] = Counter()
    for w, n in surface.items():  # the same counts as counting the lower-cased words
        low = w.lower()
        words[low] = words.get(low, 0) + n  # not +=: a Counter's [] of a new word is slow
    # The words worth a look: seven letters or more (lower() keeps the length of these
    # ASCII letters), written once in the chapter, so in one place only.
    once = {w for w, n in surface.items() if n == 1 and len(w) >= 7 and words[w.lower()] == 1}
    # _respelled finds a word of the same letters, in another order, written three
    # times or more: any other word cannot be the answer, so a word whose sorted
    # letters match none of those is not tried.
    frequent = {"".join(sorted(w)) for w, n in words.items() if n >= 3 and len(w) >= 7}
    everything = " ".join(text.lower() for _, _, text in places)
    spaced = everything.replace("-", " ")
    diags: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()

    def suggest(where: str, line: int, found: str, better: str, why: str) -> None:
        if found in emended or (where, found) in seen:
            return
        seen.add((where, found))
        if found[:1].isupper() and better[:1].islower():
            better = better[0].upper() + better[1:]
        diags.append(
            diagnostic(
                "suggest-emendation",
                path,
                line,
                f"{where}: {found!r} may be {better!r} ({why})",
                "if so, record it in emendations.yaml; suggestions never change the text",
            )
        )

    for (where, line, text), found in zip(places, tokens, strict=True):
        # each pattern only where it can match: a lower-case letter before a digit, " II "
        glued = _GLUED_NUMBER.finditer(text) if _LETTER_DIGIT.search(text) else ()
        for m in glued:
            suggest(
                where, line, m.group(0), f"{m.group(1)} {m.group(2)}", "a word glued to a number"
            )
        for m in _ROMAN_II.finditer(text) if " II " in text else ():
            suggest(
                where,
                line,
                m.group(0),
                m.group(0).replace(" II ", " Il "),
                "II inside a name is often Il",
            )
        # the same tokens as those of set(found) that pass the tests of `once`; their
        # order does not matter, the suggestions are sorted by line and message
        for token in once.intersection(found):
            low = token.lower()
            split = _two_words(low, words, everything, spaced)
            if split:
                suggest(
                    where, line, token, split, "two words run together, written apart elsewhere"
                )
                continue
            near = _respelled(low, words) if "".join(sorted(low)) in frequent else ""
            if near:
                # its spellings in the order of surface (the first of the most used wins)
                size = len(near)
                forms = [w for w in surface if len(w) == size and w.lower() == near]
                shown = max(forms, key=lambda w: surface[w])
                suggest(
                    where, line, token, shown, f"written {shown!r} {words[near]} times elsewhere"
                )
    return sort_diagnostics(diags)


def _two_words(word: str, words: Counter[str], everything: str, spaced: str = "") -> str:
    """``biographyof`` → ``biography of``: the halves are words written apart (or
    hyphenated) elsewhere in the chapter, side by side.

    ``spaced``, if given, is ``everything`` with its hyphens made spaces: the halves
    hold neither (they are letters and apostrophes), so "a b" is in it exactly when
    "a-b" or "a b" is in ``everything``, and one search tells a pair that is in
    neither form (most are) instead of two.
    """
    for i in range(2, len(word) - 1):
        a = word[:i]
        # "in", not words[a]: every count is positive, and a Counter's [] of an absent
        # word calls __missing__, slowly
        if a in words:
            b = word[i:]
            # the hyphenated form if written so, else the two words: each searched once
            if b in words and (not spaced or f"{a} {b}" in spaced):
                if f"{a}-{b}" in everything:
                    return f"{a}-{b}"
                if f"{a} {b}" in everything:
                    return f"{a} {b}"
    return ""


def _respelled(word: str, words: Counter[str]) -> str:
    """A word the chapter uses three times or more with two letters swapped (``chiense``)."""
    for i in range(len(word) - 1):  # each swap of neighbours, looked up: no scan of the vocabulary
        if word[i] == word[i + 1]:
            continue  # swapping equal letters gives the word itself
        other = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if words.get(other, 0) >= 3:
            return other
    return ""


def targets(emendations: Iterable[Emendation]) -> set[str]:
    """The places the emendations name."""
    return {e.target for e in emendations if e.target}
