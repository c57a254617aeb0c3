"""The register of persons, places and organisations, and the index built on it.

``corpus/register.yaml`` is kept by the editors, for the whole edition::

    - name: Stalin, Joseph          # as the index shows it (and sorts it)
      type: person                  # person, place or organisation
      forms: [Stalin, Filippov [Stalin], Fyn Si [Stalin]]
      about: General Secretary of the Communist Party of the Soviet Union
      dates: 1878–1953

Every form is found wherever it occurs in the text, the headnote and the
notes — as a whole word, capitals as given, a possessive ``'s`` allowed, the
longest form first so that ``Mao Zedong`` is not also counted as ``Mao`` —
in the corrected reading of the text. The index lists, for each entry, every
paragraph and note where it occurs. ``edition check`` reports forms that
never occur (``register-unused-form``) and names that occur often but are
not in the register (``register-candidate``), to help the editors grow it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from edition.corpus import parse_yaml
from edition.diagnostics import Diagnostic, diagnostic
from edition.emend import corrected
from edition.frozen import fast_pickle_module
from edition.model import Chapter, Span

TYPES = ("person", "place", "organisation")
_STOP_CAPS = frozenset(
    "The A An In On At For From By To Of And But Or As After Before During While When Where Although "
    "Yet If Since Because Mao's This That These Those It Its He His She Her They Their We Our "
    "See Telegram Letter Chinese Soviet American Korean Russian Western Eastern North South".split()
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One person, place or organisation of the register."""

    name: str
    """As the index shows it (``Stalin, Joseph``)."""
    type: str
    """``person``, ``place`` or ``organisation``."""
    forms: tuple[str, ...]
    """Every way the text may write it."""
    about: str
    """A one-line identification."""
    dates: str
    """Dates, for a person."""
    span: Span
    """Where it is in the register."""

    @property
    def slug(self) -> str:
        """A URL-safe anchor for it."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where an entry occurs."""

    chapter: str
    """The chapter's slug."""
    place: str
    """``p12``, ``h2`` or ``n38``."""
    form: str
    """The form found there (first one, if several)."""


def parse_register(text: str, path: str) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries of ``register.yaml``."""
    import yaml

    try:
        items = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        _, _, diags = parse_yaml(text, path)
        return [], diags
    if items is None:
        return [], []
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        return [], [diagnostic("metadata-type", path, 1, "register.yaml must be a list of entries")]
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    for item, item_node in zip(items, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.append(
                diagnostic("metadata-type", path, line, "a register entry needs a 'name'")
            )
            continue
        kind = item.get("type", "person")
        if kind not in TYPES:
            problems.append(
                diagnostic("metadata-type", path, line, f"'type' must be one of {', '.join(TYPES)}")
            )
            continue
        forms = item.get("forms") or [item["name"]]
        if isinstance(forms, str):
            forms = [forms]
        if not all(isinstance(f, str) and f.strip() for f in forms):
            problems.append(
                diagnostic("metadata-type", path, line, "'forms' must be a list of text")
            )
            continue
        entries.append(
            Entry(
                item["name"],
                kind,
                tuple(forms),
                str(item.get("about", "")),
                str(item.get("dates", "")),
                Span(path, line, line),
            )
        )
    return entries, problems


def _places(chapter: Chapter) -> list[tuple[str, str, int]]:
    """Every text of a chapter a name can occur in: (place, corrected plain text, line)."""
    texts = [(p.id, p.text, p.span.line) for p in (*chapter.headnote, *chapter.paragraphs)]
    texts += [(f"n{n.n}", n.text, n.span.line) for n in chapter.notes]
    return [(where, corrected(text), line) for where, text, line in texts]


def _pattern(forms: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted(forms, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:['’]s)?(?![\w-])")


def index(entries: Sequence[Entry], chapters: Sequence[Chapter]) -> dict[str, list[Occurrence]]:
    """Each entry's occurrences (by its ``name``), in reading order, each place once."""
    # One pass per text: the longest form wins wherever forms of two entries overlap.
    owner: dict[str, Entry] = {}
    for e in entries:
        for f in e.forms:
            owner.setdefault(f, e)
    found: dict[str, list[Occurrence]] = {e.name: [] for e in entries}
    if not owner:
        return found
    pattern = _pattern(list(owner))
    for chapter in chapters:
        for where, text, _line in _places(chapter):
            seen: set[str] = set()
            for m in pattern.finditer(text):
                form = re.sub(r"['’]s$", "", m.group(0))
                entry = owner.get(form) or owner.get(m.group(0))
                if entry is None or entry.name in seen:
                    continue
                seen.add(entry.name)
                found[entry.name].append(Occurrence(chapter.meta.slug, where, form))
    return found


def check(
    entries: Sequence[Entry], chapters: Sequence[Chapter], occurrences: dict[str, list[Occurrence]]
) -> list[Diagnostic]:
    """Forms that never occur, and frequent names the register lacks."""
    diags: list[Diagnostic] = []
    texts = [text for chapter in chapters for _w, text, _l in _places(chapter)]
    for e in entries:
        for f in e.forms:
            single = _pattern([f])
            if not any(single.search(t) for t in texts):
                diags.append(
                    diagnostic(
                        "register-unused-form",
                        e.span.path,
                        e.span.line,
                        f"{e.name}: the form {f!r} occurs nowhere in the edition",
                    )
                )
    known = _pattern([f for e in entries for f in e.forms]) if entries else None
    counts: Counter[str] = Counter()
    in_text: set[str] = set()
    first: dict[str, tuple[str, int]] = {}
    name = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?![\w])")
    for chapter in chapters:
        for _where, text, line in _places(chapter):
            if known is not None:
                text = known.sub(" ", text)
            for m in name.finditer(text):
                words = m.group(1).split()
                while words and words[0] in _STOP_CAPS:
                    words = words[1:]
                if len(words) < 2:
                    continue
                candidate = " ".join(words)
                counts[candidate] += 1
                if not _where.startswith("n"):
                    in_text.add(candidate)
                first.setdefault(candidate, (chapter.meta.source, line))
    for candidate, n in sorted(counts.items()):
        if n >= 3 and candidate in in_text:  # names only in citations are authors and publishers
            path, line = first[candidate]
            diags.append(
                diagnostic(
                    "register-candidate",
                    path,
                    line,
                    f"{candidate!r} occurs {n} times but is not in the register",
                    "add it to register.yaml if it is a person, place or organisation",
                )
            )
    return diags


fast_pickle_module(globals())
