"""The README documents everything an editor or a script relies on."""

from __future__ import annotations

import re
from pathlib import Path

from edition import data
from edition.corpus import CHAPTER_FIELDS, EDITION_FIELDS
from edition.diagnostics import CODES
from edition.docgen import regenerate
from edition.model import Chapter

ROOT = Path(__file__).resolve().parent.parent

README = (ROOT / "README.md").read_text("utf-8")


def test_generated_blocks_up_to_date() -> None:
    assert regenerate(README) == README, "README is stale: run `make docs`"


def test_every_diagnostic_code_documented() -> None:
    for code in CODES:
        assert f"`{code}`" in README, code


def test_every_metadata_key_documented() -> None:
    for key in [*CHAPTER_FIELDS, *EDITION_FIELDS]:
        assert f"`{key}`" in README, key


def _keys(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        found = set()
        for k, v in value.items():
            found.add(k)
            found |= _keys(v, k)
        return found
    if isinstance(value, list):
        return set().union(*(_keys(v, prefix) for v in value)) if value else set()
    return set()


def test_every_data_key_documented(seed: Chapter) -> None:
    documented = set(re.findall(r"`(?:[a-z_]+(?:\[\])?\.)*([a-z_]+)`", README))
    missing = _keys(data.to_data(seed)) - documented
    assert not missing, f"keys of the chapter data not in the README: {sorted(missing)}"


def test_readme_names_the_two_commands() -> None:
    assert "make site" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()[-1]
    assert ci in README
