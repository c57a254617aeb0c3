"""Note trails: every citation resolved to the work it cites, every work to its notes.

A pure stage over a linked chapter and the editors' bibliography. For each
note, :mod:`edition.citations` reads the citations; here each gets its source:

- a **full** reference → the entry it describes, matched on title words and
  the names of its authors or editors; tolerant of the print's typos and the
  converter's lost spaces (``Biographyof``, ``Korea War``, ``Zhong-hua``);
- a **short** form → the same work as its full reference, earlier in the
  chapter (``short-before-full`` when the full form only comes later); a short
  form of a *document* (``Zhou Enlai, "The Enemy's Defeat …," 292–307``) → the
  collection that published it;
- **ibid.** → the work of the citation just before it: in the same note, else
  the last of the previous note (``ambiguous-ibid`` when that note cites
  several works);
- an **author and year** (``Westad 1998, 300``, the author-date system) → the
  entry of that first author and year (none if several are);
- **op. cit.** (``Westad, op. cit., 300``; or ``loc. cit.``) → the work of
  that author cited last before it (``ambiguous-op-cit`` when several of the
  author's works were cited before);
- a **siglum** → the entry whose ``shorthand`` it is;
- a **document** → the collection it is published in (siglum, ``ibid.`` or a
  work named after ``in``), keeping the document itself as data; a "document"
  that is in fact an article with its own entry (an article in a journal cited
  by siglum) is a full reference to that article.

What cannot be resolved is ``unresolved-citation``, with the closest entries as
hint. The chapter then knows, for each work, the notes that cite it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from edition import citations as cite
from edition import export
from edition.diagnostics import Diagnostic, diagnostic, sort_diagnostics
from edition.model import Chapter, Citation, Document, Note, Source, SourceUse

_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "on",
        "to",
        "for",
        "at",
        "by",
        "with",
        "from",
        "into",
        "over",
        "under",
        "its",
        "their",
        "his",
        "her",
        "as",
        "or",
    ]
)
_NAME_PREFIX = re.compile(r"^\*?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*(?:\s+et al\.)?\*?,")
THRESHOLD = 0.75
"""The share of an entry's title words a citation must give to match it."""
_APOSTROPHES = re.compile(r"['’‘`]")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_WORDS = re.compile(r"\w+")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


def words(text: str) -> list[str]:
    """Significant words, normalised: case, accents, apostrophes and inner hyphens dropped."""
    if not text.isascii():  # ASCII is its own NFKD form, with no combining marks
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = _APOSTROPHES.sub("", text.casefold())
    text = _INNER_HYPHEN.sub("", text)
    return [w for w in _WORDS.findall(text) if w not in _STOP]


@lru_cache(maxsize=1 << 16)
def _close(a: str, b: str) -> bool:
    """Whether two words are the same but for a typo or a lost space (``korea``/``korean``)."""
    if a == b:
        return True
    if len(a) >= 4 and len(b) > len(a) and (b.startswith(a) or b.endswith(a)):
        return True  # "biographyof" holds "biography"
    return _misspelt(a, b)


def _misspelt(a: str, b: str) -> bool:
    """Whether two different words are one with a typo: five letters or more, the same
    first letter, one edit apart (two from eight letters). For names, without
    :func:`_close`'s prefixes: a name that begins another, "Zhan" and "Zhang", is
    another name."""
    if a == b or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2 or a[0] != b[0]:
        return False
    return _edit_distance(a, b, 2 if min(len(a), len(b)) >= 8 else 1)


def _edit_distance(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance between ``a`` and ``b`` is at most ``limit``.

    Without the table of the textbook algorithm: a common prefix and a common
    suffix do not change the distance, so both are dropped; the first letters
    left then differ, and the distance is one more than the least of the
    distances after a substitution, a deletion or an insertion there, each
    tried with one edit less. With one edit left, the first difference is the
    edit: the rest after it is the same (a substitution), or ``a`` from it is
    ``b`` after it (an insertion). With the limits used here (1 or 2) that is a
    few comparisons instead of a table of every pair of letters.
    """
    if len(a) > len(b):
        a, b = b, a  # the distance is symmetric
    n, m = len(a), len(b)
    if m - n > limit:
        return False  # at least one insertion per extra letter
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    if i == n:
        return True  # a begins b: the m - n letters left are inserted
    if limit == 0:
        return False
    if limit == 1:  # one substitution at i, or one insertion into a at i
        return a[i + 1 :] == b[i + 1 :] if n == m else a[i:] == b[i + 1 :]
    while n > i and a[n - 1] == b[m - 1]:
        n -= 1
        m -= 1
    a, b = a[i:n], b[i:m]
    limit -= 1
    return (
        _edit_distance(a[1:], b[1:], limit)
        or _edit_distance(a[1:], b, limit)
        or _edit_distance(a, b[1:], limit)
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    source: Source
    full: tuple[str, ...]
    main: tuple[str, ...]
    short: tuple[str, ...]
    persons: frozenset[str]
    given: frozenset[str]
    names: frozenset[str] = frozenset()
    """``persons | given``."""
    title: frozenset[str] = frozenset()
    """The words of ``full`` and ``short``."""


def title_words(text: str) -> tuple[str, ...]:
    """A title's significant words, without the years a title may carry (``1949–1956``)."""
    return tuple(w for w in words(text) if not _YEAR.fullmatch(w))


class Matcher:
    """Entries indexed for matching citations against them.

    Besides the entries, it indexes their title words (the vocabulary) so that
    the entry words :func:`_close` to a citation's word are looked up instead of
    compared one by one with every word of the citation: see :meth:`_near`.
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        self.entries: list[_Entry] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self._vocabulary: set[str] = set()
        self._by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)
        """Vocabulary words of five letters or more, by their first letter and length."""
        self._by_affix: dict[str, set[str]] = defaultdict(set)
        """Vocabulary words by each of their proper prefixes and suffixes of four letters or more."""
        self._near_words: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._distinct: list[tuple[frozenset[str] | None, ...]] = []
        """For each entry, the words of its full, main and short title as a set, or
        ``None`` for a title that repeats a word (then counted one by one)."""
        for source in sources:
            title = source.get("title")
            people = [n for role in ("author", "editor", "editora") for n in source.names(role)]
            persons = frozenset(w for n in people for w in words(n.family))
            given = frozenset(w for n in people for w in words(n.given))
            entry = _Entry(
                source,
                title_words(title),
                title_words(title.split(":")[0]),
                title_words(source.get("shorttitle")),
                persons,
                given,
            )
            entry = replace(
                entry, names=persons | given, title=frozenset((*entry.full, *entry.short))
            )
            index = len(self.entries)
            self.entries.append(entry)
            self._distinct.append(
                tuple(
                    frozenset(ws) if len(set(ws)) == len(ws) else None
                    for ws in (entry.full, entry.main, entry.short)
                )
            )
            for w in {*entry.full, *entry.short}:
                self.by_word[w].append(index)
            self._vocabulary.update(entry.full, entry.main, entry.short)
        self._heads = {w[:4] for w in self._vocabulary if len(w) >= 4}
        """The first four letters of the vocabulary words of four letters or more."""
        self._tails = {w[-4:] for w in self._vocabulary if len(w) >= 4}
        """Their last four letters."""
        self._similar: dict[tuple[str, int], list[tuple[str, int]]] = {}
        """For a word's initial and length, the vocabulary words that may be within the
        edit distance _close allows, each with that distance (filled as needed)."""
        for w in sorted(self._vocabulary):
            if len(w) >= 5:
                self._by_initial[w[0], len(w)].append(w)
            for k in range(4, len(w)):
                self._by_affix[w[:k]].add(w)
                self._by_affix[w[-k:]].add(w)

    def _near(self, c: str) -> tuple[frozenset[str], frozenset[str]]:
        """The vocabulary words ``w`` with ``_close(w, c)``, and those with ``_close(w, c)``
        or ``_close(c, w)``: the same as testing every word, found through the indexes.

        :func:`_close` holds for equal words, for a word of four letters or more that
        begins or ends a longer one (a proper prefix or suffix of ``c``, looked up;
        or, the other way, a vocabulary word that ``c`` begins or ends, from
        ``_by_affix``), and otherwise only for words of five letters or more with
        the same first letter and lengths at most two apart (from ``_by_initial``).
        Memoised by word for the matcher's lifetime: a bibliography's vocabulary
        against the words of citations, which recur across notes and chapters.
        """
        known = self._near_words.get(c)
        if known is not None:
            return known
        vocabulary = self._vocabulary
        forward = {c} if c in vocabulary else set()
        size = len(c)
        # a vocabulary word of four letters or more that begins c has c's first four
        # letters (and one that ends it, its last four): most words have neither
        if size > 4 and c[:4] in self._heads:
            for k in range(4, size):
                if c[:k] in vocabulary:
                    forward.add(c[:k])
        if size > 4 and c[-4:] in self._tails:
            for k in range(4, size):
                if c[-k:] in vocabulary:
                    forward.add(c[-k:])
        if size >= 5:
            for w, limit in self._similar_to(c[0], size):
                if _edit_distance(w, c, limit):
                    forward.add(w)
        both = forward | self._by_affix.get(c, set()) if len(c) >= 4 else forward
        known = (frozenset(forward), frozenset(both))
        self._near_words[c] = known
        return known

    def _similar_to(self, initial: str, size: int) -> list[tuple[str, int]]:
        """The vocabulary words _close may accept by edit distance for a word of this
        initial and size (five letters or more), each with the distance allowed.

        _close's last test, for words of the same initial: an edit distance of one, or
        of two when both have eight letters or more; so a length differs by two only
        when both do. Kept per (initial, size), from the vocabulary alone.
        """
        found = self._similar.get((initial, size))
        if found is None:
            found = []
            for length in range(max(5, size - 2), size + 3):
                limit = 2 if min(length, size) >= 8 else 1
                if abs(length - size) <= limit:
                    found.extend((w, limit) for w in self._by_initial.get((initial, length), ()))
            self._similar[initial, size] = found
        return found

    def candidates(self, text: str) -> list[tuple[float, int, Source]]:
        """Entries ranked by how well ``text`` describes them: (score, words matched, entry)."""
        cited = words(text)
        pool = set(cited)
        near = {i for w in pool for i in self.by_word.get(w, ())}
        if not near:  # every word misspelled? compare with all entries
            near = set(range(len(self.entries)))
        named = bool(_NAME_PREFIX.match(text.strip()))
        ranked: list[tuple[float, int, Source]] = []
        # The entry words the citation gives: each word w of an entry is given when it
        # is in the pool or _close(w, c) for a word c of the pool; all entry words are
        # in the vocabulary, so this is the union of _near(c)[0] over the pool.
        given: set[str] = set()
        for c in pool:
            given |= self._near(c)[0]

        def recall(ws: tuple[str, ...], distinct: frozenset[str] | None) -> tuple[float, int]:
            if not ws:
                return 0.0, 0
            # the words of ws in given, counted with repeats; without repeats in ws
            # (``distinct``), the size of the intersection
            if distinct is not None:
                hit = len(given.intersection(distinct))
            else:
                hit = sum(1 for w in ws if w in given)
            return hit / len(ws), hit

        for i in sorted(near):
            e = self.entries[i]
            full, main, short = self._distinct[i]
            scores = [recall(e.full, full), recall(e.main, main), recall(e.short, short)]
            score, hit = max(scores)
            # the citation names someone, but not this work's author: unless the title
            # says it is this work and the name is its author's but for a typo
            # ("Ledovskyy"), as a title's words may be
            if (
                named
                and e.persons
                and not (e.persons & pool)
                and (score < THRESHOLD or not any(_misspelt(p, c) for p in e.persons for c in pool))
            ):
                score *= 0.5
            ranked.append((score, hit, e.source))
        ranked.sort(key=lambda r: (-r[0], -r[1], r[2].key))
        return ranked

    def by_author_year(self, names: str, year: str) -> list[str]:
        """The keys of the entries of that year whose first author (or, with none, first
        editor) is the first of ``names``: how an author-date short form names a work."""
        named = [w for w in words(names) if w not in ("et", "al")]
        if not named:
            return []
        found = []
        for e in self.entries:
            if named[0] not in e.persons or _year(e.source) != int(year[:4]):
                continue
            creators = e.source.names("author") or e.source.names("editor")
            if creators and named[0] in words(creators[0].family):
                found.append(e.source.key)
        return found

    def by_author(self, text: str, among: Sequence[str]) -> list[str]:
        """The keys of ``among`` (in its order) whose authors or editors ``text`` names."""
        pool = set(words(text))
        authored = {e.source.key for e in self.entries if e.persons and e.persons & pool}
        return [key for key in among if key in authored]

    def persons(self, key: str) -> frozenset[str]:
        """The words of the names of the authors (or editors) of entry ``key``."""
        for e in self.entries:
            if e.source.key == key:
                return frozenset(e.persons)
        return frozenset()

    def short_form(
        self, text: str, among: Sequence[str] | None = None, need: float = 0.8
    ) -> Source | None:
        """The work a short form names: its author, and title words all from that work's title.

        ``among`` limits the search to those keys (the works cited earlier, which
        a short form abbreviates); the work cited most recently wins a tie.
        """
        cited = words(text)
        pool = set(cited)
        order = {k: i for i, k in enumerate(among)} if among is not None else None
        best: tuple[float, int, int, Source] | None = None
        # a cited word w matches a title word t when _close(t, w) or _close(w, t):
        # one of the vocabulary words _near(w)[1]
        near = {w: self._near(w)[1] for w in pool}
        for e in self.entries:
            if order is not None and e.source.key not in order:
                continue
            if e.persons and e.persons.isdisjoint(pool):
                continue
            title = [w for w in cited if w not in e.names and not w.isdigit()]
            if not title:
                continue
            hit = sum(1 for w in title if not near[w].isdisjoint(e.title))
            precision = hit / len(title)
            if precision < need:
                continue
            recent = order[e.source.key] if order is not None else 0
            rank = (precision, hit, recent, e.source)
            if best is None or rank[:3] > best[:3]:
                best = rank
        return best[3] if best else None

    def best(self, text: str, exclude: frozenset[str] = frozenset()) -> tuple[Source | None, str]:
        """The entry ``text`` describes, or ``None`` and a hint naming the closest."""
        ranked = [r for r in self.candidates(text) if r[2].key not in exclude]
        if ranked and ranked[0][0] >= THRESHOLD:
            return ranked[0][2], ""
        close = ", ".join(f"{r[2].key} ({r[0]:.0%})" for r in ranked[:3] if r[0] > 0)
        return None, (f"closest entries: {close}" if close else "no entry shares its title words")


_IN_BOOK = re.compile(r"^(.*?[\"”]),?\s+in\s+\S")
_QUOTED = re.compile(r"[\"“]([^\"”]+?)[,.]?[\"”]")


def _primary(work: str) -> str:
    """The cited piece of ``"Chapter," in Book``: what comes before ``in``."""
    m = _IN_BOOK.match(work)
    return m.group(1) if m else work


@dataclass(slots=True)
class _State:
    """What the walk through the notes remembers."""

    matcher: Matcher
    by_shorthand: dict[str, Source]
    defined: frozenset[str]
    previous_note: list[str]
    documents: list[tuple[tuple[str, ...], Document, str]]
    cited: list[str] = field(default_factory=list)
    """Keys cited so far, the most recent last."""
    by_url: dict[str, str] = field(default_factory=dict)
    """The entries' web addresses (as :func:`_address` writes them), to their keys."""
    previous_archive: str = ""
    """The ``via`` of the previous note's last citation when it is an archival
    document without an entry (what its ``ibid.`` stands for)."""
    hereafter: dict[str, tuple[str, int]] = field(default_factory=dict)
    """The forms a note introduced with ``hereafter``: the key of the work and the note."""


def _resolve(
    piece: cite.Piece, note: Note, done: list[Citation], state: _State, path: str
) -> tuple[Citation, list[Diagnostic]]:
    """One citation with its source, and what went wrong finding it."""
    diags: list[Diagnostic] = []

    def made(
        source: str = "",
        via: str = "",
        kind: str = piece.kind,
        documents: tuple[Document, ...] = piece.documents,
    ) -> Citation:
        """The citation of the piece, with these fields (one Citation made, not a copy)."""
        return Citation(
            piece.text, kind, source, piece.locator, piece.lead, via, documents, piece.defines
        )

    def introduced(form: str) -> tuple[str, str] | None:
        """The work a ``hereafter`` form stands for, and how it was found."""
        found = state.hereafter.get(form)
        if found is None:
            return None
        return found[0], f"hereafter {form} → note {found[1]}"

    def ibid() -> tuple[str, str]:
        for c in reversed(done):
            if c.source:
                return c.source, "ibid. → the citation before it"
            if c.via.startswith(UNPUBLISHED):  # the same archival document or interview
                return "", c.via
        if state.previous_archive:
            return "", state.previous_archive
        if not state.previous_note:
            return "", ""
        works = list(dict.fromkeys(state.previous_note))
        if len(works) > 1:
            diags.append(
                diagnostic(
                    "ambiguous-ibid",
                    path,
                    note.span.line,
                    f"note {note.n}: ibid. follows note {note.n - 1}, which cites {len(works)} works; "
                    f"taken as the last, {works[-1]}",
                    "if another work is meant, give its short form instead of ibid.",
                )
            )
        return works[-1], f"ibid. → note {note.n - 1}"

    if piece.kind == "commentary":
        return made(), diags
    if piece.container in ("archive", "interview"):  # a collection may have its entry
        entry, _ = state.matcher.best(piece.work)
        if entry is not None:
            return _remember(made(entry.key), state), diags
        if piece.container == "interview":
            return made(via=f"{INTERVIEW}{piece.work}"), diags
        return made(via=f"{ARCHIVAL}{piece.work}"), diags
    if piece.kind == "ibid" or piece.container == "ibid":
        key, via = ibid()
        return _remember(made(key, via), state), diags
    if piece.siglum and piece.siglum in state.hereafter and piece.kind == "siglum":
        key, via = introduced(piece.siglum) or ("", "")
        return _remember(made(key, via), state), diags
    if piece.siglum:
        article = _article_in(piece, state)
        if article is not None:
            return made(article.key, kind="full", documents=()), diags
        entry = state.by_shorthand.get(piece.siglum)
        if entry is None:
            return made(), diags
        return _remember(made(entry.key), state), diags
    if piece.kind == "short":
        known = _known_document(piece, state)
        if known is not None:
            document, key = known
            return made(key, "short form of a document", "document", (document,)), diags
    if "://" in piece.text and state.by_url:  # a page on the web, by its address
        for found in cite._WEB.finditer(piece.text):
            entry_key = state.by_url.get(_address(found.group()))
            if entry_key:
                return _remember(made(entry_key, "its web address"), state), diags
    work = _primary(piece.work or piece.text)
    if piece.kind == "short" and _IDEM.match(work):  # "Idem, *Memoirs*": the same author
        title = _IDEM.sub("", work)
        author = " ".join(sorted(state.matcher.persons(state.cited[-1]))) if state.cited else ""
        earlier = state.matcher.short_form(f"{author} {title}", among=state.cited)
        if earlier is not None:
            return _remember(made(earlier.key, "idem → the author cited before"), state), diags
        work = title
    if piece.kind == "short" and state.hereafter:
        named = introduced(cite.hereafter(work))
        if named is not None:
            return _remember(made(*named), state), diags
    dated = _AUTHOR_YEAR.fullmatch(work) if piece.kind == "short" else None
    if dated:  # author-date: "Westad 1998"
        works = state.matcher.by_author_year(dated.group("names"), dated.group("year"))
        if len(works) == 1:
            return _remember(made(works[0], "author and year"), state), diags
        if works:
            return made(via=f"author and year of {len(works)} works: {', '.join(works)}"), diags
    if piece.kind == "short" and cite.OP_CIT.search(work):
        works = state.matcher.by_author(cite.OP_CIT.sub(" ", work), among=state.cited)
        if works:
            if len(works) > 1:
                diags.append(
                    diagnostic(
                        "ambiguous-op-cit",
                        path,
                        note.span.line,
                        f"note {note.n}: op. cit. names an author cited before for "
                        f"{len(works)} works ({', '.join(works)}); taken as the last, {works[-1]}",
                        "if another work is meant, give its short form instead of op. cit.",
                    )
                )
            return _remember(
                made(works[-1], "op. cit. → the author's work cited last"), state
            ), diags
        return made(via="op. cit.: no work by this author is cited before it"), diags
    if piece.kind == "short":
        earlier = state.matcher.short_form(work, among=state.cited)
        if earlier is not None:
            return _remember(made(earlier.key), state), diags
    entry, hint = state.matcher.best(work)
    if entry is None and piece.kind == "short":
        entry = state.matcher.short_form(work, need=0.9)
    if entry is None and work != (piece.work or piece.text):
        entry, hint = state.matcher.best(piece.work or piece.text)
    if entry is None:
        return made(via=hint), diags
    return _remember(made(entry.key), state), diags


def _address(url: str) -> str:
    """A web address as compared: without its scheme, ``www.``, the punctuation after
    it and a final ``/``, in lower case up to its path."""
    url = url.rstrip(".,;:)]>'\"’”").rstrip("/")
    _, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}" if path else host


_IDEM = re.compile(r"^(?:[Ii]dem|[Ee]adem|[Ee]idem|[Ii]idem|[Ee]aedem)\b,?\s*")
""""The same author" for a short form: ``Idem, *Memoirs*, 342``."""

ARCHIVAL = "held at "
INTERVIEW = "unpublished: "
UNPUBLISHED = (ARCHIVAL, INTERVIEW)
"""How the ``via`` of an unpublished source without its entry begins."""
"""How the ``via`` of an archival document without its entry begins: ``held at RG 59, …``."""


def _article_in(piece: cite.Piece, state: _State) -> Source | None:
    """An authored or titled piece "in" a journal cited by siglum that has its own entry."""
    if not piece.documents or not any(d.title for d in piece.documents):
        return None
    title = piece.documents[0].title
    if not title or cite._type_of(title) != "document":
        return None  # "Conversation between Stalin and Mao…" is a document, not an article
    container = state.by_shorthand.get(piece.siglum)
    exclude = frozenset({container.key}) if container else frozenset()
    entry, _ = state.matcher.best(f'{piece.documents[0].sender}, "{title}"', exclude)
    if entry is None or entry.type not in ("article", "incollection", "inbook", "inproceedings"):
        return None
    return entry


def _known_document(piece: cite.Piece, state: _State) -> tuple[Document, str] | None:
    """A short form naming a document cited in full earlier: that document and its source."""
    m = _QUOTED.search(piece.text)
    if not m:
        return None
    title = tuple(words(m.group(1)))
    for seen, document, key in reversed(state.documents):
        if seen == title:
            return document, key
    return None


_AUTHOR_YEAR = re.compile(r"(?P<names>.+?),?\s+(?P<year>\d{4}[a-z]?)")
"""The work of an author-date short form (:data:`edition.citations.AUTHOR_DATE`)."""


def _year(s: Source) -> int:
    """The year of a work, 0 when it has none."""
    parts = export.year_parts(s)
    return parts[0][0] if parts else 0


def _remember(c: Citation, state: _State) -> Citation:
    if c.source:
        if c.source in state.cited:
            state.cited.remove(c.source)
        state.cited.append(c.source)
    for d in c.documents:
        if d.title and c.source:
            state.documents.append((tuple(words(d.title)), d, c.source))
    return c


def trace(chapter: Chapter, matcher: Matcher) -> Chapter:
    """The chapter with every note's citations resolved and the reverse trail built."""
    path = chapter.meta.source
    sources = [e.source for e in matcher.entries]
    state = _State(
        matcher,
        {s.get("shorthand"): s for s in sources if s.get("shorthand")},
        frozenset(a.abbr for a in chapter.abbreviations),
        [],
        [],
        by_url={_address(str(s.get("url"))): s.key for s in sources if s.get("url")},
    )
    diags: list[Diagnostic] = []
    notes: list[Note] = []
    reported = {
        d.message.split(" ")[0] for d in chapter.diagnostics if d.code == "undefined-abbreviation"
    }
    for note in chapter.notes:
        done: list[Citation] = []
        for piece in cite.parse(note.text):
            citation, found = _resolve(piece, note, done, state, path)
            diags.extend(found)
            done.append(citation)
            if citation.defines and citation.source:
                state.hereafter.setdefault(citation.defines, (citation.source, note.n))
            if (
                piece.siglum
                and piece.siglum not in state.defined
                and piece.siglum not in state.hereafter
                and piece.siglum not in reported
            ):
                reported.add(piece.siglum)
                diags.append(
                    diagnostic(
                        "undefined-abbreviation",
                        path,
                        note.span.line,
                        f"{piece.siglum} is used as a siglum (note {note.n}) but the Abbreviations list does not define it",
                        "supply it under 'abbreviations:' in chapter.yaml",
                    )
                )
            if piece.container in ("archive", "interview") and not citation.source and sources:
                what = (
                    f"an interview, {piece.work[:80]!r}"
                    if piece.container == "interview"
                    else f"an unpublished document, held at {piece.work[:80]!r}"
                )
                diags.append(
                    diagnostic(
                        "unpublished-source",
                        path,
                        note.span.line,
                        f"note {note.n}: {what}",
                        "to list it among the sources, add it (or its collection) to the "
                        "bibliography",
                    )
                )
            elif (
                citation.kind != "commentary"
                and not citation.source
                and sources
                and not citation.via.startswith(UNPUBLISHED)  # ibid. of an unpublished one
            ):
                diags.append(
                    diagnostic(
                        "unresolved-citation",
                        path,
                        note.span.line,
                        f"note {note.n}: no source found for {citation.text[:80]!r}",
                        citation.via or "add the work to the bibliography",
                    )
                )
        state.previous_note = [c.source for c in done if c.source]
        last = next((c for c in reversed(done) if c.source or c.via.startswith(UNPUBLISHED)), None)
        state.previous_archive = last.via if last is not None and not last.source else ""
        notes.append(replace(note, citations=tuple(done)))
    diags.extend(_short_before_full(notes, path))
    return replace(
        chapter,
        notes=tuple(notes),
        sources=_uses(notes),
        diagnostics=tuple(sort_diagnostics([*chapter.diagnostics, *diags])),
    )


def _short_before_full(notes: Sequence[Note], path: str) -> list[Diagnostic]:
    """Short forms that come before the full reference they abbreviate."""
    first_full: dict[str, int] = {}
    for note in notes:
        for c in note.citations:
            if c.kind == "full" and c.source:
                first_full.setdefault(c.source, note.n)
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    for note in notes:
        for c in note.citations:
            if c.kind == "full":
                seen.add(c.source)
            elif c.kind == "short" and c.source and c.source not in seen:
                later = first_full.get(c.source)
                if later is not None and later > note.n:
                    diags.append(
                        diagnostic(
                            "short-before-full",
                            path,
                            note.span.line,
                            f"note {note.n}: short form {c.text[:60]!r} comes before the full reference in note {later}",
                            "give the full reference at the first citation",
                        )
                    )
                seen.add(c.source)
    return diags


def _uses(notes: Sequence[Note]) -> tuple[SourceUse, ...]:
    """Each work cited, in order of first citation, with the notes citing it."""
    cited: dict[str, list[int]] = {}
    count: dict[str, int] = defaultdict(int)
    for note in notes:
        for c in note.citations:
            if c.source:
                cited.setdefault(c.source, [])
                if note.n not in cited[c.source]:
                    cited[c.source].append(note.n)
                count[c.source] += 1
    return tuple(SourceUse(k, tuple(v), count[k]) for k, v in cited.items())


def summary(chapter: Chapter) -> str:
    """Counts for ``edition check``: notes, citations by kind, sources, resolved."""
    kinds: dict[str, int] = defaultdict(int)
    resolved = unresolved = archival = 0
    for note in chapter.notes:
        for c in note.citations:
            kinds[c.kind] += 1
            if c.kind != "commentary":
                if c.source:
                    resolved += 1
                elif c.via.startswith(UNPUBLISHED):
                    archival += 1
                else:
                    unresolved += 1
    total = sum(v for k, v in kinds.items() if k != "commentary")
    order = ("full", "short", "ibid", "siglum", "document")
    by_kind = ", ".join(f"{kinds[k]} {k}" for k in order if kinds[k])
    return (
        f"{chapter.meta.slug}: {len(chapter.notes)} notes, {total} citations ({by_kind}), "
        f"{len(chapter.sources)} sources; {resolved} resolved, {unresolved} unresolved"
        + (f", {archival} unpublished" if archival else "")
    )
