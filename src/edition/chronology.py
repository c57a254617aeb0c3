"""The chronology: every dated document of the notes and dated event of the text.

Documents come from the note trails (telegrams, letters, conversations,
orders, speeches, with their senders and recipients); events are the
sentences of the text that date something ("On 8 October Mao Zedong formally
issued the order…"). Dates are read in the forms the text uses, with their
precision: ``2 October 1950`` (day), ``October 1950`` (month), ``mid-May
1950`` (part of a month), ``Winter 1997`` (season), ``2, 3, and 5 January
1950`` and ``December 1949–February 1950`` (ranges, kept as ranges),
``8 [7] October 1950`` (uncertain: another reading in brackets). A day or a
month without its year takes the year from what the text said before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from edition.citations import sentences
from edition.emend import corrected
from edition.frozen import fast_pickle_module
from edition.markup import plain
from edition.model import Chapter

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH = "|".join(MONTHS)
_SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 12}
_PART = {"early": 5, "mid": 15, "late": 25}
_M = {m: i + 1 for i, m in enumerate(MONTHS)}

# One date: [early|mid-|late] [day [alt][, day…][ and day]] Month [year] | Month day, year | Season year
_ONE = (
    rf"(?:(?P<part>[Ee]arly|[Mm]id-|[Ll]ate)\s*(?:in\s+)?)?"
    rf"(?:(?P<days>\d{{1,2}}(?:\s*\[\d{{1,2}}\])?(?:(?:,\s*|\s*(?:–|-|to)\s*|,?\s+and\s+)\d{{1,2}}(?:\s*\[\d{{1,2}}\])?)*)\s+)?"
    rf"(?P<month>{_MONTH})(?:\s+(?P<usday>\d{{1,2}}),)?(?:\s+(?P<year>1[5-9]\d\d|20\d\d))?"
)
_DATE = re.compile(
    rf"(?<![\w-])(?:(?:[Ff]rom|[Bb]etween)\s+)?{_ONE}"
    rf"(?:\s*(?:–|-|to|and)\s*(?P<end>(?:(?:early|mid-|late)\s*)?(?:\d{{1,2}}\s+)?(?:{_MONTH})(?:\s+\d{{4}})?))?"
    rf"|(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?P<syear>1[5-9]\d\d|20\d\d)"
)


@dataclass(frozen=True, slots=True)
class When:
    """A date read from the text, with its precision."""

    text: str
    """As printed (``8 [7] October 1950``)."""
    start: tuple[int, int, int]
    """Year, month, day (0 when not given)."""
    end: tuple[int, int, int] | None
    """The end of a range, or ``None``."""
    precision: str
    """``day``, ``month``, ``season`` or ``year``."""
    qualifier: str
    """``early``, ``mid``, ``late`` or ""."""
    uncertain: bool
    """Another reading is given in brackets (``8 [7] October``)."""
    supplied: bool = False
    """The year is not printed with it but supplied from the text before (``8 October [1950]``)."""

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Where it falls in time: a part of a month by its middle, a whole month first."""
        y, m, d = self.start
        return (y, m, d or _PART.get(self.qualifier, 0))


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the chronology."""

    when: When
    """Its date."""
    kind: str
    """``document`` (cited in a note) or ``event`` (told in the text)."""
    what: str
    """For a document its type and title; for an event the sentence that tells it."""
    sender: str
    """Who sent or wrote a document."""
    recipient: str
    """To whom."""
    chapter: str
    """The chapter's slug."""
    places: tuple[str, ...]
    """Where it appears: ``p23``, ``h2`` or ``n35`` (a document cited in several notes, each)."""
    line: int
    """Its line in the source (of the first place)."""


def _end(text: str, start: tuple[int, int, int]) -> tuple[int, int, int]:
    m = re.search(rf"(?:(early|mid-|late)\s*)?(?:(\d{{1,2}})\s+)?({_MONTH})(?:\s+(\d{{4}}))?", text)
    if not m:
        return start
    month = _M[m.group(3)]
    year = int(m.group(4)) if m.group(4) else start[0] + (1 if month < start[1] else 0)
    day = int(m.group(2)) if m.group(2) else _PART.get((m.group(1) or "").rstrip("-"), 0)
    return (year, month, day)


@dataclass(slots=True)
class Context:
    """What the text has said about time so far: the year, and the last range of months."""

    year: int | None = None
    window: tuple[tuple[int, int], tuple[int, int]] | None = None
    """(year, month) at the start and end of the last range mentioned."""

    def year_of(self, month: int) -> int | None:
        """The year a month without one falls in: inside the last range if it can, else the year."""
        if self.window is not None:
            (y1, m1), (y2, m2) = self.window
            if y1 != y2 and month >= m1:
                return y1
            if y1 != y2 and month <= m2:
                return y2
        return self.year


# A year the text places us in ("in 1949", "from 1949"), not one it names ("the 1945 treaty").
_YEAR = re.compile(
    r"\b(?:[Ii]n|[Ff]rom|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Tt]hroughout)\s+(1[5-9]\d\d|20\d\d)(?![\d])"
)
# What every _DATE match holds (a month, or a season) and every _YEAR match (a year):
# most sentences have neither, and these literal alternatives are found much faster
# than the full patterns are tried at every position.
_DATE_HINT = re.compile("|".join([*MONTHS, *(s for w in _SEASONS for s in (w, w.capitalize()))]))
_YEAR_HINT = re.compile(r"1[5-9]\d\d|20\d\d")


def read_dates(text: str, context: Context) -> list[tuple[When, int]]:
    """The dates in a text, each with its offset; ``context`` is read and updated."""
    found: list[tuple[When, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text) if _DATE_HINT.search(text) else ():
        taken.append((m.start(), m.end()))
        if m.group("season"):
            y = int(m.group("syear"))
            season = _SEASONS[m.group("season").lower()]
            found.append((When(m.group(0), (y, season, 0), None, "season", "", False), m.start()))
            context.year = y
            continue
        month = _M[m.group("month")]
        days_text = m.group("days") or m.group("usday") or ""
        days = [int(x) for x in re.findall(r"(?<!\[)\b\d{1,2}\b(?!\])", days_text)]
        uncertain = "[" in days_text
        if m.group("year"):
            y = int(m.group("year"))
            inferred = False
        elif m.group("end") and re.search(r"\d{4}", m.group("end")):
            end_year = int(re.search(r"\d{4}", m.group("end")).group(0))  # type: ignore[union-attr]
            end_month = _M[re.search(_MONTH, m.group("end")).group(0)]  # type: ignore[union-attr]
            y = end_year - (1 if month > end_month else 0)
            inferred = False
        elif context.year_of(month) is not None:
            y, inferred = context.year_of(month), True  # type: ignore[assignment]
        else:
            continue  # a month with no year anywhere before: not datable
        part = (m.group("part") or "").rstrip("-").lower()
        start = (y, month, days[0] if days else 0)
        end: tuple[int, int, int] | None = None
        if len(days) > 1:
            end = (y, month, days[-1])
        if m.group("end"):
            end = _end(m.group("end"), start)
        precision = "day" if days else "month"
        found.append(
            (When(m.group(0).strip(), start, end, precision, part, uncertain, inferred), m.start())
        )
        if end is not None and (end[0], end[1]) != (start[0], start[1]):
            context.window = ((start[0], start[1]), (end[0], end[1]))
        elif not inferred:
            context.window = None
        context.year = end[0] if end else y
    years = _YEAR.finditer(text) if _YEAR_HINT.search(text) else ()
    for m in years:  # "in 1949": a year, when it is not part of a date above
        if not any(a <= m.start() < b for a, b in taken):
            context.year = int(m.group(1))
            context.window = None
    return found


def events(chapter: Chapter) -> list[Event]:
    """The dated documents and events of a chapter, in date order."""
    out: list[Event] = []
    context = Context()
    slug = chapter.meta.slug
    for p in (*chapter.headnote, *chapter.paragraphs):
        text = plain(corrected(p.text))
        if not (_DATE_HINT.search(text) or _YEAR_HINT.search(text)):
            # no sentence of it holds a month, season or year: read_dates would find
            # nothing in any and leave the context as it is
            continue
        for sentence in sentences(text):
            found = read_dates(sentence, context)
            dated = [w for w, _ in found if w.precision in ("day", "month")]
            what = sentence if len(sentence) <= 240 else sentence[:239].rsplit(" ", 1)[0] + "…"
            for i, w in enumerate(dated):
                # the first date of a sentence, and every other day it names
                if i == 0 or (w.precision == "day" and w.start != dated[0].start):
                    out.append(Event(w, "event", what, "", "", slug, (p.id,), p.span.line))
    # The index in ``out`` of the document of each _document_key: a document cited again
    # adds its note to the places of the first (``out`` holds one document per key).
    documents: dict[tuple[Any, ...], int] = {}
    for note in chapter.notes:
        for c in note.citations:
            for d in c.documents:
                if not d.date:
                    continue
                found = read_dates(d.date, Context())
                if not found:
                    continue
                title = d.title or ""
                what = d.type.capitalize() if d.type != "document" else (title and f"“{title}”")
                if title and d.type != "document":
                    # "Address: address at the Sixth Session…" says it twice
                    repeats = (
                        title.lower().startswith(d.type) or d.type in title.lower().split()[:4]
                    )
                    what = f"“{title}”" if repeats else f"{what}: “{title}”"
                event = Event(
                    found[0][0],
                    "document",
                    what or "Document",
                    d.sender,
                    d.recipient,
                    slug,
                    (f"n{note.n}",),
                    note.span.line,
                )
                key = _document_key(event)
                at = documents.get(key)
                if at is None:
                    documents[key] = len(out)
                    out.append(event)
                elif event.places[0] not in out[at].places:
                    same = out[at]
                    out[at] = replace(same, places=same.places + event.places)
    return sorted(out, key=lambda e: (e.when.sort_key, e.kind != "event", _order(e.places[0])))


def _document_key(e: Event) -> tuple[Any, ...]:
    """What one document cited in two notes has the same: date, sender, recipient and title."""
    return (e.when.start, e.what, e.sender, e.recipient)


def _order(place: str) -> tuple[int, int]:
    return ({"h": 0, "p": 1, "n": 2}[place[0]], int(place[1:]))


def label(w: When) -> str:
    """A date as the chronology shows it: as printed, a supplied year in brackets."""
    text = re.sub(r"^(?:[Ff]rom|[Bb]etween)\s+", "", w.text)
    text = re.sub(r"(?<=\d)-(?=[A-Z])", "–", text)  # December 1949-February 1950
    if w.supplied:
        text += f" [{w.end[0] if w.end else w.start[0]}]"
    return text[0].upper() + text[1:] if text[:1].islower() and w.qualifier else text


def merged(chapters: Sequence[Chapter]) -> list[Event]:
    """The chronology of several chapters together."""
    return sorted([e for c in chapters for e in events(c)], key=order)


def order(e: Event) -> tuple[Any, ...]:
    """Where an event goes in the chronology of several chapters: by date, an event
    before a document, then by chapter and place."""
    return (e.when.sort_key, e.kind != "event", e.chapter, _order(e.places[0]))


fast_pickle_module(globals())
