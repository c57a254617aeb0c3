"""The CSS and JavaScript minifier: smaller files, the same meaning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from edition import minify
from edition.builder import PROJECT


def test_css_declarations_lose_their_spaces_selectors_keep_theirs() -> None:
    text = ".a :focus , b > c { color : red ; margin : 0 }\na:hover{ top : 1px }"
    assert minify.css(text) == ".a :focus,b>c{color:red;margin:0}a:hover{top:1px}\n"


def test_css_media_queries_are_left_alone() -> None:
    text = "@media (prefers-color-scheme: dark) { :root { --ink : #eee } }"
    assert minify.css(text) == "@media (prefers-color-scheme: dark){:root{--ink:#eee}}\n"


def test_css_strings_are_kept_exactly() -> None:
    text = 'p::before { content : " : /* not a comment */ " ; } /* a comment\'s quote */ q{x:1}'
    assert minify.css(text) == 'p::before{content:" : /* not a comment */ "}q{x:1}\n'
    assert minify.css("a { content: 'it\\'s : here' }") == "a{content:'it\\'s : here'}\n"


def test_css_minifying_twice_changes_nothing() -> None:
    for path in sorted((PROJECT / "static").glob("*.css")):
        once = minify.css(path.read_text("utf-8"))
        assert minify.css(once) == once, path.name
        assert "/*" not in once and ": " not in once.split("@media")[0], path.name


def test_js_comments_go_code_stays() -> None:
    text = "\n".join(
        [
            "/* a block",
            "   comment */",
            "  var a = null; // the open preview",
            '  var url = "https://example.org"; // a string with slashes: kept whole',
            "  var re = /a\\/\\/b/; // a regular expression: kept whole",
            "  if (x) return; // early",
            "  // a whole line",
            "",
            "  f(a, b) // no semicolon, still code before it",
        ]
    )
    assert minify.js(text).splitlines() == [
        "var a = null;",
        'var url = "https://example.org"; // a string with slashes: kept whole',
        "var re = /a\\/\\/b/; // a regular expression: kept whole",
        "if (x) return;",
        "f(a, b)",
    ]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (installed with vnu-jar)")
@pytest.mark.parametrize("name", sorted(p.name for p in (PROJECT / "static").glob("*.js")))
def test_the_minified_scripts_still_parse(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    out.write_text(minify.js((PROJECT / "static" / name).read_text("utf-8")), "utf-8")
    done = subprocess.run(["node", "--check", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
