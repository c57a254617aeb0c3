"""Faster pickling for frozen, slotted dataclasses.

Chapters cross process boundaries (``--jobs``) and live in the build cache as
pickles: a chapter holds some five hundred frozen dataclass objects. For a frozen
class with slots, :mod:`dataclasses` pickles each object through
``_dataclass_getstate``/``_dataclass_setstate``, which call ``fields()`` every
time (its own comment: "could be slightly more performant if we generated the
code"). :func:`fast_pickle` generates that code once per class: the state is the
same tuple of field values in field order, so pickles are equivalent, and reading
and writing a chapter takes about 40 % of the time.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def fast_pickle(cls: T) -> T:
    """Give a frozen, slotted dataclass generated ``__getstate__``/``__setstate__``."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    if not names:
        return cls
    get = operator.attrgetter(*names)  # one name: the value; more: a tuple of them

    def getstate(self: Any) -> tuple[Any, ...]:
        return (get(self),) if len(names) == 1 else get(self)

    lines = "".join(f"    _set(self, {name!r}, state[{i}])\n" for i, name in enumerate(names))
    namespace: dict[str, Any] = {"_set": object.__setattr__}
    exec(f"def __setstate__(self, state):\n{lines}", namespace)
    cls.__getstate__ = getstate  # type: ignore[assignment]
    cls.__setstate__ = namespace["__setstate__"]  # type: ignore[attr-defined]
    return cls


def fast_pickle_module(namespace: Mapping[str, Any]) -> None:
    """:func:`fast_pickle` every frozen, slotted dataclass defined in a module's namespace."""
    module = namespace["__name__"]
    for value in list(namespace.values()):
        if (
            isinstance(value, type)
            and value.__module__ == module
            and dataclasses.is_dataclass(value)
            and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
            and "__slots__" in value.__dict__
        ):
            fast_pickle(value)
