"""Generated pickling of the frozen model classes: same state, same objects back."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from edition import assignments, chronology, corpus, diagnostics, model, register, search
from edition.builder import load_corpus
from edition.frozen import fast_pickle

ROOT = Path(__file__).resolve().parent.parent


def _classes() -> list[type]:
    return [
        v
        for mod in (model, diagnostics, search, corpus, assignments, chronology, register)
        for v in vars(mod).values()
        if isinstance(v, type)
        and v.__module__ == mod.__name__
        and dataclasses.is_dataclass(v)
        and v.__dataclass_params__.frozen  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_every_frozen_model_class_has_the_generated_state(cls: type) -> None:
    assert cls.__getstate__.__module__ == "edition.frozen"  # type: ignore[attr-defined]
    assert cls.__setstate__.__name__ == "__setstate__"  # type: ignore[attr-defined]


def test_a_chapter_comes_back_equal_through_pickle() -> None:
    chapter = load_corpus(ROOT / "corpus", jobs=1).chapters[0]
    back = pickle.loads(pickle.dumps(chapter, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == chapter
    assert back.notes[15].text == chapter.notes[15].text
    assert back.notes[0].span == chapter.notes[0].span


def test_the_state_is_the_field_values_in_order() -> None:
    @fast_pickle
    @dataclasses.dataclass(frozen=True, slots=True)
    class Point:
        x: int
        y: tuple[int, ...] = ()

    @fast_pickle
    @dataclasses.dataclass(frozen=True, slots=True)
    class One:
        only: str

    p = Point(3, (4, 5))
    assert p.__getstate__() == (3, (4, 5))  # type: ignore[attr-defined]
    assert One("a").__getstate__() == ("a",)  # type: ignore[attr-defined]
    q = object.__new__(Point)
    q.__setstate__((3, (4, 5)))  # type: ignore[attr-defined]
    assert q == p
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.x = 9  # type: ignore[misc]
