"""markup's fast paths give exactly what markdown-it gives with the rules as first written.

``markup.inline`` and ``markup.plain`` skip work markdown-it would do (a narrower
set of characters stopping the ``text`` rule, no core parser per call, a port of
``smartquotes``, plain text read from the tokens instead of stripped from HTML).
The reference below is the parser as it was before: markdown-it's own ``text``
and ``smartquotes`` rules through ``renderInline``. Generated strings, dense in
every character markdown-it or our rules react to, must render the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from edition import markup


def _reference_dashes(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for tok in block.children:
            if tok.type == "text":
                text = re.sub(r"(?<!-)---(?!-)", "—", tok.content)
                text = re.sub(r"(?<!-)--(?!-)", "–", text)
                tok.content = text.replace("...", "…")


def _inline_blocks(state: StateCore) -> Iterator[Token]:
    """The inline tokens of the document that have children."""
    return (b for b in state.tokens if b.type == "inline" and b.children)


def _outside_links(children: list[Token] | None) -> Iterator[tuple[Token, bool]]:
    """Each token, and whether it is a text token outside every link."""
    depth = 0
    for tok in children or []:
        depth += (tok.type == "link_open") - (tok.type == "link_close")
        yield tok, tok.type == "text" and not depth


def _reference_sigla(state: StateCore) -> None:
    sigla: Mapping[str, str] | None = state.env.get("sigla")
    if not sigla:
        return
    names = sorted(sigla, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    url = state.env.get("abbreviations_url", "abbreviations.html")
    for block in _inline_blocks(state):
        out: list[Token] = []
        for tok, free in _outside_links(block.children):
            if not free or not pattern.search(tok.content):
                out.append(tok)
                continue
            pos = 0
            for m in pattern.finditer(tok.content):
                if m.start() > pos:
                    t = Token("text", "", 0)
                    t.content = tok.content[pos : m.start()]
                    out.append(t)
                siglum = m.group(1)
                t = Token("html_inline", "", 0)
                t.content = (
                    f'<abbr class="siglum" title="{html.escape(sigla[siglum])}">'
                    f'<a href="{url}#{siglum}">{siglum}</a></abbr>'
                )
                out.append(t)
                pos = m.end()
            if pos < len(tok.content):
                t = Token("text", "", 0)
                t.content = tok.content[pos:]
                out.append(t)
        block.children = out


def _tokens(pieces: list[tuple[str, str]]) -> list[Token]:
    """A token for each non-empty ``(type, content)`` piece."""
    out = []
    for kind, content in pieces:
        if content:
            token = Token(kind, "", 0)
            token.content = content
            out.append(token)
    return out


def _rewrite_free_text(state: StateCore, pieces: Callable[[str], list[tuple[str, str]]]) -> None:
    """Each text token outside links replaced by the tokens of ``pieces`` of its text."""
    for block in _inline_blocks(state):
        out: list[Token] = []
        for tok, free in _outside_links(block.children):
            out.extend(_tokens(pieces(tok.content)) if free else [tok])
        block.children = out


def _reference_urls(state: StateCore) -> None:
    """Web addresses and DOIs in text outside links, as first written: found, then
    trimmed of the sentence's punctuation and of a ")" they do not open."""
    pattern = re.compile(r"\b(?:https?://|doi:\s?10\.\d{4,9}/)[^\s<>\"]+", re.IGNORECASE)

    def pieces(text: str) -> list[tuple[str, str]]:
        last = 0
        out: list[tuple[str, str]] = []
        for m in pattern.finditer(text):
            url = m.group(0)
            while url and (
                url[-1] in ".,;:!?'\"’”" or (url[-1] == ")" and url.count(")") > url.count("("))
            ):
                url = url[:-1]
            if not url.split(":", 1)[1].strip("/ "):
                continue
            href = url if url.lower().startswith("http") else "https://doi.org/" + url[4:].strip()
            out.append(("text", text[last : m.start()]))
            out.append(("html_inline", f'<a href="{html.escape(href)}">{html.escape(url)}</a>'))
            last = m.start() + len(url)
        out.append(("text", text[last:]))
        return out

    _rewrite_free_text(state, pieces)


def _reference_xrefs(state: StateCore) -> None:
    """References to other notes, as the rule was specified: a note word and numbers
    with a lead-in ("see", "cf.", "compare", "cited in", "(") or "above", "below",
    "supra", "infra" after them, every number a note of the chapter; one number
    links with its word, several each alone."""
    notes = state.env.get("notes")
    if not notes:
        return
    page = state.env.get("chapter_url", "")
    lead = r"(\b(?:[Ss]ee|[Cc]f\.|[Cc]ompare|[Cc]ited in)\s+(?:also\s+)?|\(\s*)?"
    sep = r"(?:\s*[–-]\s*|,\s*|,?\s+(?:and|or)\s+)"
    pattern = re.compile(
        lead + r"(?<![\w.])(nn?\.|[Nn]otes?)\s+(\d{1,4}(?:" + sep + r"\d{1,4})*)(?![\d:])(?!\.\d)"
        r"(\s+(?:above|below|supra|infra)\b)?"
    )

    def pieces(text: str) -> list[tuple[str, str]]:
        last = 0
        out: list[tuple[str, str]] = []
        for m in pattern.finditer(text):
            before, word, numbers, after = m.groups()
            found = [int(x) for x in re.findall(r"\d+", numbers)]
            if not (before or after) or not all(x in notes for x in found):
                continue
            if len(found) == 1:
                shown = (
                    f'<a class="xref" href="{page}#n{found[0]}">{html.escape(word)} {numbers}</a>'
                )
            else:
                shown = html.escape(word) + " "
                for part in re.split(r"(\d+)", numbers):
                    shown += (
                        f'<a class="xref" href="{page}#n{part}">{part}</a>'
                        if part.isdigit()
                        else html.escape(part)
                    )
            out.append(("text", text[last : m.start()]))
            out.append(
                ("html_inline", html.escape(before or "") + shown + html.escape(after or ""))
            )
            last = m.end()
        out.append(("text", text[last:]))
        return out

    _rewrite_free_text(state, pieces)


def _reference_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "html": False})
    md.enable(["smartquotes"])
    md.disable("image")
    md.enable("table")
    md.add_render_rule("th_open", markup._render_cell)
    md.add_render_rule("td_open", markup._render_cell)
    md.inline.ruler.before("link", "noteref", markup._noteref_rule)
    md.inline.ruler.before("noteref", "emend", markup._emend_rule)
    md.add_render_rule("emend", markup._render_emend)
    md.core.ruler.after("inline", "dashes", _reference_dashes)
    md.core.ruler.before("dashes", "urls", _reference_urls)
    md.core.ruler.after("dashes", "sigla", _reference_sigla)
    md.core.ruler.after("sigla", "xrefs", _reference_xrefs)
    md.add_render_rule("noteref", markup._render_noteref)
    return md


REF = _reference_parser()


def reference_inline(text: str, env: dict[str, Any]) -> str:
    return str(REF.renderInline(text, env))


def reference_plain(text: str) -> str:
    text = markup._CRITIC.sub(lambda m: f"{m.group('corrected')} [{m.group('printed')}]", text)
    rendered = reference_inline(re.sub(r"\[\^\d+\]", "", text), {})
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


SIGLA = {"JMZW": "Jianguo yilai Mao Zedong wengao", "MZJ": "Mao Zedong ji", "CW-B": "B"}

# Pieces a text is made of: every character some markdown-it rule (enabled or not)
# or a rule of ours reacts to, whole constructs, and plain words and spaces.
PIECES = [
    *"*_[]()^{}~<>&\"'-.:!\\`#$%@+=|/ \n\r\t\0",
    "\u00a0",
    "\u2003",
    "“",
    "’",
    "—",
    "«",
    "¶",
    "毛",
    "a",
    "b",
    "word",
    "1",
    "19",
    "--",
    "---",
    "...",
    "[^1]",
    "[^12]",
    "{~~",
    "~>",
    "~~}",
    "{~~Chigago~>Chicago~~}",
    "JMZW",
    "MZJ",
    "CW-B",
    "&amp;",
    "&quot;",
    "&#39;",
    "&copy;",
    "](",
    "](http://x.org)",
    '[link](http://x.org "t")',
    "<http://a.b/c>",
    "<a@b.cd>",
    "`code`",
    "**",
    "  \n",
    "\\\n",
    "![img](x.png)",
    "https://x.org/a",
    "http://",
    "https://e.org/w_(x)",
    "doi:10.1234/x",
    "doi: 10.5555/y.z",
    "DOI:10.1234/",
    "?q=1&b=2",
    "see n. 3",
    "see also note 12",
    " above",
    "cf. notes 1 and 3",
    "(n. 12)",
    "nn. 1–3 below",
    "330 n. 3",
    "Note 1 supra",
    "see n. 7",
    "n. 3:4",
]

CHARACTERS = [p for p in PIECES if len(p) == 1]

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(
    alphabet=st.sampled_from(CHARACTERS), max_size=60
)

EQUIVALENCE = settings(
    max_examples=1000,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)

EXAMPLES = [
    "",
    "plain words",
    'Mao\'s "lean to one side" -- 1949...',
    "a-[^1]-b",
    '1"" and 5\'6" tall',
    "JMZW's 'quote' in JMZW, *JMZW*",
    "[JMZW](http://x.org) and [^3]",
    "&quot;x&quot; 'y'",
    'x \\"y\\" z',
    "{~~{~~a~>b~~}~>c~~}",
    "[^[^1]1]",
    "[a [b] c](u) [x [^2]](v)",
    "line  \nbreak\nsoft 'q\n' z",
    "a\r\nb\rc\0d",
    '"a 1"" b',
]


NOTES = frozenset({1, 2, 3, 12})


@EQUIVALENCE
@given(text=texts, sigla=st.booleans())
def test_inline_matches_markdown_it(text: str, sigla: bool) -> None:
    env: dict[str, Any] = {"chapter_url": "c.html"}
    ref_env: dict[str, Any] = {"chapter_url": "c.html"}
    if sigla:
        env["sigla"] = ref_env["sigla"] = SIGLA
        env["notes"] = ref_env["notes"] = NOTES
    env["marker_ids"], ref_env["marker_ids"] = markup.MarkerIds(), markup.MarkerIds()
    assert markup.inline(text, env) == reference_inline(text, ref_env)
    assert markup.inline(text) == reference_inline(text, {})


@EQUIVALENCE
@given(text=texts)
def test_plain_matches_stripped_html(text: str) -> None:
    assert markup.plain(text) == reference_plain(text)


@settings(EQUIVALENCE, max_examples=300)
@given(text=texts)
def test_block_rendering_matches_markdown_it(text: str) -> None:
    env = {"sigla": SIGLA}
    assert markup._MD.render(text, dict(env)) == REF.render(text, dict(env))


def test_examples() -> None:
    for text in EXAMPLES:
        for sigla in (True, False):
            env: dict[str, Any] = {"sigla": SIGLA} if sigla else {}
            assert markup.inline(text, dict(env)) == reference_inline(text, dict(env)), text
        assert markup.plain(text) == reference_plain(text), text


def test_typography() -> None:
    assert markup.inline('Mao\'s "lean" -- 1949 --- so...') == ("Mao’s “lean” – 1949 — so…")
    assert markup.plain("Chigago[^3] {~~Chigago~>Chicago~~} *x*") == ("Chigago Chicago [Chigago] x")


def test_web_addresses_and_dois_are_links() -> None:
    assert markup.inline(
        "Online at https://digitalarchive.wilsoncenter.org/document/111240 (accessed 1 May 2020)."
    ) == (
        'Online at <a href="https://digitalarchive.wilsoncenter.org/document/111240">'
        "https://digitalarchive.wilsoncenter.org/document/111240</a> (accessed 1 May 2020)."
    )
    # the sentence's period and a parenthesis the address does not open stay outside
    assert markup.inline("(see https://en.wikipedia.org/wiki/Mao_(disambiguation).)") == (
        '(see <a href="https://en.wikipedia.org/wiki/Mao_(disambiguation)">'
        "https://en.wikipedia.org/wiki/Mao_(disambiguation)</a>.)"
    )
    # a DOI leads to doi.org; an address keeps its dashes and its ampersand, escaped
    assert markup.inline("doi:10.1017/S03057410 and https://x.org/a--b?c=1&d=2.") == (
        '<a href="https://doi.org/10.1017/S03057410">doi:10.1017/S03057410</a> and '
        '<a href="https://x.org/a--b?c=1&amp;d=2">https://x.org/a--b?c=1&amp;d=2</a>.'
    )
    # an address already in a link is not linked again; nothing but http(s) is linked
    assert markup.inline("[the archive](https://x.org/a) https:// ftp://x.org javascript:x") == (
        '<a href="https://x.org/a">the archive</a> https:// ftp://x.org javascript:x'
    )
    # as plain text (search, metadata), the address as written
    assert markup.plain("See https://x.org/a--b.") == "See https://x.org/a--b."


def test_references_to_other_notes_are_links() -> None:
    env = {"notes": frozenset(range(1, 13)), "chapter_url": ""}
    assert markup.inline(
        "On the conference, see n. 6 above; cf. notes 2 and 3, and Kennan, *Memoirs* "
        "(cited in note 3), 340.",
        dict(env),
    ) == (
        'On the conference, see <a class="xref" href="#n6">n. 6</a> above; cf. notes '
        '<a class="xref" href="#n2">2</a> and <a class="xref" href="#n3">3</a>, and Kennan, '
        '<em>Memoirs</em> (cited in <a class="xref" href="#n3">note 3</a>), 340.'
    )
    assert markup.inline("(n. 12); nn. 4–6 below", dict(env)) == (
        '(<a class="xref" href="#n12">n. 12</a>); nn. <a class="xref" href="#n4">4</a>–'
        '<a class="xref" href="#n6">6</a> below'
    )
    # the note of a book cited, a note the chapter does not have, a bare "note 3":
    # none is a reference to this chapter's notes
    for text in ("Cumings, *Origins*, 2:363 n. 6.", "see note 99 above", "a note 3 on it"):
        assert "xref" not in markup.inline(text, dict(env)), text
    # without the chapter's notes, and as plain text, nothing changes
    assert markup.inline("see n. 6 above") == "see n. 6 above"
    assert markup.plain("see n. 6 above") == "see n. 6 above"
