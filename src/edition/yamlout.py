"""Plain data as YAML in the house style, deterministic: same data, same bytes.

Block style, except short lists and records, which are written in flow style
(``notes: [1, 2]``, ``{note: 4, line: 25}``). Written by libyaml where PyYAML has
it; for plain data whose strings are one printable line, by a house emitter that
writes libyaml's exact bytes faster (a port of the parts of libyaml's emitter that
such data reaches; ``tests/test_speed_equivalence.py`` compares the two).
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml

# libyaml's emitter writes the same bytes as PyYAML's own (a test compares them), seven
# times faster; PyYAML's is the fallback where libyaml is missing.
_CSafeDumper: type[yaml.SafeDumper] | None = getattr(yaml, "CSafeDumper", None)
_Base: type[yaml.SafeDumper] = _CSafeDumper or yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[misc,valid-type]
    """Block style, except short lists and records: ``notes: [1, 2]``, ``{note: 4, line: 25}``."""


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    flow = all(isinstance(x, (int, str)) and len(str(x)) < 20 for x in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, mapping: dict[str, Any]) -> yaml.Node:
    flow = len(mapping) <= 4 and all(
        isinstance(v, (int, str)) and len(str(v)) < 20 for v in mapping.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


class _UnusualDataError(Exception):
    """Data :func:`_node` leaves to PyYAML's representers."""


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


def _flow_list(items: list[Any]) -> bool:
    return all(isinstance(x, (int, str)) and len(str(x)) < 20 for x in items)


def _flow_dict(mapping: dict[str, Any]) -> bool:
    return len(mapping) <= 4 and all(
        isinstance(v, (int, str)) and len(str(v)) < 20 for v in mapping.values()
    )


def _node(value: Any, seen: set[int]) -> yaml.Node:
    """The node PyYAML's safe representer, with ours for lists and dicts, makes of
    ``value`` (same tags, values and styles), built directly: the representer's
    dispatch and alias bookkeeping cost more than the emitting.  Only for ``str``,
    ``int``, ``bool``, ``None``, ``list`` and ``dict`` (exact types), each list and
    dict met once; anything else raises :class:`_UnusualDataError` (a list met twice would
    be written as an alias)."""
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_STR, value)
    if kind is int:
        return yaml.ScalarNode(_INT, str(value))
    if value is None:
        return yaml.ScalarNode("tag:yaml.org,2002:null", "null")
    if kind is bool:
        return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
    if kind is list or kind is dict:
        if id(value) in seen:
            raise _UnusualDataError
        seen.add(id(value))
        if kind is list:
            return yaml.SequenceNode(
                "tag:yaml.org,2002:seq",
                [_node(x, seen) for x in value],
                flow_style=_flow_list(value),
            )
        return yaml.MappingNode(
            "tag:yaml.org,2002:map",
            [(_node(k, seen), _node(v, seen)) for k, v in value.items()],
            flow_style=_flow_dict(value),
        )
    raise _UnusualDataError


class _FastDumper(_Dumper):
    """The house dumper, remembering within one document how each scalar resolves.

    The serializer asks twice per scalar which tag it would have unquoted and
    quoted: the same keys and numbers come again and again, and the answer is a
    function of the value alone (there are no path resolvers: checked)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolved: dict[str, str] = {}  # unquoted value: its tag

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:  # not read from the value: the default tag
            return self.DEFAULT_SCALAR_TAG
        tag = self._resolved.get(value)
        if tag is None:
            tag = self._resolved[value] = super().resolve(kind, value, implicit)
        return tag


# --- The house emitter --------------------------------------------------------------
#
# libyaml's emitter took two thirds of the time of a chapter's YAML, mostly in the trip
# through PyYAML's event objects.  _HouseEmitter writes the same bytes for our data
# directly: it is a port of the parts of libyaml's emitter.c (0.2) that plain data
# reaches, keeping libyaml's state (column, indent, the ``whitespace`` and ``indention``
# flags) and its order of writes:
#
# - block and flow sequences and mappings, flow as ``_flow_list``/``_flow_dict`` decide
#   (and empty ones, and all inside a flow collection), simple keys and ``? `` keys;
# - scalars ``str``, ``int``, ``bool`` and ``None``; a ``str`` only when it is one line
#   of characters libyaml prints as they are (see ``_UNUSUAL``).  Such a string is
#   written plain or single-quoted, never double-quoted: libyaml double-quotes only for
#   unprintable characters, line breaks next to spaces, and multi-line simple keys.
#
# Anything else (an unusual string, another type, a list or dict met twice, libyaml
# missing) raises _UnsureError and the whole document goes through libyaml as before.
# tests/test_speed_equivalence.py compares the two on generated data.

_WIDTH = 100
"""The line width given to libyaml; its indent step is 2."""

_UNUSUAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
)
"""A character libyaml does not print as it is (emitter.c IS_PRINTABLE: tab, controls,
U+0085, surrogates, U+FEFF, U+FFFE/F, anything beyond the BMP) or a line break (\\n,
U+2028, U+2029): everything but ``[\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe
\\uff00-\\ufffd]``, written as what it leaves out, which ``re`` compiles in 0.5 ms
instead of 5 (a test compares the two on every code point)."""

_FLOW_INDICATOR = re.compile(r"[,?\[\]{}:]| #")
"""Anywhere in a string, an indicator that forbids the plain style inside flow collections."""

_FOLD = re.compile(r"(?<=[^ ]) (?=[^ ])")
"""Where libyaml may break a plain or single-quoted line: a lone space, neither first nor
last (write_plain_scalar, write_single_quoted_scalar)."""


class _UnsureError(Exception):
    """Data the house emitter leaves to libyaml."""


def _implicit_tag(value: str) -> str:
    """The tag of ``value`` read unquoted, as BaseResolver.resolve finds it."""
    resolvers = _Dumper.yaml_implicit_resolvers
    for tag, regexp in resolvers.get(value[0], []) + resolvers.get(None, []):
        if regexp.match(value):
            return str(tag)
    return _STR


def _one_line(value: str, flow: bool) -> str:
    """A string of ours as libyaml writes it in block (or flow) context, before any line
    is broken: plain, or quoted with ``'`` (select_scalar_style); raises
    :class:`_UnsureError` for a string that is not one printable line."""
    # (an ASCII string is printable to Python exactly when it is to libyaml)
    if not (value.isascii() and value.isprintable()) and _UNUSUAL.search(value):
        raise _UnsureError
    if _plain(value, flow):
        return value
    return "'" + value.replace("'", "''") + "'"


def _plain(value: str, flow: bool) -> bool:
    """Whether libyaml writes a one-line printable string plain (analyze_scalar and
    select_scalar_style): not empty, no space first or last, no indicator that would be
    read as YAML syntax, and read back as a string (the representer's "implicit")."""
    if not value or value[0] == " " or value[-1] == " " or value.startswith(("---", "...")):
        return False
    first = value[1:2] in ("", " ")  # the first character is followed by "whitespace"
    if value[0] in "#,[]{}&*!|>'\"%@`" or (value[0] in "?:-" and first):
        return False
    if flow:
        if _FLOW_INDICATOR.search(value):
            return False
    elif ": " in value or " #" in value or value[-1] == ":":
        return False
    return _implicit_tag(value) == _STR


class _HouseEmitter:
    """libyaml's emitter for plain data, in the house style (see the section comment).

    Method names follow emitter.c; ``indicator`` is yaml_emitter_write_indicator."""

    __slots__ = (
        "column",
        "flow_level",
        "heads",
        "indent",
        "indention",
        "indents",
        "out",
        "seen",
        "texts",
        "whitespace",
    )

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True  # the last thing written was whitespace
        self.indention = True  # only indentation (and "-", "?", ":") on this line so far
        self.indent = -1
        self.indents: list[int] = []
        self.flow_level = 0
        self.seen: set[int] = set()
        # memos for this document: a string's one-line form in block and flow context,
        # and a block mapping key's form with its ":"
        self.texts: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self.heads: dict[str, str] = {}

    def document(self, value: Any) -> str:
        """The YAML of one document with ``value`` as its root, as yaml.dump writes it."""
        self.node(value, False, False)
        self.write_indent()  # the implicit document end
        return "".join(self.out)

    def write_indent(self) -> None:
        indent = self.indent if self.indent >= 0 else 0
        if (
            not self.indention
            or self.column > indent
            or (self.column == indent and not self.whitespace)
        ):
            self.out.append("\n")
            self.column = 0
        if self.column < indent:
            self.out.append(" " * (indent - self.column))
            self.column = indent
        self.whitespace = self.indention = True

    def indicator(
        self, text: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool
    ) -> None:
        if need_whitespace and not self.whitespace:
            self.out.append(" ")
            self.column += 1
        self.out.append(text)
        self.column += len(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = 2 if flow else 0
        elif not indentless:
            self.indent += 2

    def node(self, value: Any, mapping: bool, simple_key: bool) -> None:
        kind = type(value)
        if kind is list or kind is dict:
            if id(value) in self.seen:  # PyYAML would write an anchor and an alias
                raise _UnsureError
            self.seen.add(id(value))
            if kind is list:
                self.sequence(value, mapping)
            else:
                self.mapping(value)
        else:
            self.scalar(value, simple_key)

    def sequence(self, items: list[Any], mapping: bool) -> None:
        if self.flow_level or _flow_list(items):  # _flow_list([]) too
            self.indicator("[", True, True, False)
            self.increase_indent(True, False)
            self.flow_level += 1
            for i, item in enumerate(items):
                if i:
                    self.indicator(",", False, False, False)
                if self.column > _WIDTH:
                    self.write_indent()
                self.node(item, False, False)
            self.flow_level -= 1
            self.indent = self.indents.pop()
            self.indicator("]", False, False, False)
        else:
            self.increase_indent(False, mapping and not self.indention)
            for item in items:
                self.write_indent()
                self.indicator("-", True, False, True)
                self.node(item, False, False)
            self.indent = self.indents.pop()

    def mapping(self, mapping: dict[Any, Any]) -> None:
        if self.flow_level or _flow_dict(mapping):  # _flow_dict({}) too
            self.indicator("{", True, True, False)
            self.increase_indent(True, False)
            self.flow_level += 1
            for i, (key, value) in enumerate(mapping.items()):
                if i:
                    self.indicator(",", False, False, False)
                if self.column > _WIDTH:
                    self.write_indent()
                if _simple_key(key):
                    self.scalar(key, True)
                    self.indicator(":", False, False, False)
                else:
                    self.indicator("?", True, False, False)
                    self.scalar(key, False)
                    if self.column > _WIDTH:
                        self.write_indent()
                    self.indicator(":", True, False, False)
                self.node(value, True, False)
            self.flow_level -= 1
            self.indent = self.indents.pop()
            self.indicator("}", False, False, False)
            return
        self.increase_indent(False, False)
        heads, out, indent = self.heads, self.out, self.indent
        line = "\n" + " " * indent
        for i, (key, value) in enumerate(mapping.items()):
            if i:  # write_indent after a value, which never ends with indention
                out.append(line)
                self.column = indent
                self.whitespace = self.indention = True
            else:
                self.write_indent()
            head = heads.get(key) if type(key) is str else None
            if head is None and _simple_key(key):
                # after write_indent: no space before the key, and a simple key is one line
                head = self.one_line(key) + ":"
                if type(key) is str:
                    heads[key] = head
            if head is not None:  # the key and the ":" indicator
                out.append(head)
                self.column += len(head)
                self.whitespace = self.indention = False
            else:
                self.indicator("?", True, False, True)
                self.scalar(key, False)
                self.write_indent()
                self.indicator(":", True, False, True)
            kind = type(value)
            if kind is list or kind is dict:
                self.node(value, True, False)
            else:
                self.scalar(value, False)
        self.indent = self.indents.pop()

    def one_line(self, value: Any) -> str:
        """A scalar as libyaml writes it here, before any line is broken."""
        kind = type(value)
        if kind is str:
            texts = self.texts[self.flow_level > 0]
            text = texts.get(value)
            if text is None:
                text = texts[value] = _one_line(value, self.flow_level > 0)
            return text
        if kind is int:  # always read back as an int: plain
            return str(value)
        if kind is bool:
            return "true" if value else "false"
        if value is None:
            return "null"
        raise _UnsureError

    def scalar(self, value: Any, simple_key: bool) -> None:
        text = (type(value) is str and self.texts[self.flow_level > 0].get(value)) or (
            self.one_line(value)
        )
        # write_plain_scalar and the opening "'" indicator both want a space first
        space = not self.whitespace
        # the space at index i of text would be at column + i: none is past the width
        # if this holds (and a simple key is never broken)
        if simple_key or self.column + space + len(text) <= _WIDTH + 1:
            self.out.append(" " + text if space else text)
            self.column += space + len(text)
        else:
            if space:
                self.out.append(" ")
                self.column += 1
            self.write_folded(text, 2 if self.indent < 0 else self.indent + 2)
        self.whitespace = self.indention = False

    def write_folded(self, text: str, indent: int) -> None:
        """``text`` with libyaml's breaks: at each lone space past the width, a new line
        indented to ``indent`` (the scalar's) instead of the space.  In a quoted
        ``text``, a space first or last inside the quotes is never broken."""
        out, column, start, length = self.out, self.column, 0, len(text)
        low, high = (2, length - 1) if text[0] == "'" else (0, length)  # no plain starts "'"
        while True:
            # the first lone space past the width on this line: at index
            # start + _WIDTH + 1 - column, the column is _WIDTH + 1
            found = _FOLD.search(text, max(low, start + _WIDTH + 1 - column), high)
            if found is None:
                break
            at = found.start()
            out.append(text[start:at])
            out.append("\n" + " " * indent)
            column, start = indent, at + 1
        out.append(text[start:] if start else text)
        self.column = column + length - start


def _simple_key(key: Any) -> bool:
    """libyaml's check_simple_key for a scalar key of ours: one line of at most 128 bytes
    (a string with a line break is never written by the house emitter)."""
    if type(key) is str:
        return len(key) <= 32 or len(key.encode("utf-8")) <= 128
    return type(key) is not int or len(str(key)) <= 128


def dump_data(value: Any) -> str:
    """Plain data as YAML in the house style (deterministic: same data, same bytes)."""
    if _Base is _CSafeDumper:  # the house emitter writes what libyaml writes
        try:
            return _HouseEmitter().document(value)
        except _UnsureError:
            pass
    try:
        node = _node(value, set())
    except _UnusualDataError:
        return yaml.dump(
            value,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
    # what yaml.dump does with the node its representer makes
    stream = io.StringIO()
    dumper = _FastDumper(
        stream, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100
    )
    try:
        dumper.open()
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()
