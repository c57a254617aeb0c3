"""Just enough CBOR (RFC 8949) to read and rewrite Pagefind's index files.

Pagefind writes its filter and metadata indexes as CBOR maps in hash-map
order, so two builds of one site differ; :mod:`edition.search` rewrites them
in canonical order (maps sorted by key, as RFC 8949 §4.2.1 recommends). The
subset here is what those files hold: unsigned and negative integers, byte
and text strings, arrays, maps, booleans and null.
"""

from __future__ import annotations

import struct
from typing import Any


class CborError(ValueError):
    """Bytes that are not the CBOR subset read here."""


def loads(data: bytes) -> Any:
    """The value encoded in ``data`` (which must hold exactly one value)."""
    value, end = _read(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the value")
    return value


def _length(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise CborError(f"unsupported length encoding {info}")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _read(data: bytes, pos: int) -> tuple[Any, int]:
    head = data[pos]
    major, info = head >> 5, head & 0x1F
    pos += 1
    if major == 7:
        simple: dict[int, Any] = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], pos
        if info == 27:
            return struct.unpack(">d", data[pos : pos + 8])[0], pos + 8
        raise CborError(f"unsupported simple value {info}")
    n, pos = _length(data, pos, info)
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major == 2:
        return bytes(data[pos : pos + n]), pos + n
    if major == 3:
        return data[pos : pos + n].decode("utf-8"), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _read(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(n):
            key, pos = _read(data, pos)
            value, pos = _read(data, pos)
            pairs.append((key, value))
        return _Map(pairs), pos
    raise CborError(f"unsupported major type {major}")


class _Map(dict[Any, Any]):
    """A decoded map (kept apart from arrays of pairs)."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        super().__init__(pairs)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise CborError("integer too large")


def dumps(value: Any) -> bytes:
    """``value`` in canonical CBOR: shortest lengths, map keys sorted by their encoding."""
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, dict):
        pairs = sorted((dumps(k), dumps(v)) for k, v in value.items())
        return _head(5, len(pairs)) + b"".join(k + v for k, v in pairs)
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(dumps(v) for v in value)
    raise CborError(f"cannot encode {type(value).__name__}")
