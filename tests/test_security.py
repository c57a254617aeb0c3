"""Security: nothing in a corpus can put live markup into a reader's page, or reach outside it.

A hostile corpus — script, frames, event handlers, ``javascript:`` and ``data:``
links, in the text, the notes, the Abbreviations list, ``chapter.yaml``, an
assignment and a BibTeX entry — is built in memory, and every HTML page is
parsed with :mod:`html.parser` (not searched as text) and checked element by
element. Each key of ``edition.yaml`` is tried the same way, on its own. YAML
is loaded safely, and a chapter's ``source:`` cannot read a file outside the
corpus.
"""

from __future__ import annotations

import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from edition.builder import Corpus, load_corpus, render_files
from edition.cli import main

XSS = "<script>alert(1)</script>"
DATA_URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
BREAKOUT = '"></script><!--<script>alert(1)</script>'

SOURCE = f"""# The {XSS} Chapter

## Ann Author

A paragraph with {XSS} and <iframe src="https://evil.example/frame"></iframe> inline.<sup>1</sup>

An image <img src=x onerror=alert(1)> and <svg onload=alert(1)><circle r="9"/></svg> here, \
<IMG SRC=x OnError=alert(1)>, <object data="x.swf"></object><embed src="x.swf">.<sup>2</sup>

Links: [x](javascript:alert(1)), [y]({DATA_URL}), [z](JaVaScRiPt:alert(1)), \
[w](  javascript:alert(1)), <javascript:alert(1)>, ![pixel](https://evil.example/pixel.png), \
![p2](javascript:alert(1)), <a href="javascript:alert(1)">click</a> and \
<a href="https://evil.example" onclick="alert(1)" style="color:red">styled</a>; \
entities &lt;script&gt;alert(1)&lt;/script&gt; and &#60;script&#62;.<sup>3</sup>

<div style="position:fixed" onmouseover="alert(1)">A styled block {XSS}</div>

A paragraph citing EVIL, 3:12, and a quotation "{BREAKOUT}".<sup>4</sup>

## Abbreviations

EVIL {BREAKOUT} Evil Collection <img src=x onerror=alert(1)>

## Notes

1. A note with {XSS} and [x](javascript:alert(1)) and [y]({DATA_URL}).
2. <img src=x onerror=alert(1)> <iframe src="https://evil.example"></iframe> <svg onload=alert(1)>
3. &lt;script&gt;alert(1)&lt;/script&gt; <a href="javascript:alert(1)">a</a> <object data="x"></object>
4. Eve Evil, *The Evil Book* (Nowhere: Evil Press, 2000), 12; EVIL, 3:12; ZZZ, 2:4.
"""

CHAPTER_YAML = f"""title: 'The <!--<script> {XSS} title <img src=x onerror=alert(1)> [x](javascript:alert(1))'
subtitle: '<svg onload=alert(1)> {BREAKOUT}'
authors:
  - 'Ann {XSS} Author'
  - '<a href="javascript:alert(1)">Bob</a> Builder'
rights: '{XSS} rights <iframe src="https://evil.example"></iframe>'
volume:
  title: '<iframe src="https://evil.example"></iframe> Volume {BREAKOUT}'
  editors: ['{XSS} Editor']
  publisher: '{BREAKOUT}'
  place: '<img src=x onerror=alert(1)>'
  year: 2000
  pages: 1-20
abbreviations:
  ZZZ: '{BREAKOUT} [z](javascript:alert(1))'
"""

ASSIGNMENT = f"""title: '{XSS} Week [x](javascript:alert(1)) {BREAKOUT}'
chapter: evil
instructions: 'Read <iframe src="https://evil.example"></iframe> [y]({DATA_URL}) <img src=x onerror=alert(1)> &lt;script&gt;'
questions:
  - text: '<svg onload=alert(1)> Why? <a href="javascript:alert(1)">here</a> [q](javascript:alert(1))'
    passages: [p1, p3]
  - '&lt;script&gt; a plain question {XSS}'
"""

BIB = f"""@book{{evil2000,
  author = {{Evil, Eve}},
  title = {{The Evil Book}},
  publisher = {{Evil Press {BREAKOUT}}},
  address = {{Nowhere <iframe src="https://evil.example"></iframe>}},
  year = {{2000}},
  url = {{javascript:alert(1)}},
  note = {{<svg onload=alert(1)> [n](javascript:alert(1))}},
}}

@book{{evilcoll,
  title = {{Evil Collection {XSS} [x](javascript:alert(1)) <img src=x onerror=alert(1)> {BREAKOUT}}},
  shorthand = {{EVIL}},
  editor = {{{XSS} Editor, Ed}},
  year = {{1990}},
  url = {{{DATA_URL}}},
}}
"""

EDITION_YAML = "title: Readings in Hostile Markup\n"

HOSTILE_EDITION = {
    "title": f"Readings {XSS}",
    "subtitle": f"<img src=x onerror=alert(1)> {BREAKOUT}",
    "editors": [f"{XSS} Ed", '<a href="javascript:alert(1)">Bob</a> Editor'],
    "publisher": BREAKOUT,
    "place": '<iframe src="https://evil.example"></iframe>',
    "year": f"2026 {XSS}",
    "rights": f"<svg onload=alert(1)></svg> rights {BREAKOUT}",
    "url": f"https://example.org/{BREAKOUT}",
}
"""Every key of edition.yaml, each with hostile text."""


SMALL = """# A Small Chapter

## Ann Author

First paragraph of the text.<sup>1</sup>

## Notes

1. The first note.
"""


def write_hostile_corpus(root: Path, edition_yaml: str = EDITION_YAML) -> Path:
    corpus = root / "corpus"
    (corpus / "evil").mkdir(parents=True)
    (corpus / "assignments").mkdir()
    (corpus / "evil" / "source.md").write_text(SOURCE, "utf-8")
    (corpus / "evil" / "chapter.yaml").write_text(CHAPTER_YAML, "utf-8")
    (corpus / "assignments" / "week-1.yaml").write_text(ASSIGNMENT, "utf-8")
    (corpus / "sources.bib").write_text(BIB, "utf-8")
    (corpus / "edition.yaml").write_text(edition_yaml, "utf-8")
    return corpus


def write_plain_corpus(root: Path, edition_yaml: str) -> Path:
    corpus = root / "corpus"
    (corpus / "plain").mkdir(parents=True)
    (corpus / "plain" / "source.md").write_text(SMALL, "utf-8")
    (corpus / "edition.yaml").write_text(edition_yaml, "utf-8")
    return corpus


def load_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    monkeypatch.chdir(root)
    return load_corpus(Path("corpus"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(root)
    here = Path.cwd()
    os.chdir(root)
    try:
        corpus = load_corpus(Path("corpus"))
    finally:
        os.chdir(here)
    errors = [d.format() for d in corpus.all_diagnostics() if str(d.severity) == "error"]
    assert not errors, "the hostile corpus should build:\n" + "\n".join(errors)
    return render_files(corpus)


# --- parsing a page ------------------------------------------------------------


class Page(HTMLParser):
    """Every element of a page with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        self.elements.append((tag.lower(), values))
        if tag.lower() == "script":
            self._script, self._text = values, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse(html: bytes) -> Page:
    page = Page()
    page.feed(html.decode("utf-8"))
    page.close()
    return page


def pages(site: dict[str, bytes]) -> dict[str, Page]:
    return {
        path: parse(content)
        for path, content in sorted(site.items())
        if path.endswith(".html") and not path.startswith("pagefind/")
    }


def _root_of(path: str) -> str:
    return "../" * path.count("/")


def _resolve(page: str, url: str) -> str:
    """A relative URL of a page as a path in the site."""
    parts = page.split("/")[:-1]
    for part in url.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


# --- what no page may hold -----------------------------------------------------


def test_hostile_corpus_is_fully_rendered(hostile_site: dict[str, bytes]) -> None:
    """The fixture reaches every place it means to test."""
    html = {p: c.decode("utf-8") for p, c in hostile_site.items() if p.endswith(".html")}
    assert {"index.html", "evil.html", "sources.html", "abbreviations.html"} <= set(html)
    assert "assignment-week-1.html" in html
    assert "Evil Book" in html["sources.html"], "the BibTeX entries are cited and listed"
    assert "Evil Collection" in html["sources.html"]
    assert "EVIL" in html["abbreviations.html"] and "ZZZ" in html["abbreviations.html"]
    assert "alert(1)" in html["evil.html"], "the hostile text is shown, as text"


def report(found: list[str]) -> str:
    return f"{len(found)} problems:\n" + "\n".join(found[:40])


def test_no_foreign_script(hostile_site: dict[str, bytes]) -> None:
    """The only scripts: the site's own file, and one JSON-LD block on a chapter page."""
    found: list[str] = []
    for path, page in pages(hostile_site).items():
        own = f"{_root_of(path)}static/edition.js"
        ld = 0
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json" and "src" not in attrs:
                ld += 1
                try:
                    json.loads(text)
                except ValueError as e:
                    found.append(f"{path}: JSON-LD does not parse: {e}")
                if "</script" in text.lower():
                    found.append(f"{path}: JSON-LD holds a raw '</script'")
                if "<!--" in text:
                    # '<!--' then '<script' make the HTML parser read on past '</script>':
                    # the rest of the page becomes part of the data block
                    found.append(f"{path}: JSON-LD holds a raw '<!--'")
            elif attrs.get("src") != own or text.strip():
                found.append(f"{path}: <script {attrs}>{text[:60]}")
        if ld > 1:
            found.append(f"{path}: {ld} JSON-LD blocks")
    assert not found, report(found)


FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "base",
}


def test_no_frames_objects_or_svg(hostile_site: dict[str, bytes]) -> None:
    found = [
        f"{path}: <{tag} {attrs}>"
        for path, page in pages(hostile_site).items()
        for tag, attrs in page.elements
        if tag in FORBIDDEN_ELEMENTS
    ]
    assert not found, report(found)


def test_no_event_handlers_or_style_attributes(hostile_site: dict[str, bytes]) -> None:
    found: list[str] = []
    for path, page in pages(hostile_site).items():
        for tag, attrs in page.elements:
            bad = [a for a in attrs if a.startswith("on") or a in {"style", "srcdoc", "formaction"}]
            if bad:
                found.append(f"{path}: <{tag}> with {bad}")
            if tag == "style" and path != "404.html":
                found.append(f"{path}: a <style> element")  # the 404 page's is allowed by hash
            if tag == "meta" and attrs.get("http-equiv", "").lower() not in {
                "",
                "content-security-policy",
            }:
                found.append(f"{path}: <meta http-equiv={attrs['http-equiv']!r}>")
            if tag == "link" and attrs.get("rel") not in {"stylesheet", "icon", "canonical"}:
                found.append(f"{path}: <link rel={attrs.get('rel')!r}>")
    assert not found, report(found)


DANGEROUS = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "cite", "srcset")


def _scheme(url: str) -> str:
    # as browsers read it: control characters and white space inside the scheme are ignored
    return "".join(ch for ch in url if ord(ch) > 32).lower()


def dangerous_urls(site: dict[str, bytes]) -> list[str]:
    found: list[str] = []
    for path, page in pages(site).items():
        for tag, attrs in page.elements:
            for name in URL_ATTRIBUTES:
                if name not in attrs:
                    continue
                if (path, tag, attrs.get("rel"), attrs[name]) == (
                    "404.html",
                    "link",
                    "icon",
                    "data:,",
                ):
                    continue  # the 404 page's empty favicon, so that it fetches nothing
                if _scheme(attrs[name]).startswith(DANGEROUS):
                    found.append(f"{path}: <{tag} {name}={attrs[name]!r}>")
    return found


def test_no_javascript_or_data_urls(hostile_site: dict[str, bytes]) -> None:
    found = dangerous_urls(hostile_site)
    assert not found, report(found)


def test_nothing_outside_the_site_is_loaded(hostile_site: dict[str, bytes]) -> None:
    """Scripts, stylesheets, icons and images come from the site itself: relative URLs."""
    found: list[str] = []
    for path, page in pages(hostile_site).items():
        for tag, attrs in page.elements:
            if tag not in {"script", "link", "img", "source", "video", "audio", "iframe", "input"}:
                continue
            for name in ("src", "href", "srcset"):
                url = attrs.get(name)
                if url is None or (path == "404.html" and url == "data:,"):
                    continue
                if ":" in url.split("/")[0] or url.startswith(("/", "\\")):
                    found.append(f"{path}: <{tag} {name}={url!r}> is not relative")
                elif _resolve(path, url.split("#")[0].split("?")[0]) not in hostile_site:
                    found.append(f"{path}: <{tag} {name}={url!r}> is not a file of the site")
    assert not found, report(found)


def test_every_page_has_a_content_security_policy(hostile_site: dict[str, bytes]) -> None:
    for path, page in pages(hostile_site).items():
        metas = [a for t, a in page.elements if t == "meta"]
        csp = [
            a["content"]
            for a in metas
            if a.get("http-equiv", "").lower() == "content-security-policy"
        ]
        assert len(csp) == 1, f"{path}: {len(csp)} CSP meta elements"
        policy = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in csp[0].split(";")) if d}
        assert policy.get("default-src") == ["'self'"], f"{path}: {csp[0]}"
        assert "'self'" in policy.get("script-src", []), f"{path}: {csp[0]}"
        assert "'unsafe-inline'" not in policy["script-src"], f"{path}: {csp[0]}"
        assert "'unsafe-eval'" not in policy["script-src"], f"{path}: {csp[0]}"
        assert policy.get("object-src") == ["'none'"], f"{path}: {csp[0]}"
        assert "'unsafe-inline'" not in policy.get("style-src", []), f"{path}: {csp[0]}"
        referrer = [a for a in metas if a.get("name") == "referrer"]
        assert len(referrer) == 1 and referrer[0].get("content"), f"{path}: no referrer policy"
        # the policy comes before anything it governs
        first_meta = next(
            i for i, (t, a) in enumerate(page.elements) if t == "meta" and a.get("http-equiv")
        )
        first_load = next(
            (
                i
                for i, (t, _) in enumerate(page.elements)
                if t in {"script", "link", "style", "img"}
            ),
            len(page.elements),
        )
        assert first_meta < first_load, f"{path}: the CSP comes after what it governs"


def test_hostile_text_reaches_the_reader_as_text(hostile_site: dict[str, bytes]) -> None:
    """Escaped, not dropped silently: the chapter page shows the characters of the markup."""
    page = hostile_site["evil.html"].decode("utf-8")
    assert "&lt;script&gt;" in page or "&lt;script>" in page


# --- edition.yaml ------------------------------------------------------------------


def live_markup(site: dict[str, bytes]) -> list[str]:
    """Everything the checks above look for, in one list (for the edition.yaml cases)."""
    found = dangerous_urls(site)
    for path, page in pages(site).items():
        own = f"{_root_of(path)}static/edition.js"
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json":
                if "</script" in text.lower():
                    found.append(f"{path}: JSON-LD holds a raw '</script'")
            elif attrs.get("src") != own or text.strip():
                found.append(f"{path}: <script {attrs}>{text[:60]}")
        for tag, attrs in page.elements:
            if tag in FORBIDDEN_ELEMENTS:
                found.append(f"{path}: <{tag}>")
            if any(a.startswith("on") or a == "style" for a in attrs):
                found.append(f"{path}: <{tag} {attrs}>")
    return found


@pytest.mark.parametrize("key", sorted(HOSTILE_EDITION))
def test_edition_yaml_cannot_inject_markup(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key of edition.yaml, hostile, in an otherwise plain corpus."""
    value = json.dumps(HOSTILE_EDITION[key])
    edition = f"{key}: {value}\n" if key == "title" else EDITION_YAML + f"{key}: {value}\n"
    write_plain_corpus(tmp_path, edition)
    site = render_files(load_in(tmp_path, monkeypatch))
    found = live_markup(site)
    assert not found, report(found)


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", DATA_URL])
def test_edition_url_cannot_be_a_script(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``url:`` in edition.yaml is the site's address: a ``javascript:`` or ``data:`` one is
    refused with a diagnostic, or at least never becomes a link."""
    write_plain_corpus(tmp_path, EDITION_YAML + f"url: {json.dumps(url)}\n")
    corpus = load_in(tmp_path, monkeypatch)
    found = dangerous_urls(render_files(corpus))
    for path, page in pages(render_files(corpus)).items():
        for tag, attrs in page.elements:
            if tag == "meta" and _scheme(attrs.get("content", "")).startswith(DANGEROUS):
                found.append(f"{path}: <meta {attrs}>")
    assert not found, report(found)


# --- YAML and files ----------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "where",
    ["evil/chapter.yaml", "edition.yaml", "assignments/week-1.yaml"],
)
@pytest.mark.parametrize(
    "payload",
    [
        'title: !!python/object/apply:os.system ["touch pwned"]\n',
        "!!python/object/apply:os.system\nargs: ['touch pwned']\n",
        'title: !!python/object/new:subprocess.Popen [["touch", "pwned"]]\n',
        "title: !!python/name:os.system\n",
    ],
)
def test_yaml_is_loaded_safely(
    where: str, payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "evil").mkdir(parents=True)
    (corpus / "assignments").mkdir()
    (corpus / "evil" / "source.md").write_text(SMALL, "utf-8")
    (corpus / where).write_text(payload, "utf-8")
    ran: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a) or 0)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", "--corpus", "corpus")
    assert "Traceback" not in err
    assert code == 1, err
    assert f"corpus/{where}:" in err and ": error: yaml-syntax: " in err, err
    assert not ran and not (tmp_path / "pwned").exists()
    code, _, err = run("build", "--corpus", "corpus", "--out", "out")
    assert code == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "source",
    [
        "../../etc/passwd",
        "../../../../../../../../../../../../../../../../etc/passwd",
        "/etc/passwd",
    ],
)
def test_source_outside_the_corpus_is_refused(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``source:`` names a file in the chapter's folder; one outside the corpus is never read."""
    work = tmp_path / "work"
    (work / "corpus" / "evil").mkdir(parents=True)
    (work / "corpus" / "evil" / "chapter.yaml").write_text(
        f"title: A Chapter\nsource: {source}\n", "utf-8"
    )
    (work / "corpus" / "evil" / "source.md").write_text(SMALL, "utf-8")
    # a decoy where ../../etc/passwd leads from the chapter folder
    (work / "etc").mkdir()
    (work / "etc" / "passwd").write_text("# A Secret\n\nroot:x:0:0:root:/root:/bin/bash\n")
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.resolve())
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    monkeypatch.chdir(work)
    code, out, err = run("check", "--corpus", "corpus")
    assert "Traceback" not in err
    assert code == 1, err
    refusals = [
        line
        for line in err.splitlines()
        if ": error: source-outside-corpus: " in line or ": error: no-source: " in line
    ]
    assert refusals, err
    assert "root:x:0:0" not in err + out
    outside = [p for p in read if not p.is_relative_to((work / "corpus").resolve())]
    assert not outside, f"read outside the corpus: {outside}"
    code, _, err = run("build", "--corpus", "corpus", "--out", "out")
    assert code == 1 and not (work / "out").exists()


def test_source_link_out_of_the_corpus_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret.md").write_text("# Secret\n\nroot:x:0:0\n", "utf-8")
    (tmp_path / "corpus" / "evil").mkdir(parents=True)
    (tmp_path / "corpus" / "evil" / "source.md").symlink_to(tmp_path / "secret.md")
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--corpus", "corpus")
    assert code == 1 and ": error: source-outside-corpus: " in err
    assert not read and "root:x:0:0" not in out + err
