"""Reading the editors' BibTeX: LaTeX decoded where there is LaTeX, and only there."""

from __future__ import annotations

from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given
from hypothesis import strategies as st

from edition.bibliography import _LATEX, parse_bibliography

_FULL = LatexDecodingMiddleware(keep_braced_groups=True)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_values_without_latex_are_left_as_pylatexenc_leaves_them(value: str) -> None:
    # The fast path returns a value untouched only where pylatexenc would too.
    if _LATEX.search(value) is None:
        assert _FULL._transform_python_value_string(value)[0] == value


@given(
    st.text(
        alphabet=st.sampled_from(list("ab -'`!?{}\\~%&$^_#.,:;()[]<>\"\n\t\u00e9\u2013")),
        max_size=30,
    )
)
def test_punctuation_heavy_values_are_decoded_as_bibtexparser_does(value: str) -> None:
    entry = "@book{k,\n  title = {" + value.replace("{", "").replace("}", "") + "},\n}\n"
    ours, _ = parse_bibliography(entry, "x.bib")
    if _LATEX.search(value.replace("{", "").replace("}", "")) is None and ours:
        assert ours[0].get("title") == " ".join(value.replace("{", "").replace("}", "").split())


def test_latex_is_still_decoded() -> None:
    text = "@book{k,\n  title = {Mao--Nixon \\& the ``Opening''},\n  location = {Paris~VI},\n}\n"
    (source,), diags = parse_bibliography(text, "x.bib")
    assert diags == []
    assert source.get("title") == "Mao–Nixon & the “Opening”"
    assert source.get("location") == "Paris VI"  # a tie, then spaces normalised
