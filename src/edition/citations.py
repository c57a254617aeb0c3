"""Citations inside a note: split, classified, their locators and documents read.

A note is prose and citations mixed. This module reads one note's text on its
own, without the bibliography (resolving sources is :mod:`edition.trails`):

1. split into sentences (abbreviations such as ``ed.``, ``trans.``, ``nos.``,
   ``Calif.`` and initials do not end a sentence);
2. split each sentence at ``;`` outside brackets, before a parenthesis that
   holds a citation (``(see …)``, an unclosed ``(`` before a siglum), and at
   ``, and`` where the next citation starts after a locator or a quoted title;
3. strip each piece's lead-in (``For a detailed discussion, see``, ``see
   also``, ``see, for example,``), kept as the citation's ``lead``;
4. classify it: ``ibid`` (``ibid., 454``), ``siglum`` (``MZX, 4:1425–26``),
   ``document`` (a telegram, letter, speech or order, published in a siglum's
   collection, in ``ibid.`` or in a work named after ``in``), ``full`` (a
   reference with its publication facts), ``short`` (author and short title with
   a locator) or ``commentary`` (prose citing nothing);
5. read its locator (pages, ``vol:page``, ``ch. 9``, ``esp.`` pages) and, for a
   document, its type, sender, recipient, date and title.

Pieces that name no work of their own (``"The Current Situation …," 8 January
1949, and`` before the collection that holds it) are merged with the piece
that follows, so one citation covers several documents of one collection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from edition.model import Document

# Abbreviations that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    [
        "ed",
        "eds",
        "trans",
        "comp",
        "comps",
        "vol",
        "vols",
        "no",
        "nos",
        "esp",
        "ch",
        "chap",
        "chaps",
        "rev",
        "edn",
        "al",
        "p",
        "pp",
        "cf",
        "calif",
        "eng",
        "conn",
        "mass",
        "mo",
        "ky",
        "tenn",
        "tex",
        "ga",
        "wis",
        "minn",
        "colo",
        "mich",
        "ill",
        "ind",
        "ore",
        "wash",
        "fla",
        "penn",
        "va",
        "pa",
        "md",
        "jr",
        "sr",
        "dr",
        "mr",
        "mrs",
        "st",
        "repr",
        "col",
        "gen",
        "lt",
        # not "ibid" nor "cit": "Ibid. See also …" and "op. cit. See …" end a sentence
        "op",
        "esp",
        "e.g",
        "i.e",
        "fig",
        "n",
        "nn",
        "ff",
        "f",
        "ser",
        "sess",
        "cong",
        "doc",
        "docs",
        "dept",
        "univ",
        "inc",
        "co",
        "corp",
    ]
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
_DAY = r"\d{1,2}(?:\s*\[\d{1,2}\])?"
DATE = (
    rf"(?:(?:{_DAY}(?:,\s*{_DAY})*,?\s*(?:and|or|–|-)\s*)?{_DAY}\s+)?(?:{MONTHS})\s+\d{{4}}"
    rf"|(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}"
    rf"|(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|[Ee]arly|[Ll]ate|[Mm]id-)\s*\d{{4}}"
)
_DATE_RE = re.compile(DATE)
_PAGES = r"(?:pp?\.\s?)?(?:\d+:\s?)?\d+(?:\s?[–-]\s?\d+)?"  # "p." and "pp." too
LOCATOR = (
    rf"(?:(?:ch|chap)\.\s*\d+|(?:(?:vols?\.\s*\d+|nos?\.\s*[\d–-]+\s*(?:\[[^\]]*\]|\([^)]*\))?)[,:]?\s*)?{_PAGES}"
    rf"(?:,\s*{_PAGES})*(?:,?\s+and\s+passim)?|passim)(?:,\s*esp\.\s*{_PAGES}(?:,\s*{_PAGES})*)?"
)
_LOCATOR_END = re.compile(rf"(?:[,:]|\s(?=\d))\s*(?P<loc>{LOCATOR})\s*[.)]*$")
SIGLUM = r"[A-Z][A-Z0-9]{1,9}"
# after the siglum, a comma, or a space before "no." or a volume and page ("MZX
# 4:1487", the comma lost): what a siglum is followed by when it is cited
_AFTER_SIGLUM = r"(?:,\s*|\s+(?=nos?\.|\d+:\s?\d))"
_SIGLUM_CITE = re.compile(
    rf"^(?:in\s+)?\*{{0,2}}(?P<sig>{SIGLUM})\*{{0,2}}{_AFTER_SIGLUM}(?P<loc>.+?)\s*[.)]*$"
)
_SIGLUM_AT_END = re.compile(
    rf"(?P<pre>.*?)[,\s]\s*(?:in\s+)?\*{{0,2}}(?P<sig>{SIGLUM})\*{{0,2}}{_AFTER_SIGLUM}(?P<loc>{LOCATOR}|nos?\.\s*.+?)\s*[.)]*$"
)
_SIGLUM_MENTION = re.compile(rf"\*{{0,2}}\b(?P<sig>{SIGLUM})\b\*{{0,2}}")
# "ibid., 454", and "ibid. 454" with the comma lost (then only a locator may follow)
# "ibid." ("ibidem", German "ebd."/"ebenda") and the lawyers' "id." (with its
# locator: "Id., 241", "Id. at 241")
_IBID = re.compile(
    rf"^(?:ibid(?:em)?\.?|id\.|ebd\.|ebenda)(?:,\s*(?P<loc>.+?)|\s+(?:at\s+)?(?P<bare>{LOCATOR}))?\s*[.)]*$",
    re.IGNORECASE,
)
_IBID_AT_END = re.compile(r"(?P<pre>.*?),\s*ibid\.?(?:,\s*(?P<loc>.+?))?\s*[.)]*$", re.IGNORECASE)
_IN_WORK = re.compile(r"(?P<pre>.*?(?:,\"|,”|\d{4}|\]|\)),?)\s+in\s+(?P<work>[A-Z*].+)$")
_LEAD = re.compile(
    r"^(?P<lead>(?:.*?,\s*|.*?\b(?=[Ss]ee\s+(?:also|especially|in\s+particular|generally|further)\b)|"
    r".*?\s(?=(?:[Qq]uoted|[Cc]ited|[Rr]eprinted|[Ee]xcerpted|[Tt]ranslated)\s+in\s)|))"
    r"(?P<see>[Ss]ee(?:\s+(?:also|especially|in\s+particular|generally|further))*"
    r"(?:,?\s+for\s+examples?,?|,?\s+e\.g\.,?)?|[Cc]f\."
    r"|(?:[Aa]s\s+)?(?:[Qq]uoted|[Cc]ited|[Rr]eprinted|[Ee]xcerpted|[Tt]ranslated)\s+in)"
    r"\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
DOCUMENT_TYPES = (
    "telegram",
    "telegrams",
    "cable",
    "cables",
    "letter",
    "letters",
    "memorandum",
    "memo",
    "minutes",
    "conversation",
    "conversations",
    "record",
    "order",
    "instructions",
    "directive",
    "report",
    "speech",
    "address",
    "statement",
    "statements",
    "interview",
    "interviews",
    "message",
    "note",
    "diary",
)
_DOC_START = re.compile(
    rf"^(?P<type>{'|'.join(DOCUMENT_TYPES)}),\s+(?P<from>.+?)\s+to\s+(?P<to>.+?),\s+(?P<date>{DATE})",
    re.IGNORECASE,
)
_AUTHORED = re.compile(
    r"^(?P<author>[A-Z][^\",“”]{1,60}?)(?:'s)?,\s+[\"“](?P<title>[^\"”]+?)[,.]?[\"”]"
)
_TITLED = re.compile(r"^[\"“](?P<title>[^\"”]+?)[,.]?[\"”]")
_DESCRIBED = re.compile(
    rf"^(?P<author>[A-Z][\w'’ .-]{{1,40}}?)(?:'s|’s)\s+(?P<type>{'|'.join(DOCUMENT_TYPES)})\b(?P<title>[^,]*)",
    re.IGNORECASE,
)
# '"Title," 8 January 1949, and "Title," 23 May 1949, *Collection* (…)': documents in a work
_DATED_TITLES = re.compile(
    rf"^(?P<pre>(?:[^\"“]*?,\s+)?[\"“][^\"”]+[\"”],?\s*(?:{DATE})(?:,?\s+and\s+[\"“][^\"”]+[\"”],?\s*(?:{DATE}))*),\s+(?P<work>[*A-Z].+)$"
)
# Cheap tests of what a pattern's every match holds, tried before the pattern: a
# literal (with the pattern's flags) or a short piece of it, found much faster than
# the pattern is tried at every position. Without it the pattern cannot match.
# "bid" of every _IBID_AT_END match ("ibid" ignoring case, which also matches "İ"
# and "ı" to "i"): faster than the literal with IGNORECASE
_IBID_WORD = re.compile(r"[bB][iIİı][dD]")
_YEAR_DIGITS = re.compile(r"\d{4}")  # in every DATE match (each alternative ends with it)
# in every _SIGLUM_AT_END match
_SIGLUM_NEXT = re.compile(rf"{SIGLUM}\*{{0,2}}(?:,|\s+nos?\.|\s+\d+:\s?\d)")
_IN_NEXT = re.compile(r"\sin\s+[A-Z*]")  # in every _IN_WORK match
_PUBLICATION = re.compile(
    r"\([^()]*:\s*[^()]*\d{4}[^()]*\)"  # (Place: Publisher, 1994)
    r"|\b\d+\s*\((?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?\d{4}(?:[–-]\d{2,4})?\)"  # 21 (Winter 1997), 16 (15 June 1947)
    r"|\([A-Z][^():]*,\s*(?:1[5-9]|20)\d\d\)"  # (Stanford, Calif., 1976): a place, a year
    r"|\bnos?\.\s*[\d–-]+\s*\((?:[A-Za-z]+\s+)?\d{4}"  # no. 2 (1995)
    r"|\((?:[A-Z][\w.]*\s+)?(?:diss\.|dissertation|thesis|unpublished)[^()]*\d{4}\)"  # (PhD diss., …, 1990)
    r"|\*[^*]+\*\s*\([^)]*\),\s*\d{1,2}\s+(?:"
    + MONTHS
    + r")\s+\d{4}"  # *Renmin ribao* (…), 7 November 1948
)


def _published(text: str) -> bool:
    """Whether ``text`` holds publication facts (a :data:`_PUBLICATION` match)."""
    # every alternative of _PUBLICATION holds an opening parenthesis
    return "(" in text and _PUBLICATION.search(text) is not None


def _dated(text: str) -> bool:
    """Whether ``text`` holds a DATE (``re.search(DATE, text)``)."""
    return _YEAR_DIGITS.search(text) is not None and _DATE_RE.search(text) is not None


def _quoted(text: str) -> bool:
    """Whether ``text`` holds an opening quotation mark, which every match of
    :data:`_AUTHORED`, :data:`_TITLED` and :data:`_DATED_TITLES` holds."""
    return '"' in text or "“" in text


@dataclass(frozen=True, slots=True)
class Piece:
    """One citation of a note, read but not yet resolved to a source."""

    text: str
    """The citation as the note gives it (after its lead-in)."""
    kind: str
    """``full``, ``short``, ``ibid``, ``siglum``, ``document`` or ``commentary``."""
    locator: str = ""
    """Pages, ``vol:page``, chapter, ``esp.`` pages, as printed."""
    lead: str = ""
    """The lead-in before it (``For a more detailed discussion, see``)."""
    siglum: str = ""
    """The siglum it cites through (kinds ``siglum`` and ``document``)."""
    container: str = ""
    """For a document: ``siglum``, ``ibid``, ``work`` (then ``work`` holds the reference),
    ``archive`` (then ``work`` names the archive, the collection, the file) or
    ``interview`` (then ``work`` is the citation of the interview)."""
    work: str = ""
    """The reference text to match against the bibliography (``full``, ``short``, documents in a work)."""
    documents: tuple[Document, ...] = ()
    """The documents it names (kind ``document``)."""
    defines: str = ""
    """The siglum or short title it introduces for the work it cites, with
    ``(hereafter FRUS)``, ``hereafter cited as *Origins*``."""


# "(hereafter *FRUS*)", "(henceforth cited as ZEJW)", ", hereafter Kennan, *Memoirs*,":
# the form later notes cite the work by. In brackets, or after a comma or ";" up to
# the next ",", ";" or "." that ends it.
_HEREAFTER_WORD = (
    r"(?i:hereafter|henceforth|hereinafter)\b,?\s*(?:(?i:cited|referred\s+to|abbreviated)\s+as\s+)?"
)
HEREAFTER = re.compile(
    rf"\s*[(\[]\s*{_HEREAFTER_WORD}(?P<inside>[^()\[\]]+?)\s*[)\]]"
    rf"|(?:^|[,;]\s*){_HEREAFTER_WORD}(?P<after>\*[^*]+\*|[\"“][^\"”]+[\"”]|[A-Z][A-Za-z0-9]*(?:,\s*\*[^*]+\*)?)(?=\s*(?:[,;.]|$))"
)


HEREAFTER_WORD = re.compile(r"(?i:here(?:after|inafter)|henceforth)")
"""What every :data:`HEREAFTER` match holds: a cheap test before it."""


def hereafter(text: str) -> str:
    """The form a ``hereafter`` clause found by :data:`HEREAFTER` introduces, as
    later notes write it (``FRUS``, ``Kennan, Memoirs``): emphasis and quotes taken off."""
    return re.sub(r"[*_\"“”]", "", text).strip(" ,.")


_LAST_WORD = re.compile(r"([\w.]+)$")
_SENTENCE_MARK = re.compile(r"[.?!]")


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether the period at ``text[i]`` ends a sentence."""
    j = i + 1
    while j < len(text) and text[j] in "\"”’')]*_":
        j += 1
    if j >= len(text) or text[j] != " ":
        return False
    k = j + 1
    if k >= len(text) or not (text[k].isupper() or text[k] in '"“*_'):
        return False
    m = _LAST_WORD.search(text[max(0, i - 40) : i])  # bounded: no quadratic scan
    word = m.group(1) if m else ""
    if word.lower().rstrip(".") in _ABBREVIATIONS:
        return False
    # an initial ("Warren I. Cohen"), or initials run together ("U.S. Department")
    return not ((len(word) == 1 and word.isupper()) or _INITIALISM.fullmatch(word))


_INITIALISM = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _inside_quotes(text: str, start: int, i: int) -> bool:
    """Whether ``text[i]`` is inside a quotation opened since ``start`` and not yet
    closed (straight or curly double quotes)."""
    part = text[start:i]
    return part.count('"') % 2 == 1 or part.count("“") > part.count("”")


def sentences(text: str) -> list[str]:
    """The note's sentences."""
    out: list[str] = []
    start = 0
    for mark in _SENTENCE_MARK.finditer(text):  # the marks only, not every character
        i = mark.start()
        if text[i] != "." and _inside_quotes(text, start, i):
            continue  # "Empire by Invitation? The United States …": a title asks
        if _is_sentence_end(text, i):
            j = i + 1
            while j < len(text) and text[j] in "\"”’')]*_":
                j += 1
            out.append(text[start:j].strip())
            start = j
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


_BRACKET = re.compile(r"[()\[\]]")


def _matched_parens(text: str) -> dict[int, int]:
    """Opening bracket positions mapped to their closing one; unclosed ones left out."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKET.finditer(text):  # the brackets only, not every character
        if m.group() in "([":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _citation_like(text: str) -> bool:
    """Whether a parenthesis holds a citation rather than a gloss."""
    t = text.strip()
    return bool(_SEE.match(t) or _SIGLUM_START.match(t) or _INTERVIEW.search(t))


_SEE = re.compile(r"^(?:see|cf\.)\b", re.IGNORECASE)
_SIGLUM_START = re.compile(rf"^\*{{0,2}}{SIGLUM}\*{{0,2}}(?:,\s*\d|\s+\d+:\s?\d)")
_INTERVIEW = re.compile(r"\binterviews?\b", re.IGNORECASE)
_AND_NEXT = re.compile(
    r",?\s+and\s+(?=[\"“]|\*|[A-Z][a-z]+ [A-Z][a-z]+,|(?:" + "|".join(DOCUMENT_TYPES) + r"),)"
)
# Whether the text before ", and" ends a citation: a locator (_PAGES), a closing
# quote, a DATE or "ibid.". Every _PAGES and DATE match ends in a digit, and a
# final digit is a _PAGES match of its own, so the test is on the last five
# characters (the longest alternative, "ibid."), not a search of the whole text.
_CITATION_END = re.compile(r"(?:\d|[\"”]|ibid\.)$")
_ENTITY_END = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#[xX][0-9A-Fa-f]{1,6});$")


_CUT_MARK = re.compile(r"[;(]")


def _split_sentence(sentence: str) -> list[tuple[int, int]]:
    """A sentence cut at ``;``, around citing parentheses and before ``, and`` + a citation.

    Returns the pieces as ``(start, end)`` offsets in the sentence, stripped of
    the spaces and commas around them.
    """
    pairs = _matched_parens(sentence)
    spans = list(pairs.items())

    def depth_at(i: int) -> int:
        """The brackets open at ``i`` (a bracket counts at its own position)."""
        return sum(1 for o, c in spans if o <= i <= c)

    cuts: list[tuple[int, int]] = []  # (start, end) of separators to remove
    for mark in _CUT_MARK.finditer(sentence):  # the ";" and "(" only, not every character
        i = mark.start()
        if mark.group() == ";":
            if depth_at(i) == 0 and not _ENTITY_END.search(sentence[max(0, i - 12) : i + 1]):
                cuts.append((i, i + 1))
        elif i not in pairs:
            if _citation_like(sentence[i + 1 :]):
                cuts.append((i, i + 1))  # an unclosed "(" before a citation
        elif depth_at(i) == 1:
            inner = sentence[i + 1 : pairs[i]]
            if _citation_like(inner):
                cuts.append((i, i + 1))
                cuts.append((pairs[i], pairs[i] + 1))
    for m in _AND_NEXT.finditer(sentence):
        if depth_at(m.start()) != 0:
            continue
        before = sentence[: m.start()].rstrip()
        if _CITATION_END.search(before[-5:]):
            cuts.append((m.start(), m.end()))
    pieces: list[tuple[int, int]] = []
    start = 0
    for a, b in sorted(cuts):
        if a < start:
            continue
        pieces.append((start, a))
        start = b
    pieces.append((start, len(sentence)))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        while a < b and sentence[a] in " ,":
            a += 1
        while b > a and sentence[b - 1] in " ,":
            b -= 1
        if sentence[a:b].strip(" ,."):
            out.append((a, b))
    return out


def _strip_lead(piece: str) -> tuple[str, str]:
    """The lead-in (``For a discussion, see``) and the citation after it."""
    # _LEAD needs "[Ss]ee", "[Cc]f." or "quoted in" (cited, reprinted…): a piece holding
    # none of "ee", "f.", "ed in" has no lead
    m = _LEAD.match(piece) if "ee" in piece or "f." in piece or "ed in" in piece else None
    if m and len(m.group("lead")) < 200:
        rest = m.group("rest").strip()
        if rest[:1].islower() and not m.group("see").lower().startswith(("see", "cf")):
            return "", piece  # "reprinted in this volume": prose, no citation after it
        lead = (m.group("lead") + m.group("see")).strip()
        return lead, rest
    return "", piece


_YEAR_RANGE = re.compile(r"^(?:1[5-9]|20)\d\d\s?[–-]\s?(?:1[5-9]|20)\d\d,\s*")
# Ends of a text (once stripped of trailing spaces) tested on its last few
# characters, not searched for along the whole text: a month, "no."/"nos.", and
# "in"/"see" as a word. Each slice keeps the longest match and the character
# before it (what \b looks at); "$" after rstrip() is "\s*$" before it.
_MONTH_END = re.compile(rf"(?:{MONTHS})$")
_NUMBER_END = re.compile(r"\b(?:no|nos)\.$")
_IN_SEE_END = re.compile(r"\b(?:in|see)$")
_YEAR_ONLY = re.compile(r"1[5-9]\d\d|20\d\d")
_ISSUE = re.compile(r"^nos?\.\s*[\d–-]+\s*(?:\[[^\]]*\]|\([^)]*\))?[,:]?\s*")


def split_locator(text: str, issue: bool = True) -> tuple[str, str]:
    """The text without its trailing locator, and the locator.

    With ``issue`` false, an issue number before the pages (``no. 2 (1995):``)
    belongs to the reference, not to the locator.
    """
    m = _LOCATOR_END.search(text)
    if not m:
        return text.rstrip(" .)"), ""
    before = text[: m.start()]
    tail = before.rstrip()
    if _MONTH_END.search(tail[-9:]) or _NUMBER_END.search(tail[-6:]):  # "September", " nos."
        return text.rstrip(" ."), ""
    loc = m.group("loc").strip()
    cut = m.start("loc")
    while True:  # "1949–1956, 16–27": a year range is part of the title
        year_range = _YEAR_RANGE.match(loc)
        if not year_range:
            break
        cut += year_range.end()
        loc = loc[year_range.end() :]
    if not issue:
        number = _ISSUE.match(loc)
        if number:
            cut += number.end()
            loc = loc[number.end() :]
    if _YEAR_ONLY.fullmatch(loc) and not tail.endswith((")", "):")):
        return text.rstrip(" ."), ""  # a year, not a page
    return text[:cut].rstrip(" ,:"), loc


def _documents(desc: str) -> tuple[Document, ...]:
    """The documents named in a citation's description."""
    found: list[Document] = []
    for part in re.split(
        r",?\s+and\s+(?=(?:" + "|".join(DOCUMENT_TYPES) + r"),|[\"“])", desc, flags=re.IGNORECASE
    ):
        part = part.strip().strip(",")
        m = _DOC_START.match(part)
        if m:
            found.append(
                Document(
                    _singular(m.group("type")),
                    "",
                    m.group("date"),
                    m.group("from").strip(),
                    m.group("to").strip(),
                )
            )
            continue
        date_m = _DATE_RE.search(part) if _YEAR_DIGITS.search(part) else None
        date = date_m.group(0) if date_m else ""
        quoted = _quoted(part)
        m2 = _AUTHORED.match(part) if quoted else None
        if m2:
            found.append(
                Document(
                    _type_of(m2.group("title")),
                    m2.group("title").strip(),
                    date,
                    m2.group("author").strip(),
                )
            )
            continue
        m3 = _TITLED.match(part) if quoted else None
        if m3:
            found.append(Document(_type_of(m3.group("title")), m3.group("title").strip(), date))
            continue
        m4 = _DESCRIBED.match(part)
        if m4:
            kind = _singular(m4.group("type"))
            title = f"{m4.group('type')}{m4.group('title')}".strip(" ,")
            found.append(Document(kind, title, date, m4.group("author").strip()))
            continue
        m5 = re.match(
            rf"^(?:his|her|their)\s+(?P<type>{'|'.join(DOCUMENT_TYPES)})\b(?P<rest>.*)$",
            part,
            re.IGNORECASE,
        )
        if m5:
            title = f"{m5.group('type')}{m5.group('rest')}".strip(" ,")
            found.append(Document(_singular(m5.group("type")), title, date))
            continue
        if part:
            found.append(Document("document", part, date))
    return tuple(found)


def _singular(word: str) -> str:
    """``telegrams`` → ``telegram``; ``minutes`` and ``instructions`` stay as they are."""
    word = word.lower()
    if word in ("minutes", "instructions") or not word.endswith("s") or word.endswith("ss"):
        return word
    return word[:-1]


def _type_of(title: str) -> str:
    """A document's type from its title (``"Conversation between …"`` is a conversation)."""
    first = re.findall(r"[A-Za-z]+", title.lower())
    for word in first[:4]:
        if word in DOCUMENT_TYPES:
            return _singular(word)
    return "document"


def _names_no_work(piece: str) -> bool:
    """A piece that cannot stand alone: a document or title waiting for its collection."""
    # The cheap, anchored tests first: most pieces fail them (the tests have no
    # side effects, so their order does not change the answer).
    quoted = _quoted(piece)
    if not (
        (quoted and _TITLED.match(piece))
        or _DOC_START.match(piece)
        or (quoted and _AUTHORED.match(piece))
    ):
        return False
    if _IN_SEE_END.search(piece.rstrip()[-4:]):  # " see"
        return False
    _, loc = split_locator(piece)
    if (
        loc
        or _IBID.match(piece)
        or (_IBID_WORD.search(piece) and _IBID_AT_END.match(piece))
        or (_SIGLUM_NEXT.search(piece) and _SIGLUM_AT_END.match(piece))
    ):
        return False
    return not (
        _published(piece)
        or (_IN_NEXT.search(piece) and _IN_WORK.match(piece))
        or _ARCHIVE.search(piece)  # held in an archive: it names where it is
    )


def classify(piece: str, lead: str = "") -> Piece:
    """One citation, classified, with its locator and documents."""
    return _classify(piece, lead, piece)


def _classify(piece: str, lead: str, shown: str) -> Piece:
    """:func:`classify` of ``piece``, its ``text`` given as ``shown`` (the piece as the
    note prints it): one Piece made, instead of one made and a copy."""
    text = piece.strip().rstrip(".").strip()
    m = _IBID.match(text)
    if m:
        return Piece(shown, "ibid", (m.group("loc") or m.group("bare") or "").strip(), lead)
    m = _SIGLUM_CITE.match(text)
    if m and re.match(r"^(?:nos?\.|vols?\.|pp?\.|\d)", m.group("loc")):
        return Piece(shown, "siglum", m.group("loc").strip(), lead, siglum=m.group("sig"))
    m = _IBID_AT_END.match(text) if _IBID_WORD.search(text) else None
    if m and m.group("pre").strip():
        return Piece(
            shown,
            "document",
            (m.group("loc") or "").strip(),
            lead,
            container="ibid",
            documents=_documents(m.group("pre")),
        )
    m = _SIGLUM_AT_END.match(text) if _SIGLUM_NEXT.search(text) else None
    if m and m.group("pre").strip() and not _published(m.group("pre")):
        return Piece(
            shown,
            "document",
            m.group("loc").strip(),
            lead,
            siglum=m.group("sig"),
            container="siglum",
            documents=_documents(m.group("pre")),
        )
    m = _IN_WORK.match(text) if _IN_NEXT.search(text) else None
    if m and (
        _DOC_START.match(m.group("pre"))
        or _dated(m.group("pre"))
        or re.match(r"^(?:his|her|their)\b", m.group("pre"))
    ):
        work, loc = split_locator(m.group("work"))
        sig = _SIGLUM_CITE.match(m.group("work"))
        if sig:
            return Piece(
                shown,
                "document",
                sig.group("loc").strip(),
                lead,
                siglum=sig.group("sig"),
                container="siglum",
                documents=_documents(m.group("pre")),
            )
        return Piece(
            shown,
            "document",
            loc,
            lead,
            container="work",
            work=work,
            documents=_documents(m.group("pre")),
        )
    held = _DATED_TITLES.match(text) if _quoted(text) else None
    if held and _published(held.group("work")):
        work, loc = split_locator(held.group("work"), issue=False)
        return Piece(
            shown,
            "document",
            loc,
            lead,
            container="work",
            work=work,
            documents=_documents(held.group("pre")),
        )
    held_at = (
        _ARCHIVE.search(text)
        if any(hint in text for hint in _ARCHIVE_HINTS) and not _published(text)
        else None
    )
    if held_at is not None and (_dated(text) or _DOC_START.match(text)):
        date = _DATE_RE.search(text, 0, held_at.start())
        if date is not None or _DOC_START.match(text):
            # the archive's part: after the date, else the part of the citation
            # (between commas) that names it
            start = date.end() if date else text.rfind(",", 0, held_at.start()) + 1
            return Piece(
                shown,
                "document",
                "",
                lead,
                container="archive",
                work=_unstop(piece.strip()[start:].strip(" ,;)")),
                documents=_documents(text[:start].strip(" ,;")),
            )
    m = AUTHOR_DATE.match(text) if _AUTHOR_YEAR_DIGITS.search(text) else None
    if m and m.group("names").split()[0] not in _NOT_NAMES:
        # "Westad 1998, 298–300": the author and the year name the work (author-date)
        work = f"{m.group('names')} {m.group('year')}"
        return Piece(shown, "short", (m.group("loc") or "").strip(), lead, work=work)
    paper = _NEWSPAPER.match(text) if "*" in text else None
    if paper is not None and not _quoted(paper.group("pre") or ""):
        # "*New York Times*, 5 June 1947, 1": an item of a newspaper, by its date
        kind = (paper.group("pre") or "").strip().lower()
        return Piece(
            shown,
            "document",
            (paper.group("loc") or "").strip(),
            lead,
            container="work",
            work=f"*{paper.group('paper')}*",
            documents=(
                Document(
                    _singular(kind) if kind in DOCUMENT_TYPES else "article",
                    "",
                    paper.group("date"),
                ),
            ),
        )
    work, loc = split_locator(text, issue=False)
    if _published(text):
        return Piece(shown, "full", loc, lead, work=work)
    if (loc and re.search(r"[A-Za-z]{3,}", work)) or OP_CIT.search(work):
        return Piece(shown, "short", loc, lead, work=work)  # "loc. cit." may have no page
    if _INTERVIEW.search(text):  # the same pattern: an interview, unpublished
        return Piece(
            shown,
            "document",
            "",
            lead,
            container="interview",
            work=_unstop(piece.strip()),
            documents=_documents(text),
        )
    if "://" in text and _WEB.search(text):  # a page on the web, by its address
        return Piece(shown, "full", "", lead, work=text)
    return Piece(shown, "commentary", "", lead)


_ARCHIVE = re.compile(
    r"\b(?:RG|Record Group)\s*\d+|\b(?:National\s+)?Archives?\b|\bArchiv\w*|\bPapers\b"
    r"|\bLibrary\b|\b(?:Box|Folder|File)\s+\d+|\b[Ff](?:ond)?\.?\s*\d+,\s*op\.\s*\d+"
    r"|\b(?:FO|CAB|PREM|WO|DEFE)\s*\d+/\d+"
)
"""Where an unpublished document is kept: a record group, an archive, a collection of
papers, a library, a box or folder, a Russian archive's fond and opis, a file of the
British National Archives."""
_ARCHIVE_HINTS = (
    "RG",
    "Record",
    "Archiv",
    "Papers",
    "Library",
    "Box",
    "Folder",
    "File",
    "op.",
    "/",
)
"""Text every :data:`_ARCHIVE` match holds one of (tested before it, much faster)."""


def _unstop(text: str) -> str:
    """``text`` without the period that ends the citation, unless an abbreviation
    ends with it (``Washington, D.C.``, ``Mo.``)."""
    if not text.endswith("."):
        return text
    last = _LAST_WORD.search(text[:-1])
    word = last.group(1) if last else ""
    if _INITIALISM.fullmatch(word) or len(word) == 1 or word.lower() in _ABBREVIATIONS:
        return text
    return text[:-1]


_NEWSPAPER = re.compile(
    rf"^(?:(?P<pre>[^*]+?),\s+)?\*(?P<paper>[^*]+)\*(?:\s*\([^)]*\))?,\s*(?P<date>{DATE})"
    r"(?:,\s*(?P<loc>(?:(?:pp?|sec)\.\s*)?[\w–-]+))?$"
)
"""An item of a newspaper cited by its date: ``*New York Times*, 5 June 1947, 1``,
``Editorial, *Renmin ribao* (People's Daily), 10 October 1950``."""
_WEB = re.compile(r"\bhttps?://\S+")

_NAME = r"[A-Z][\w'’-]*"
AUTHOR_DATE = re.compile(
    rf"^(?P<names>{_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+){_NAME})*"
    rf"(?:,?\s+et\s+al\.?)?),?\s+(?P<year>1[5-9]\d\d[a-z]?|20\d\d[a-z]?)"
    rf"(?:,\s*(?P<loc>{LOCATOR}))?\s*[.)]*$"
)
"""A short form of the author-date system: the authors' names, the year (with a
letter when the author has two works of that year), and the pages."""
_AUTHOR_YEAR_DIGITS = re.compile(r"\s(?:1[5-9]|20)\d\d")  # in every AUTHOR_DATE match
_NOT_NAMES = frozenset(
    (
        "In",
        "By",
        "On",
        "At",
        "From",
        "Since",
        "Until",
        "After",
        "Before",
        "During",
        "The",
        "See",
        "Also",
        "Cf",
        "And",
        "Or",
        "Of",
        "For",
        "To",
    )
)
"""Capitalised words that begin a sentence with a year, not an author's name."""

OP_CIT = re.compile(r"\b(?:op|loc)\.?\s*cit\b\.?", re.IGNORECASE)
"""``op. cit.`` or ``loc. cit.``: "the work of this author cited before" (a short form)."""

_LOCATOR_ONLY = re.compile(rf"^(?:{LOCATOR})\.?$")
_AND_START = re.compile(r"^and\s+")


@dataclass(slots=True)
class _Raw:
    """A piece while it is read: its lead-in, its text (for classifying) and where it stood."""

    lead: str
    text: str
    sentence: int
    start: int
    end: int
    defines: str = ""


def parse(text: str) -> list[Piece]:
    """The citations of one note, in order; each ``text`` is as the note gives it."""
    said = sentences(text)
    raw: list[_Raw] = []
    for si, sentence in enumerate(said):
        for a, b in _split_sentence(sentence):
            lead, rest = _strip_lead(sentence[a:b])
            rest = _AND_START.sub("", rest)
            start = b - len(rest)
            defines = ""
            clause = HEREAFTER.search(rest) if HEREAFTER_WORD.search(rest) else None
            if clause is not None:
                defines = hereafter(clause.group("inside") or clause.group("after"))
                if clause.start() == 0 and not rest[clause.end() :].strip(" ,;."):
                    # "…, 352; hereafter cited as *Origins*.": a clause cut off by the
                    # split belongs to the citation before it in the sentence
                    if raw and raw[-1].sentence == si:
                        raw[-1].defines = defines
                        raw[-1].end = b
                    continue
                # read without the clause (its locator may come before it)
                rest = (rest[: clause.start()] + rest[clause.end() :]).strip()
            if raw and raw[-1].sentence == si and _LOCATOR_ONLY.match(rest):
                # "*China's Road to the Korean War*; ch. 5": a stray ";" before a locator
                raw[-1].text = f"{raw[-1].text}, {rest}"
                raw[-1].end = b
                continue
            raw.append(_Raw(lead, rest, si, start, b, defines))

    def original(first: _Raw, last: _Raw) -> str:
        if first.sentence == last.sentence:
            return said[first.sentence][first.start : last.end]
        return f"{said[first.sentence][first.start :]} {said[last.sentence][: last.end]}"

    pieces: list[Piece] = []
    i = 0
    while i < len(raw):
        lead, rest = raw[i].lead, raw[i].text
        j = i
        # documents or titles that wait for the collection named after them
        waiting = _names_no_work(rest)  # of the current ``rest``, tested once
        while waiting and j + 1 < len(raw):
            if classify(raw[j + 1].text).kind != "document":
                break
            j += 1
            rest = f"{rest}, and {raw[j].text}"
            waiting = _names_no_work(rest)
        shown = original(raw[i], raw[j])
        if waiting:
            piece = Piece(shown, "full", "", lead, work=rest.rstrip(" ."))
        else:
            piece = _classify(rest, lead, shown)
        defines = raw[j].defines or raw[i].defines
        pieces.append(replace(piece, defines=defines) if defines else piece)
        i = j + 1
    return pieces
