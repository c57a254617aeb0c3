"""Inline Markdown to HTML for the edition, with markdown-it-py.

One parser for every text of the edition: typographic quotes and dashes
(``"x"`` → “x”, ``--`` → –), raw HTML escaped (a corpus can never inject
markup into a reader's page), and rules of our own:

- ``noteref``: the normalised marker ``[^N]`` becomes a superscript link to
  note N with the DPUB-ARIA role ``doc-noteref`` and a unique id, so each
  note can link back to every marker pointing at it;
- ``sigla``: every defined siglum in the text becomes an ``<abbr>`` with its
  expansion, linking to the Abbreviations page;
- ``xrefs``: a reference to another note of the chapter (``see n. 6 above``,
  ``cf. notes 2 and 3``) becomes a link to it (with ``env["notes"]``, the
  chapter's note numbers);
- ``urls``: a web address written out (``https://…``) becomes a link to it, and
  a DOI (``doi:10.…``) a link to ``https://doi.org/``; the punctuation that
  ends a sentence after it is not part of it.

Every paragraph, note and label of a build passes through here, some twice
(as HTML and as plain text), so :func:`inline` and :func:`plain` take a
shorter road to markdown-it's result: its ``text`` rule stops only where one
of our rules can fire, a text with no such character is one text token
without the tokenizer, the core rules run in their order without the core
parser, ``smartquotes`` is a leaner port, and plain text is read from the
tokens instead of stripped from HTML. tests/test_markup.py checks all of it
against markdown-it's own ``renderInline`` on generated text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
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
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _sigla(block.children, state.env)


def _sigla(children: list[Token], env: MutableMapping[str, Any]) -> list[Token]:
    """Every defined siglum in the text tokens (outside links) as an ``<abbr>``."""
    sigla: Mapping[str, str] | None = env.get("sigla")
    if not sigla:
        return children
    pattern = env.get("_sigla_re")
    if pattern is None:
        names = sorted(sigla, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        env["_sigla_re"] = pattern
    url = env.get("abbreviations_url", "abbreviations.html")

    def abbr(m: re.Match[str]) -> tuple[int, Token]:
        siglum = m.group(1)
        t = Token("html_inline", "", 0)
        t.content = (
            f'<abbr class="siglum" title="{html.escape(sigla[siglum])}">'
            f'<a href="{url}#{siglum}">{siglum}</a></abbr>'
        )
        return m.end(), t

    return _replace_in_text(children, pattern, abbr)


# A reference to another note of the chapter, as an author writes one: "see n. 6
# above", "(n. 3)", "cf. notes 2 and 3", "nn. 4–6 below", "cited in note 12". Only
# with a lead-in that makes it a cross-reference ("see", "cf.", "compare", "cited
# in", an opening bracket) or "above"/"below"/"supra"/"infra" after it: "330 n. 6" is
# the note of the book cited, not of this chapter.
_XREF = re.compile(
    r"(?P<word>n(?<![\w.]n)n?\.|[Nn](?<![\w.][Nn])otes?)\s+"
    r"(?P<numbers>\d{1,4}(?:(?:\s*[–-]\s*|,\s*|,?\s+(?:and|or)\s+)\d{1,4})*)(?![\d:])(?!\.\d)"
    r"(?P<tail>\s+(?:above|below|supra|infra)\b)?"
)
# what comes right before a reference (looked for in the text before it)
_XREF_LEAD = re.compile(r"(?:\b(?:[Ss]ee|[Cc]f\.|[Cc]ompare|[Cc]ited in)\s+(?:also\s+)?|\(\s*)$")
_NUMBER = re.compile(r"\d+")


def _xrefs(children: list[Token], env: MutableMapping[str, Any]) -> list[Token]:
    """Every reference to another note of the chapter (``env["notes"]``: the note
    numbers) in the text tokens, outside links, as links to those notes."""
    notes: Sequence[int] | frozenset[int] | None = env.get("notes")
    if not notes:
        return children
    page = env.get("chapter_url", "")

    def link(m: re.Match[str]) -> tuple[int, Token] | None:
        if not m.group("tail") and not _XREF_LEAD.search(m.string, 0, m.start()):
            return None
        numbers = m.group("numbers")
        if any(int(k) not in notes for k in _NUMBER.findall(numbers)):
            return None
        word = m.group("word")
        if _NUMBER.fullmatch(numbers):  # one note: the link is "n. 6"
            body = f'<a class="xref" href="{page}#n{numbers}">{html.escape(word)} {numbers}</a>'
        else:
            body = (
                html.escape(word)
                + " "
                + _NUMBER.sub(
                    lambda k: f'<a class="xref" href="{page}#n{k.group()}">{k.group()}</a>',
                    html.escape(numbers),
                )
            )
        t = Token("html_inline", "", 0)
        t.content = body + html.escape(m.group("tail") or "")
        t.meta = {"text": m.group()}  # for plain()
        return m.end(), t

    return _replace_in_text(children, _XREF, link)


def _xrefs_rule(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _xrefs(block.children, state.env)


def _text(content: str) -> Token:
    t = Token("text", "", 0)
    t.content = content
    return t


def _replace_in_text(
    children: list[Token],
    pattern: re.Pattern[str],
    make: Callable[[re.Match[str]], tuple[int, Token] | None],
) -> list[Token]:
    """``children`` with the matches of ``pattern`` in their text outside links each
    replaced by the token ``make`` gives, with where the text it stands for ends
    (a match ``make`` gives nothing for stays text)."""
    out: list[Token] = []
    depth = 0
    for tok in children:
        if tok.type == "link_open":
            depth += 1
        elif tok.type == "link_close":
            depth -= 1
        if tok.type != "text" or depth or not pattern.search(tok.content):
            out.append(tok)
            continue
        text, pos = tok.content, 0
        for m in pattern.finditer(text):
            made = make(m)
            if made is None:
                continue
            if m.start() > pos:
                out.append(_text(text[pos : m.start()]))
            pos, token = made
            out.append(token)
        if pos < len(text):
            out.append(_text(text[pos:]))
    return out


_URL = re.compile(r"\bhttps?://[^\s<>\"]+|\bdoi:\s?10\.\d{4,9}/[^\s<>\"]+", re.IGNORECASE)
_URL_END = frozenset(".,;:!?'\"’”")


def _url_of(found: str) -> str:
    """The address in ``found``: without the punctuation after it, nor a ``)`` it
    does not open (``(see https://example.org/a.)``)."""
    while found and (
        found[-1] in _URL_END or (found[-1] == ")" and found.count("(") < found.count(")"))
    ):
        found = found[:-1]
    return found


def _urls_rule(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _urls(block.children)


def _urls(children: list[Token]) -> list[Token]:
    """Every web address and DOI in the text tokens (outside links) as a link."""

    def link(m: re.Match[str]) -> tuple[int, Token] | None:
        shown = _url_of(m.group(0))
        scheme, _, rest = shown.partition(":")
        if not rest.strip("/ "):
            return None  # "http://" alone
        href = shown if scheme.lower().startswith("http") else "https://doi.org/" + rest.strip()
        t = Token("html_inline", "", 0)
        t.content = f'<a href="{html.escape(href)}">{html.escape(shown)}</a>'
        t.meta = {"url": shown}  # its text, for plain()
        return m.start() + len(shown), t

    return _replace_in_text(children, _URL, link)


_EM_DASH = re.compile(r"(?<!-)---(?!-)")
_EN_DASH = re.compile(r"(?<!-)--(?!-)")


def _dashes_rule(state: StateCore) -> None:
    """``---`` → em dash, ``--`` → en dash, ``...`` → ellipsis; nothing else is "improved".

    (markdown-it's own replacements would also turn ``(c)`` into © — wrong in a
    text that enumerates ``(a), (b), (c)``.)
    """
    for block in state.tokens:
        if block.type == "inline" and block.children:
            _dashes(block.children)


def _dashes(children: list[Token]) -> None:
    for tok in children:
        if tok.type == "text":
            text = tok.content
            # the substitutions can only change a text holding "--" or "..."
            if "--" in text:
                text = _EN_DASH.sub("–", _EM_DASH.sub("—", text))
            if "..." in text:
                text = text.replace("...", "…")
            tok.content = text


# The characters at which one of our inline rules can fire (newline, escape,
# backtick, emphasis, emend ``{~~``, noteref ``[^``, link ``[``, autolink ``<``,
# entity ``&``), and ``]``, which ends a link label.  markdown-it's ``text`` rule
# stops at a wider set, kept for rules we never enable (strikethrough ``~``,
# image ``!``, linkify ``:``, plugins' ``$ % @ + = # ^ - }``); at those characters
# every rule of ours fails and the tokenizer takes one character into the pending
# text, the very text our rule takes in one step.  So the tokens are the same, and
# prose with hyphens and colons is tokenized without a round of every rule for each.
_TERMINATOR = re.compile(r"[\n\\`*_{\[\]<&]")
_APPEND_PENDING = hasattr(StateInline, "append_pending")


def _text_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    m = _TERMINATOR.search(state.src, pos)
    end = m.start() if m else state.posMax
    if end > state.posMax:
        end = state.posMax
    if end == pos:
        return False
    if not silent:
        if _APPEND_PENDING:
            state.append_pending(state.src[pos:end])
        else:  # markdown-it-py before 4
            state.pending += state.src[pos:end]
    state.pos = end
    return True


def _render_cell(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """A table cell aligned by a class (``align-right``), not by a ``style`` attribute,
    which the pages' Content-Security-Policy forbids."""
    token = tokens[idx]
    style = token.attrs.pop("style", None)
    if isinstance(style, str) and style.startswith("text-align:"):
        token.attrSet("class", "align-" + style.removeprefix("text-align:"))
    return str(self.renderToken(tokens, idx, options, env))


def make_parser() -> MarkdownIt:
    """The edition's inline Markdown parser."""
    md = MarkdownIt("commonmark", {"typographer": True, "html": False})
    md.enable(["smartquotes"])
    md.disable("image")  # a corpus never makes the reader's browser fetch anything
    md.enable("table")  # a table a converter left (GFM pipes), in a paragraph of kind table
    md.add_render_rule("th_open", _render_cell)
    md.add_render_rule("td_open", _render_cell)
    md.inline.ruler.at("text", _text_rule)
    md.inline.ruler.before("link", "noteref", _noteref_rule)
    md.inline.ruler.before("noteref", "emend", _emend_rule)
    md.add_render_rule("emend", _render_emend)
    md.core.ruler.after("inline", "dashes", _dashes_rule)
    md.core.ruler.before("dashes", "urls", _urls_rule)
    md.core.ruler.after("dashes", "sigla", _sigla_rule)
    md.core.ruler.after("sigla", "xrefs", _xrefs_rule)
    md.add_render_rule("noteref", _render_noteref)
    return md


_MD = make_parser()
_RENDERER: RendererHTML = _MD.renderer  # type: ignore[assignment]  # the HTML renderer

_QUOTE = re.compile(r"['\"]")
_WHITESPACE = frozenset("\t\n\v\f\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    map(chr, range(0x2000, 0x200B))
)
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_PUNCT: dict[str, bool] = {}


def _is_punct(ch: str) -> bool:
    """markdown-it's ``isMdAsciiPunct or isPunctChar`` (Unicode P* and S*), memoised by character."""
    known = _PUNCT.get(ch)
    if known is None:
        known = _PUNCT[ch] = ch in _ASCII_PUNCT or unicodedata.category(ch).startswith(("P", "S"))
    return known


def _smartquotes(tokens: list[Token], quotes: str) -> None:
    """markdown-it's ``smartquotes`` core rule (``rules_core/smartquotes.py``) on one
    inline token's children, step by step the same decisions, without its per-quote
    slicing and dictionaries.  (tests/test_markup.py compares the two on generated text.)
    """
    stack: list[tuple[int, int, bool, int]] = []  # (token, position, single, level)
    for i, token in enumerate(tokens):
        level = token.level
        j = len(stack) - 1
        while j >= 0 and stack[j][3] > level:
            j -= 1
        del stack[j + 1 :]
        if token.type != "text":
            continue
        text = token.content
        pos = 0
        maximum = len(text)
        while pos < maximum:
            t = _QUOTE.search(text, pos)
            if not t:
                break
            at = t.start()
            pos = at + 1
            single = text[at] == "'"
            last = " "
            if at >= 1:
                last = text[at - 1]
            else:
                for k in range(i - 1, -1, -1):
                    if tokens[k].type in ("softbreak", "hardbreak"):
                        break
                    if tokens[k].content:
                        last = tokens[k].content[-1]
                        break
            nxt = " "
            if pos < maximum:
                nxt = text[pos]
            else:
                for k in range(i + 1, len(tokens)):
                    if tokens[k].type in ("softbreak", "hardbreak"):
                        break
                    if tokens[k].content:
                        nxt = tokens[k].content[0]
                        break
            last_punct = _is_punct(last)
            next_punct = _is_punct(nxt)
            last_space = last in _WHITESPACE
            next_space = nxt in _WHITESPACE
            can_open = can_close = True
            if next_space or (next_punct and not (last_space or last_punct)):
                can_open = False
            if last_space or (last_punct and not (next_space or next_punct)):
                can_close = False
            if nxt == '"' and not single and "0" <= last <= "9":
                can_close = can_open = False  # 1"" - the first quote is an inch
            if can_open and can_close:
                # in a run of punctuation, not in the middle of a word: foo-"-bar-"-baz
                can_open = last_punct
                can_close = next_punct
            if not can_open and not can_close:
                if single:  # in the middle of a word: an apostrophe
                    token.content = token.content[:at] + "’" + token.content[at + 1 :]
                continue
            if can_close:
                matched = False
                for k in range(len(stack) - 1, -1, -1):
                    opener, opened_at, opener_single, opener_level = stack[k]
                    if opener_level < level:
                        break
                    if opener_single == single and opener_level == level:
                        open_q, close_q = (
                            (quotes[2], quotes[3]) if single else (quotes[0], quotes[1])
                        )
                        # the closing quote first: the two may be in the same token
                        token.content = token.content[:at] + close_q + token.content[at + 1 :]
                        o = tokens[opener].content
                        tokens[opener].content = o[:opened_at] + open_q + o[opened_at + 1 :]
                        pos += len(close_q) - 1
                        if opener == i:
                            pos += len(open_q) - 1
                        text = token.content
                        maximum = len(text)
                        del stack[k:]
                        matched = True
                        break
                if matched:
                    continue
            if can_open:
                stack.append((i, at, single, level))
            elif can_close and single:
                token.content = token.content[:at] + "’" + token.content[at + 1 :]


def _join_text(tokens: list[Token]) -> list[Token]:
    """markdown-it's ``text_join`` core rule: ``text_special`` becomes text, adjacent texts one."""
    out: list[Token] = []
    for token in tokens:
        if token.children:
            token.children = _join_text(token.children)
        if token.type == "text_special":
            token.type = "text"
        if token.type == "text" and out and out[-1].type == "text":
            out[-1].content += token.content
        else:
            out.append(token)
    return out


def _parse(text: str, env: MutableMapping[str, Any]) -> list[Token]:
    """The inline tokens of ``text``: what ``_MD.parseInline`` gives as the children of
    its one ``inline`` token, by the same rules in the same order (normalize, inline,
    urls, dashes, sigla, smartquotes, text_join), without the core parser's per-call
    set-up."""
    src = text
    if "\r" in src:
        src = re.sub(r"\r\n?", "\n", src)
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    children: list[Token]
    if _TERMINATOR.search(src) is None:
        # no rule but ``text`` can fire: the whole source is one text token
        children = []
        if src:
            token = Token("text", "", 0)
            token.content = src
            children.append(token)
    else:
        children = []
        _MD.inline.parse(src, _MD, env, children)
    if ":" in src:  # in every _URL match
        children = _urls(children)
    _dashes(children)
    children = _sigla(children, env)
    if "notes" in env and ("n." in src or "ote" in src):  # in every _XREF match
        children = _xrefs(children, env)
    if _QUOTE.search(src):  # markdown-it looks for quotes in the source, not the tokens
        _smartquotes(children, _MD.options.quotes)
    return _join_text(children)


def inline(text: str, env: MutableMapping[str, Any] | None = None) -> str:
    """Inline Markdown as HTML (markers and sigla per ``env``; see the module doc)."""
    env = env if env is not None else {}
    return str(_RENDERER.renderInline(_parse(text, env), _MD.options, env))


_NOTEREF_ANY = re.compile(r"\[\^\d+\]")


def plain(text: str) -> str:
    """Inline Markdown as plain text (for titles, tooltips, meta tags and search).

    An emendation gives both readings: ``Chicago [Chigago]``.
    """
    text = _CRITIC.sub(lambda m: f"{m.group('corrected')} [{m.group('printed')}]", text)
    tokens = _parse(_NOTEREF_ANY.sub("", text), {})
    # The text the HTML of these tokens shows, with tags taken out and entities read
    # (which is how this was first written): every character of a text is escaped in
    # the HTML, every tag dropped, so it is the tokens' own text.
    out: list[str] = []
    for tok in tokens:
        kind = tok.type
        if kind in ("text", "code_inline"):
            out.append(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "noteref":
            out.append(str(tok.meta["n"]))
        elif kind == "emend":
            out.append(tok.meta["corrected"] + tok.meta["printed"])
        elif kind == "html_inline" and "url" in tok.meta:  # an address made a link
            out.append(tok.meta["url"])
        elif kind == "html_inline" and "text" in tok.meta:  # a reference to a note
            out.append(tok.meta["text"])
        elif kind not in _TAGS_ONLY:
            rendered = _RENDERER.renderInline(tokens, _MD.options, {})
            return html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return "".join(out)


_TAGS_ONLY = frozenset(
    ("link_open", "link_close", "em_open", "em_close", "strong_open", "strong_close")
)
