"""The editors' decisions, applied: supplied sigla and rulings on repairs.

The source file is never edited by hand. Where a general rule cannot know
better, the editors record their decision in ``chapter.yaml``:

- ``abbreviations`` supplies a siglum the source uses but never defines
  (reported as ``abbreviation-supplied``, and marked ``supplied`` in the data);
- ``decisions`` rules on a repair the pipeline reported: ``accept`` marks it
  reviewed (it is reported as info from then on, with the reason, so
  ``--strict`` passes), ``reject`` undoes it (ingest is run without that
  repair and reports ``repair-rejected``).

A decision that matches no diagnostic any more (because the source or the
rules changed) is reported as ``decision-unmatched``: stale decisions never
linger silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from edition.corpus import Decision
from edition.diagnostics import Diagnostic, Severity, diagnostic, sort_diagnostics
from edition.model import Abbreviation, Chapter


def supply(chapter: Chapter, supplied: Sequence[Abbreviation]) -> Chapter:
    """The chapter with the editors' sigla added to its Abbreviations list (before linking)."""
    if not supplied:
        return chapter
    defined = {a.abbr: a for a in chapter.abbreviations}
    added: list[Abbreviation] = []
    diags: list[Diagnostic] = []
    for a in supplied:
        if a.abbr in defined:
            diags.append(
                diagnostic(
                    "duplicate-abbreviation",
                    a.span.path,
                    a.span.line,
                    f"{a.abbr} is already defined in the source (line {defined[a.abbr].span.line})",
                    "supply only sigla the source does not define",
                )
            )
            continue
        added.append(a)
        diags.append(
            diagnostic(
                "abbreviation-supplied",
                a.span.path,
                a.span.line,
                f"{a.abbr} supplied by the editors: {a.expansion}",
            )
        )
    return replace(
        chapter,
        abbreviations=chapter.abbreviations + tuple(added),
        diagnostics=tuple(sort_diagnostics([*chapter.diagnostics, *diags])),
    )


def _matches(d: Diagnostic, decision: Decision, source: str) -> bool:
    if d.path != source or d.line != decision.line:
        return False
    if decision.action == "accept":
        return d.code == decision.code
    return d.code == "repair-rejected" and d.message.startswith(decision.code)


def review(chapter: Chapter, decisions: Sequence[Decision]) -> Chapter:
    """The chapter's diagnostics with the editors' rulings applied."""
    if not decisions:
        return chapter
    source = chapter.meta.source
    diags = list(chapter.diagnostics)
    extra: list[Diagnostic] = []
    for decision in decisions:
        hits = [i for i, d in enumerate(diags) if _matches(d, decision, source)]
        if not hits:
            extra.append(
                diagnostic(
                    "decision-unmatched",
                    decision.span.path,
                    decision.span.line,
                    f"{decision.action} {decision.code} at line {decision.line}: "
                    f"{source}:{decision.line} reports no such {decision.code}",
                    "the source or the rules changed: check the line, or remove the decision",
                )
            )
            continue
        why = f": {decision.reason}" if decision.reason else ""
        for i in hits:
            d = diags[i]
            if decision.action == "accept":
                diags[i] = replace(
                    d, severity=Severity.INFO, message=f"{d.message} (accepted by the editors{why})"
                )
            else:
                diags[i] = replace(d, message=f"{d.message}{why}")
    return replace(chapter, diagnostics=tuple(sort_diagnostics([*diags, *extra])))
