"""How to cite a chapter or a passage of it: Chicago, MLA and APA.

Each style is rendered here, in Python, once per chapter, as HTML with two
slots: ``[[LOC]]`` for the passage (``¶ 12–14`` in Chicago, ``pars. 12–14``
in MLA, ``para. 12–14`` in APA, with the punctuation before it) and
``[[URL]]`` for the address. The page fills them: without JavaScript, with
the chapter's stable URL when ``edition.yaml`` gives the site's address; with
JavaScript, with the paragraphs the reader chose and the address the page was
read at.

Conventions: Chicago (17th ed.) note and bibliography forms for a chapter in
an edited book, MLA (9th ed.) and APA (7th ed.). Chinese names are written
family name first (``Chen Jian``; APA ``Chen, J.``). Titles keep their
capitals in APA too: sentence case cannot be made by rule without lowering
proper names.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edition.markup import inline
from edition.model import Chapter, Name
from edition.references import display_name, is_chinese

if TYPE_CHECKING:
    from edition.corpus import EditionMeta

LOC = "[[LOC]]"
URL = "[[URL]]"


@dataclass(frozen=True, slots=True)
class Style:
    """One citation style for one chapter."""

    key: str
    """``chicago-note``, ``chicago-bib``, ``mla`` or ``apa``."""
    label: str
    """Its name as readers know it."""
    template: str
    """The citation as HTML, with the slots ``[[LOC]]`` and ``[[URL]]``."""
    loc: str
    """How one paragraph fills ``[[LOC]]``: ``{}`` stands for its number."""
    loc_many: str
    """How a range of paragraphs fills ``[[LOC]]`` (``pars.``, ``¶¶``)."""
    url: str
    """How the address fills ``[[URL]]``: ``{}`` stands for it."""

    def fill(self, numbers: str = "", address: str = "") -> str:
        """The citation with the passage ``numbers`` (``12``, ``12–14``) and ``address`` filled in."""
        form = self.loc_many if "–" in numbers else self.loc
        text = self.template.replace(LOC, form.replace("{}", numbers) if numbers else "")
        return text.replace(URL, self.url.replace("{}", html.escape(address)) if address else "")


def person(display: str) -> Name:
    """A name as written in metadata (``Chen Jian``, ``Odd Arne Westad``) read into its parts."""
    words = display.split()
    if len(words) == 2 and is_chinese(Name(words[0], words[1])):
        return Name(words[0], words[1])
    if len(words) == 1:
        return Name(words[0])
    return Name(words[-1], " ".join(words[:-1]))


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def _closed(text: str) -> str:
    """``text`` ending a sentence of a citation: a period, unless it ends with one
    already (``Hogan, Michael J.``) or with ``?`` or ``!`` (a title that asks)."""
    return text if text.rstrip("”’\"'*_)</i>").endswith((".", "?", "!")) else text + "."


def _apa_name(n: Name) -> str:
    initials = " ".join(f"{part[0]}." for part in n.given.replace("-", " ").split() if part)
    return f"{n.family}, {initials}" if initials else n.family


def _apa_editor(n: Name) -> str:
    initials = " ".join(f"{part[0]}." for part in n.given.replace("-", " ").split() if part)
    return f"{initials} {n.family}" if initials else n.family


def styles(chapter: Chapter, edition: EditionMeta) -> list[Style]:
    """The four forms of the chapter's citation."""
    authors = [person(a) for a in chapter.meta.authors]
    editors = [person(e) for e in edition.editors]
    title = inline(chapter.meta.title)
    book = f"<i>{html.escape(edition.title)}{': ' + html.escape(edition.subtitle) if edition.subtitle else ''}</i>"
    place, publisher, year = edition.place, edition.publisher, edition.year
    imprint = ", ".join(x for x in (": ".join(x for x in (place, publisher) if x), year) if x)
    e = html.escape

    # Chicago, note: Chen Jian, “Title,” in Book, ed. A. Editor (Place: Publisher, Year), ¶ 12, URL.
    who = _and([display_name(a) for a in authors])
    note = f"{e(who)}, " if who else ""
    asks = _closed(title) == title and not title.endswith(".")  # "?" or "!": no comma
    note += f"“{title}{'' if asks else ','}” in {book}"
    if editors:
        note += f", ed. {e(_and([display_name(x) for x in editors]))}"
    if imprint:
        note += f" ({e(imprint)})"
    note += f"{LOC}{URL}."

    # Chicago, bibliography: Chen Jian. “Title.” In Book, edited by A. Editor. Place: Publisher, Year. ¶ 12. URL.
    first = [
        display_name(a, inverted=True) if i == 0 else display_name(a) for i, a in enumerate(authors)
    ]
    bib = f"{_closed(e(_and(first)))} " if first else ""
    bib += f"“{_closed(title)}” In {book}"
    if editors:
        bib += f", edited by {e(_and([display_name(x) for x in editors]))}"
    bib += "."
    if imprint:
        bib += f" {e(imprint)}."
    bib += f"{LOC}{URL}"

    # MLA 9: Chen Jian. “Title.” Book, edited by A. Editor, Publisher, Year, pars. 12–14. URL.
    mla = f"{_closed(e(_and(first)))} " if first else ""
    mla += f"“{_closed(title)}” {book}"
    if editors:
        mla += f", edited by {e(_and([display_name(x) for x in editors]))}"
    mla += "".join(f", {e(x)}" for x in (publisher, year) if x)
    mla += f"{LOC}.{URL}"

    # APA 7: Chen, J. (Year). Title. In A. Editor (Ed.), Book (para. 12–14). Publisher. URL
    apa = (
        f"{e(_and([_apa_name(a) for a in authors]).replace(' and ', ' &amp; '))} "
        if authors
        else ""
    )
    apa += f"({e(year) if year else 'n.d.'}). {_closed(title)} In "
    if editors:
        role = "Eds." if len(editors) > 1 else "Ed."
        apa += f"{e(_and([_apa_editor(x) for x in editors]))} ({role}), "
    apa += f"{book}{LOC}."
    if publisher:
        apa += f" {e(publisher)}."
    apa += URL

    return [
        Style("chicago-note", "Chicago (note)", note, ", ¶ {}", ", ¶¶ {}", ", {}"),
        Style("chicago-bib", "Chicago (bibliography)", bib, " ¶ {}.", " ¶¶ {}.", " {}"),
        Style("mla", "MLA", mla, ", par. {}", ", pars. {}", " {}"),
        Style("apa", "APA", apa, " (para. {})", " (paras. {})", " {}"),
    ]
