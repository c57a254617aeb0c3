"""Inline Markdown to HTML for the edition, with markdown-it-py.

One parser for every text of the edition: typographic quotes and dashes
(``"x"`` → “x”, ``--`` → –), raw HTML escaped (a corpus can never inject
markup into a reader's page), and two rules of our own:

- ``noteref``: the normalised marker ``[^N]`` becomes a superscript link to
  note N with the DPUB-ARIA role ``doc-noteref`` and a unique id, so each
  note can link back to every marker pointing at it;
- ``sigla``: every defined siglum in the text becomes an ``<abbr>`` with its
  expansion, linking to the Abbreviations page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_NOTEREF = re.compile(r"\[\^(\d+)\]")


@dataclass(slots=True)
class MarkerIds:
    """Ids given to note markers, in reading order, so notes can link back to them."""

    seen: dict[int, list[str]] = field(default_factory=dict)

    def next(self, n: int) -> str:
        """The id of the next marker of note ``n``: ``r8``, then ``r8-2``…"""
        ids = self.seen.setdefault(n, [])
        ids.append(f"r{n}" if not ids else f"r{n}-{len(ids) + 1}")
        return ids[-1]


def _noteref_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or state.src[state.pos + 1 : state.pos + 2] != "^":
        return False
    m = _NOTEREF.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("noteref", "", 0)
        token.meta = {"n": int(m.group(1))}
    state.pos = m.end()
    return True


_CRITIC = re.compile(r"\{~~(?P<printed>.*?)~>(?P<corrected>.*?)~~\}")


def _emend_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{~~", state.pos):
        return False
    m = _CRITIC.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("emend", "", 0)
        token.meta = {"printed": m.group("printed"), "corrected": m.group("corrected")}
    state.pos = m.end()
    return True


def _render_emend(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    printed = html.escape(tokens[idx].meta["printed"])
    corrected = html.escape(tokens[idx].meta["corrected"])
    return (
        f'<span class="emend" tabindex="0" title="as printed: {printed}" '
        f'data-corrected="corrected: {corrected}"><ins>{corrected}</ins><del>{printed}</del></span>'
    )


def _render_noteref(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    n = tokens[idx].meta["n"]
    ids: MarkerIds | None = env.get("marker_ids")
    anchor = f' id="{ids.next(n)}"' if ids is not None else ""
    href = f"{env.get('chapter_url', '')}#n{n}"
    return (
        f'<sup class="noteref"><a{anchor} href="{href}" role="doc-noteref" '
        f'aria-label="Note {n}">{n}</a></sup>'
    )


def _sigla_rule(state: StateCore) -> None:
    sigla: Mapping[str, str] | None = state.env.get("sigla")
    if not sigla:
        return
    pattern = state.env.get("_sigla_re")
    if pattern is None:
        names = sorted(sigla, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        state.env["_sigla_re"] = pattern
    url = state.env.get("abbreviations_url", "abbreviations.html")
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        depth = 0
        for tok in block.children:
            if tok.type == "link_open":
                depth += 1
            elif tok.type == "link_close":
                depth -= 1
            if tok.type != "text" or depth or not pattern.search(tok.content):
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


def _dashes_rule(state: StateCore) -> None:
    """``---`` → em dash, ``--`` → en dash, ``...`` → ellipsis; nothing else is "improved".

    (markdown-it's own replacements would also turn ``(c)`` into © — wrong in a
    text that enumerates ``(a), (b), (c)``.)
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for tok in block.children:
            if tok.type == "text":
                text = re.sub(r"(?<!-)---(?!-)", "—", tok.content)
                text = re.sub(r"(?<!-)--(?!-)", "–", text)
                tok.content = text.replace("...", "…")


def make_parser() -> MarkdownIt:
    """The edition's inline Markdown parser."""
    md = MarkdownIt("commonmark", {"typographer": True, "html": False})
    md.enable(["smartquotes"])
    md.disable("image")  # a corpus never makes the reader's browser fetch anything
    md.inline.ruler.before("link", "noteref", _noteref_rule)
    md.inline.ruler.before("noteref", "emend", _emend_rule)
    md.add_render_rule("emend", _render_emend)
    md.core.ruler.after("inline", "dashes", _dashes_rule)
    md.core.ruler.after("dashes", "sigla", _sigla_rule)
    md.add_render_rule("noteref", _render_noteref)
    return md


_MD = make_parser()


def inline(text: str, env: MutableMapping[str, Any] | None = None) -> str:
    """Inline Markdown as HTML (markers and sigla per ``env``; see the module doc)."""
    return str(_MD.renderInline(text, env if env is not None else {}))


def plain(text: str) -> str:
    """Inline Markdown as plain text (for titles, tooltips, meta tags and search).

    An emendation gives both readings: ``Chicago [Chigago]``.
    """
    text = _CRITIC.sub(lambda m: f"{m.group('corrected')} [{m.group('printed')}]", text)
    rendered = inline(re.sub(r"\[\^\d+\]", "", text))
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))
