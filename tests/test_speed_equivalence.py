"""data.dump_data builds YAML nodes itself: the bytes are those PyYAML's representers give."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from edition import data
from edition.model import Chapter


def representer_dump(value: Any) -> str:
    """The house style as first written: yaml.dump with our list and dict representers."""
    return str(
        yaml.dump(
            value,
            Dumper=data._Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
    )


WORDS = st.sampled_from(
    [
        "a",
        "Mao",
        "CCP's",
        "“quoted”",
        '"x"',
        "'y'",
        "key: value",
        "# not a comment",
        " #",
        "- item",
        "? q",
        "[^1]",
        "{a}",
        "&anchor",
        "*alias",
        "!tag",
        "%",
        "@",
        "`",
        "|",
        ">",
        "yes",
        "No",
        "null",
        "~",
        "1949",
        "0x1F",
        "1e3",
        ".5",
        "2026-11-26",
        "=",
        "<<",
        "毛泽东",
        "\u00a0",
        "\t",
        "\n",
        "\r",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x07",
        "\U0001f600",
        "x" * 30,
        "",
        " ",
        "  ",
    ]
)
TEXT = st.lists(WORDS, max_size=40).map(" ".join) | st.lists(WORDS, max_size=8).map("".join)
SCALAR = TEXT | st.integers(-(10**20), 10**20) | st.none() | st.booleans()
KEYS = st.sampled_from(["id", "n", "text", "notes", "line", "yes", "1", "a b", "k: v", ""])
PLAIN_DATA = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=40,
)


@settings(
    max_examples=500,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(value=PLAIN_DATA)
def test_dump_data_writes_the_representers_bytes(value: Any) -> None:
    assert data.dump_data(value) == representer_dump(value)


def test_shared_and_unusual_values_fall_back() -> None:
    shared = [1, 2]
    for value in (
        {"a": shared, "b": shared},  # written as an anchor and an alias
        {"t": (1, 2)},  # a tuple: PyYAML's own representer
        {"f": 1.5},
    ):
        assert data.dump_data(value) == representer_dump(value)


def test_seed_data(seed: Chapter) -> None:
    assert data.dump_data(data.to_data(seed)) == representer_dump(data.to_data(seed))
