"""The corpus: the editors' files around the chapters, parsed and checked.

Layout (documented in the README)::

    corpus/
      edition.yaml          the edition: title, editors, publisher, licence, chapter order
      <slug>/               one folder per chapter; its name is the chapter's URL slug
        chapter.yaml        the chapter's metadata (title as displayed, authors, volume, rights)
        source.md           the chapter as the converter delivered it, never edited by hand

This module turns the *text* of those YAML files into typed values and
diagnostics (YAML errors keep their line and column; wrong types and unknown
keys are reported with the key's line). Reading the files is the
orchestrator's job (:mod:`edition.build`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Any

import yaml

from edition.diagnostics import CODES, Diagnostic, diagnostic
from edition.frozen import fast_pickle_module
from edition.ingest import REJECTABLE
from edition.model import Abbreviation, Chapter, Span, Volume

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A URL-safe chapter slug: lower-case letters and digits, single hyphens between."""


@dataclass(frozen=True, slots=True)
class Field:
    """One documented metadata key."""

    kind: str
    """``str``, ``strs`` (a list of strings; a single string is accepted), ``int`` or ``volume``."""
    doc: str
    """What it holds, for the README."""


CHAPTER_FIELDS: dict[str, Field] = {
    "title": Field("str", "The title as it should display (the source may print it in capitals)."),
    "subtitle": Field(
        "str",
        "A subtitle, if any ('' for none, where a line under the title was taken for one).",
    ),
    "authors": Field("strs", "The authors, each as 'First Last' or as printed ('Chen Jian')."),
    "source": Field(
        "str", "The raw chapter file in this folder (default: the only .md or .txt file)."
    ),
    "slug": Field("str", "The chapter's URL slug (default: the folder name)."),
    "order": Field("int", "Position in the edition when edition.yaml gives no chapter list."),
    "volume": Field(
        "volume", "The book the chapter belongs to: title, editors, publisher, place, year, pages."
    ),
    "rights": Field("str", "Rights statement for this chapter."),
    "abbreviations": Field(
        "abbreviations",
        "Sigla the source uses but never defines, supplied by the editors: a mapping of siglum to expansion.",
    ),
    "decisions": Field(
        "decisions",
        "The editors' rulings on repairs: a list of `{code, line, action: accept or reject, reason}`.",
    ),
}
"""Every key ``chapter.yaml`` may hold."""

EDITION_FIELDS: dict[str, Field] = {
    "title": Field("str", "The edition's title."),
    "subtitle": Field("str", "Its subtitle."),
    "editors": Field("strs", "Its editors."),
    "publisher": Field("str", "Who publishes the edition."),
    "place": Field("str", "Place of publication."),
    "year": Field("str", "Year of publication."),
    "url": Field("str", "The address the site will be published at (for citations)."),
    "rights": Field("str", "Licence or rights statement shown in every page's footer."),
    "chapters": Field("strs", "Chapter slugs in reading order (default: by `order`, then slug)."),
}
"""Every key ``edition.yaml`` may hold."""

VOLUME_FIELDS = ("title", "editors", "publisher", "place", "year", "pages")


@dataclass(frozen=True, slots=True)
class Decision:
    """The editors' ruling on one repair the pipeline reports."""

    code: str
    """The diagnostic code it rules on (``marker-recovered``…)."""
    line: int
    """The source line that diagnostic gives."""
    action: str
    """``accept`` (reviewed: right; reported as info from then on) or ``reject`` (do not repair)."""
    reason: str
    """Why, in the editors' words (shown with the diagnostic)."""
    span: Span
    """Where the decision is written (``chapter.yaml`` and its line)."""


@dataclass(frozen=True, slots=True)
class ChapterConfig:
    """The editors' metadata of one chapter, from ``chapter.yaml``."""

    title: str = ""
    """Display title ("" to use the source's heading)."""
    subtitle: str | None = None
    """Subtitle (``None`` to use the source's; ``""`` for none)."""
    authors: tuple[str, ...] = ()
    """Authors (empty to use the source's byline)."""
    source: str = ""
    """Raw chapter file name ("" to find it)."""
    slug: str = ""
    """Slug override ("" for the folder name)."""
    order: int | None = None
    """Position in the edition."""
    volume: Volume | None = None
    """The book it belongs to."""
    rights: str = ""
    """Rights statement."""
    abbreviations: tuple[Abbreviation, ...] = ()
    """Sigla supplied by the editors."""
    decisions: tuple[Decision, ...] = ()
    """The editors' rulings on repairs."""

    @property
    def rejected(self) -> frozenset[tuple[str, int]]:
        """The repairs rejected, as ``(code, line)`` pairs for :func:`edition.ingest.ingest`."""
        return frozenset((d.code, d.line) for d in self.decisions if d.action == "reject")


@dataclass(frozen=True, slots=True)
class EditionMeta:
    """The edition as a whole, from ``edition.yaml``."""

    title: str = "Edition"
    """Title."""
    subtitle: str = ""
    """Subtitle."""
    editors: tuple[str, ...] = ()
    """Editors."""
    publisher: str = ""
    """Publisher."""
    place: str = ""
    """Place."""
    year: str = ""
    """Year."""
    url: str = ""
    """Base URL of the published site."""
    rights: str = ""
    """Licence or rights statement."""
    chapters: tuple[str, ...] = ()
    """Chapter slugs in order."""


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (ten times faster), else the pure-Python one."""


def _compose(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    """The node tree of a YAML document (for lines) and its value, from one parse."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _reworded(text: str, err: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The same syntax error in PyYAML's own words (libyaml words it differently)."""
    if _Loader is yaml.SafeLoader:
        return err
    try:
        _compose(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as own:
        return own
    return err


def _walk(node: yaml.Node, where: str, lines: dict[str, int], path: str) -> list[Diagnostic]:
    """Record the line of every key and item (``questions[0].passages[1]``), and find
    keys given twice in one mapping (YAML keeps the last silently; we do not)."""
    diags: list[Diagnostic] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                continue
            key = str(k.value)
            line = k.start_mark.line + 1
            here = f"{where}.{key}" if where else key
            if key in seen:
                code = "duplicate-abbreviation" if where == "abbreviations" else "duplicate-key"
                diags.append(
                    diagnostic(
                        code,
                        path,
                        line,
                        f"{key!r} is given twice in {where or 'this file'} (first on line {seen[key]}); "
                        "YAML would keep only the last",
                        "keep one of them",
                    )
                )
                continue
            seen[key] = line
            lines[here] = line
            diags += _walk(v, here, lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = f"{where}[{i}]"
            lines[here] = item.start_mark.line + 1
            diags += _walk(item, here, lines, path)
    return diags


def parse_yaml(
    text: str, path: str
) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    """A YAML mapping, the line of every key and item, and any syntax error or repeated key."""
    try:
        node, data = _compose(text, _Loader)
    except yaml.MarkedYAMLError as found:
        err = _reworded(text, found)
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        column = f", column {mark.column + 1}" if mark else ""
        problem = err.problem or err.context or "syntax error"
        return (
            None,
            {},
            [
                diagnostic(
                    "yaml-syntax",
                    path,
                    line,
                    f"YAML syntax error{column}: {problem}",
                    "check indentation and quote values that contain ': ' or start with a special character",
                )
            ],
        )
    except yaml.YAMLError as err:
        return None, {}, [diagnostic("yaml-syntax", path, 0, f"YAML error: {err}")]
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return (
            None,
            {},
            [diagnostic("metadata-type", path, 1, "the file must be a mapping of keys to values")],
        )
    lines: dict[str, int] = {}
    diags = _walk(node, "", lines, path)
    return data, lines, diags


def _check(
    data: dict[str, Any], lines: dict[str, int], fields: dict[str, Field], path: str
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The known, well-typed values of a metadata mapping, and diagnostics for the rest."""
    good: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in data.items():
        line = lines.get(str(key), 1)
        spec = fields.get(str(key))
        if spec is None:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            diags.append(
                diagnostic(
                    "metadata-unknown-key",
                    path,
                    line,
                    f"unknown key {key!r} is ignored",
                    f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(fields),
                )
            )
            continue
        if spec.kind == "abbreviations":
            supplied, found = _abbreviations(value, lines, path)
            diags.extend(found)
            good[str(key)] = supplied
            continue
        if spec.kind == "decisions":
            decisions, found = _decisions(value, lines, path)
            diags.extend(found)
            good[str(key)] = decisions
            continue
        checked, problem = _typed(value, spec.kind)
        if problem:
            diags.append(
                diagnostic("metadata-type", path, line, f"{key!r} must be {problem}", spec.doc)
            )
            continue
        good[str(key)] = checked
    return good, diags


def _typed(value: Any, kind: str) -> tuple[Any, str]:
    """The value converted to its kind, or what it should have been."""
    if kind == "str":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value), ""
        return None, "a string"
    if kind == "strs":
        if isinstance(value, str):
            return (value,), ""
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value), ""
        return None, "a list of strings"
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, ""
        return None, "a whole number"
    if kind == "volume":
        if not isinstance(value, dict) or not isinstance(value.get("title"), str):
            return None, "a mapping with at least a 'title'"
        unknown = sorted(set(value) - set(VOLUME_FIELDS))
        if unknown:
            return None, f"a mapping of {', '.join(VOLUME_FIELDS)} (not {', '.join(unknown)})"
        editors, problem = _typed(value.get("editors", []), "strs")
        if problem:
            return None, "a mapping whose 'editors' is a list of strings"
        return (
            Volume(
                title=value["title"],
                editors=editors,
                publisher=str(value.get("publisher", "")),
                place=str(value.get("place", "")),
                year=str(value.get("year", "")),
                pages=str(value.get("pages", "")),
            ),
            "",
        )
    raise AssertionError(kind)


def _abbreviations(
    value: Any, lines: dict[str, int], path: str
) -> tuple[tuple[Abbreviation, ...], list[Diagnostic]]:
    """Sigla supplied by the editors: ``{ZEJW: "Zhou Enlai junshi wenxuan …"}``."""
    line = lines.get("abbreviations", 1)
    if not isinstance(value, dict):
        return (), [
            diagnostic(
                "metadata-type",
                path,
                line,
                "'abbreviations' must be a mapping of siglum to expansion",
                "e.g. 'abbreviations: {FRUS: Foreign Relations of the United States}'",
            )
        ]
    found: list[Abbreviation] = []
    diags: list[Diagnostic] = []
    for abbr, expansion in value.items():
        at = lines.get(f"abbreviations.{abbr}", line)
        if not isinstance(abbr, str) or not isinstance(expansion, str) or not expansion.strip():
            diags.append(
                diagnostic(
                    "metadata-type", path, at, f"abbreviation {abbr!r} must have a text expansion"
                )
            )
            continue
        found.append(Abbreviation(abbr, expansion.strip(), Span(path, at, at), supplied=True))
    return tuple(found), diags


def _decisions(
    value: Any, lines: dict[str, int], path: str
) -> tuple[tuple[Decision, ...], list[Diagnostic]]:
    """The editors' rulings on repairs, each checked."""
    if not isinstance(value, list):
        return (), [
            diagnostic(
                "metadata-type",
                path,
                lines.get("decisions", 1),
                "'decisions' must be a list of {code, line, action, reason}",
            )
        ]
    found: list[Decision] = []
    diags: list[Diagnostic] = []
    for i, item in enumerate(value):
        at = lines.get(f"decisions[{i}]", lines.get("decisions", 1))
        problem = ""
        if not isinstance(item, dict):
            problem = "a decision must be a mapping {code, line, action, reason}"
        elif item.get("code") not in CODES:
            close = difflib.get_close_matches(str(item.get("code")), list(CODES), n=1)
            problem = f"unknown code {item.get('code')!r}" + (
                f" (did you mean {close[0]!r}?)" if close else ""
            )
        elif not isinstance(item.get("line"), int) or isinstance(item.get("line"), bool):
            problem = "'line' must be the line number the diagnostic gives"
        elif item.get("action") not in ("accept", "reject"):
            problem = "'action' must be 'accept' or 'reject'"
        elif item["action"] == "reject" and item["code"] not in REJECTABLE:
            problem = f"{item['code']} cannot be rejected (only {', '.join(REJECTABLE)})"
        elif set(item) - {"code", "line", "action", "reason"}:
            extra = ", ".join(sorted(map(str, set(item) - {"code", "line", "action", "reason"})))
            problem = f"unknown key(s) {extra} (a decision has code, line, action, reason)"
        if problem:
            diags.append(diagnostic("decision-invalid", path, at, problem))
            continue
        found.append(
            Decision(
                str(item["code"]),
                int(item["line"]),
                str(item["action"]),
                str(item.get("reason", "")),
                Span(path, at, at),
            )
        )
    return tuple(found), diags


def chapter_config(text: str, path: str) -> tuple[ChapterConfig, list[Diagnostic]]:
    """A chapter's metadata from the text of its ``chapter.yaml``."""
    data, lines, diags = parse_yaml(text, path)
    if data is None:
        return ChapterConfig(), diags
    good, problems = _check(data, lines, CHAPTER_FIELDS, path)
    return ChapterConfig(**good), diags + problems


def edition_meta(text: str, path: str) -> tuple[EditionMeta, list[Diagnostic]]:
    """The edition's metadata from the text of ``edition.yaml``."""
    data, lines, diags = parse_yaml(text, path)
    if data is None:
        return EditionMeta(), diags
    good, problems = _check(data, lines, EDITION_FIELDS, path)
    url = good.get("url", "")
    if url and not _URL.match(url):
        problems.append(
            diagnostic(
                "bad-url",
                path,
                lines.get("url", 1),
                f"url {url!r} is not an http(s) address; it is ignored",
                "give the address the site is published at, e.g. https://example.org/edition/",
            )
        )
        del good["url"]
    return EditionMeta(**good), diags + problems


_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


def apply_config(chapter: Chapter, config: ChapterConfig, slug: str) -> Chapter:
    """The chapter with the editors' metadata taking precedence over what ingest found."""
    meta = chapter.meta
    printed = meta.printed_title or meta.title
    title = config.title or meta.title
    meta = replace(
        meta,
        slug=slug,
        title=title,
        subtitle=meta.subtitle if config.subtitle is None else config.subtitle,
        printed_title=printed if printed != title else "",
        authors=config.authors or meta.authors,
        volume=config.volume or meta.volume,
        rights=config.rights or meta.rights,
    )
    diags = chapter.diagnostics
    if meta.title:
        diags = tuple(d for d in diags if d.code != "no-title")
    return replace(chapter, meta=meta, diagnostics=diags)


fast_pickle_module(globals())
