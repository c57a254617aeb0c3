"""Works as readers see them: formatted references, short labels, groups.

A bibliography entry is written in the manner of the Chicago *Manual*'s
bibliography style, in inline Markdown (titles in ``*…*``): author or editor,
title with its translation in brackets, edition, volumes, place, publisher,
year; an article with its journal, volume, issue and pages; a chapter with its
book and editors.

Names: the first name of a list is inverted (``Snow, Edgar``) the others not.
Chinese names romanized in pinyin are written family name first and never
inverted (``Chen Jian``, ``Jin Chongji et al.``) — recognised by a pinyin
family name followed by a pinyin given name; any name in braces in the
BibTeX (``{Kim Il Sung}``) is written exactly as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from edition.model import Name, Source

# The common family names of Chinese romanized in pinyin.
_PINYIN_FAMILY = frozenset(
    """ai an bai ban bao bei bi bian cai cao cen chai chang chao chen cheng chi chu cui dai dan
    deng di ding dong dou du duan fan fang fei feng fu gan gao ge geng gong gu guan guo han hao
    he hong hou hu hua huang ji jia jiang jiao jin jing kang ke kong kuang lai lan lang lei li
    lian liang liao lin ling liu long lu luo lü ma mao mei meng mi miao min mo mu ni nie niu
    ou pan pang pei peng pu qi qian qiao qin qiu qu ren rong ruan shao shen sheng shi shu song
    su sun tan tang tao tian tong wan wang wei wen wu xi xia xiang xiao xie xin xing xiong xu xue
    yan yang yao ye yi yin ying you yu yuan yue yun zeng zhai zhan zhang zhao zheng zhong zhou
    zhu zhuang zou zuo""".split()
)
_PINYIN_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|e|i|o|u|ü)(?:ng|n|r)?",
)

GROUPS = (
    ("primary", "Documentary collections and periodicals"),
    ("memoir", "Memoirs, diaries and interviews"),
    ("secondary", "Studies"),
)
"""The sections of the Sources page, in order."""


def _is_pinyin_word(word: str) -> bool:
    """Whether a word is one to three pinyin syllables (``Jian``, ``Shaoqi``, ``Mouhong``)."""
    w = word.lower().replace("'", "")
    return bool(w) and re.fullmatch(f"(?:{_PINYIN_SYLLABLE.pattern}){{1,3}}", w) is not None


def is_chinese(name: Name) -> bool:
    """Whether a name is a Chinese name in pinyin (written family name first)."""
    return (
        bool(name.given)
        and name.family.lower() in _PINYIN_FAMILY
        and " " not in name.given
        and "." not in name.given
        and _is_pinyin_word(name.given)
    )


def display_name(name: Name, inverted: bool = False) -> str:
    """A name as printed: ``Edgar Snow`` (``Snow, Edgar`` inverted), ``Chen Jian`` always."""
    if not name.given:
        return name.family
    if is_chinese(name):
        return f"{name.family} {name.given}"
    return f"{name.family}, {name.given}" if inverted else f"{name.given} {name.family}"


def name_list(names: Sequence[Name], invert_first: bool = True) -> str:
    """``A, B, and C`` with the first inverted; ``others`` becomes ``et al.``."""
    shown = [n for n in names if n.family != "others"]
    etal = len(shown) < len(names)
    parts = [display_name(n, inverted=invert_first and i == 0) for i, n in enumerate(shown)]
    if etal:
        return f"{parts[0]} et al." if parts else "et al."
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} and {parts[1]}"
    return ", ".join(parts[:-1]) + f", and {parts[-1]}"


def _emph(title: str) -> str:
    return f"*{title}*" if title else ""


def _title(s: Source, italic: bool) -> str:
    title = s.get("title")
    shown = _emph(title) if italic else f"“{title}”"
    addon = s.get("titleaddon")
    return f"{shown} [{addon}]" if addon else shown


def _year(s: Source) -> str:
    value = s.get("year") or s.get("date")
    return value.replace("/", "–")


def _imprint(s: Source) -> str:
    place = s.get("location") or s.get("address")
    publisher = s.get("publisher")
    year = _year(s)
    inner = ": ".join(x for x in (place, publisher) if x)
    return ", ".join(x for x in (inner, year) if x)


def reference(s: Source) -> str:
    """The full reference of a work, in inline Markdown."""
    authors = s.names("author")
    editors = s.names("editor") or (
        s.names("editora") if s.get("editoratype") == "compiler" else ()
    )
    parts: list[str] = []
    if authors:
        parts.append(name_list(authors))
    elif editors and s.type not in ("incollection", "inbook"):
        compiler = "compiler" in (s.get("editoratype"), s.get("editortype"))
        role = "comp." if compiler else ("eds." if len(editors) > 1 else "ed.")
        parts.append(f"{name_list(editors)}, {role}")
    if s.type in ("article", "incollection", "inbook", "inproceedings"):
        parts.append(_title(s, italic=False))
        translator = s.names("translator")
        if translator:
            parts.append(f"trans. {name_list(translator, invert_first=False)}")
        if s.type == "article":
            journal = s.get("journal") or s.get("journaltitle")
            volume = s.get("volume")
            issue = s.get("number")
            season = s.get("issue")
            when = " ".join(x for x in (season, _year(s)) if x)
            bits = _emph(journal)
            if volume:
                bits += f" {volume}"
            if issue:
                bits += f", no. {issue}"
            if when:
                bits += f" ({when})"
            pages = s.get("pages").replace("--", "–")
            parts.append(bits + (f": {pages}" if pages else ""))
        else:
            book = _emph(s.get("booktitle"))
            if editors:
                book += f", ed. {name_list(editors, invert_first=False)}"
            if s.get("volume"):
                book += f", vol. {s.get('volume')}"
            parts.append(f"In {book}")
            imprint = _imprint(s)
            pages = s.get("pages").replace("--", "–")
            tail = f"({imprint})" if imprint else ""
            if pages:
                tail += f", {pages}" if tail else pages
            if tail:
                parts.append(tail)
    else:
        parts.append(_title(s, italic=True))
        if s.get("edition"):
            parts.append(s.get("edition"))
        if s.get("volumes"):
            parts.append(f"{s.get('volumes')} vols.")
        if s.get("howpublished"):
            parts.append(s.get("howpublished"))
        imprint = _imprint(s)
        if imprint:
            parts.append(imprint)
    text = ". ".join(p.rstrip(".") for p in parts if p) + "."
    return text.replace("”. ", ".” ").replace("”.", ".”")  # the period inside the quotes


def label(s: Source) -> str:
    """A short label for a work: its siglum, or author and short title."""
    if s.get("shorthand"):
        return _emph(s.get("shorthand"))
    people = s.names("author") or s.names("editor")
    short = s.get("shorttitle") or s.get("title").split(":")[0]
    italic = s.type not in ("article", "incollection", "inbook", "inproceedings", "misc")
    title = _emph(short) if italic else f"“{short}”"
    if people:
        first = people[0]
        who = display_name(first) if is_chinese(first) else first.family
        if len([p for p in people if p.family != "others"]) > 1 or people[-1].family == "others":
            who += " et al."
        return f"{who}, {title}"
    return title


def group(s: Source) -> str:
    """Which section of the Sources page a work belongs to (see :data:`GROUPS`).

    The editors decide with biblatex ``keywords`` (``primary``, ``memoir``,
    ``secondary``); otherwise sigla, collections and periodicals are primary,
    works whose title or translation says memoir, reminiscences, recollections,
    diary, interview or *huiyilu* are memoirs, and the rest are studies.
    """
    keywords = {k.strip().lower() for k in s.get("keywords").split(",") if k.strip()}
    for name, _ in GROUPS:
        if name in keywords:
            return name
    if s.get("shorthand") or s.type in ("collection", "mvcollection", "periodical"):
        return "primary"
    words = f"{s.get('title')} {s.get('titleaddon')}".lower()
    if re.search(r"memoir|reminiscence|recollection|diary|interview|huiyilu", words):
        return "memoir"
    return "secondary"


def sort_key(s: Source) -> tuple[str, str, str]:
    """Alphabetical by first author or editor (or title), then year."""
    people = s.names("author") or s.names("editor")
    head = people[0].family if people else s.get("title")
    return (head.lower().lstrip("“\"'*"), s.get("title").lower(), _year(s))
