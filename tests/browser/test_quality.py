"""Site quality: accessibility (axe-core), validity (the Nu Html Checker), links.

* axe-core finds no violation on any page, in the light and the dark scheme,
  at desktop and phone widths — and on the chapter with a note preview open.
* The Nu Html Checker reports no error on any page (one JVM for all of them).
* Every internal link resolves to a file of the site and an ``id`` in it; ids
  are unique; nothing is loaded from outside the site; the only links leaving it
  are http(s) links in the text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import DESKTOP, PHONES, ROOT, Site
from playwright.sync_api import expect

PAGES = ["index.html", "chen-mao.html", "sources.html", "abbreviations.html", "404.html"]
"""Pages the edition must have; the checks below run on every page the build wrote."""
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_checks_cover_the_pages(site: Site) -> None:
    """The ``page_name`` parametrization (every HTML file of the build) has them all."""
    assert set(PAGES) <= set(site.pages())


# axe-core

AXE_VIEWPORTS = {"desktop": DESKTOP, "phone360": PHONES[0]}
"""The widest and the narrowest layout; the 390 px phone is covered by the reading tests."""
SCHEMES = ("light", "dark")
_AXE = Axe()


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # WCAG 2.2's target size (2.5.8, AA) is off in axe by default: readers tap these pages
    "rules": {"target-size": {"enabled": True}},
}


def axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} — {v.get('helpUrl')}")
        for node in v["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"        {check['message']}")
    return "\n".join(lines)


def axe_page(new_context: Any, site: Site, name: str, viewport: str) -> Any:
    """``name`` loaded at ``viewport`` (a touch phone unless desktop), motion reduced.

    Motion is reduced so a preview is measured settled, not mid-fade.
    """
    touch = viewport != "desktop"
    context = new_context(
        viewport=AXE_VIEWPORTS[viewport],
        color_scheme="light",
        has_touch=touch,
        is_mobile=touch,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(site.url(name))
    return page


def axe_in_both_schemes(page: Any, label: str, scope: str | None = None) -> str:
    """axe's report for the page in the light and then the dark scheme ('' when clean).

    The scheme is switched on the loaded page (the same emulation as a context's
    ``color_scheme``), which saves loading and injecting axe twice.
    """
    reports = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (scheme == "dark")
        violations = _AXE.run(page, context=scope, options=AXE_OPTIONS).response["violations"]
        if violations:
            reports.append(f"axe, {label}, {scheme} scheme:\n{axe_report(violations)}")
    report = "\n".join(reports)
    if report:
        print(report)
    return report


@pytest.mark.parametrize("viewport", list(AXE_VIEWPORTS))
def test_axe_no_violations(new_context: Any, site: Site, page_name: str, viewport: str) -> None:
    page = axe_page(new_context, site, page_name, viewport)
    report = axe_in_both_schemes(page, f"{page_name} at {viewport}")
    assert not report, report


@pytest.mark.parametrize("viewport", ["desktop", "phone360"])
def test_axe_no_violations_in_open_preview(new_context: Any, site: Site, viewport: str) -> None:
    page = axe_page(new_context, site, "chen-mao.html", viewport)
    page.locator("a#r8").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".preview")).to_be_visible()
    report = axe_in_both_schemes(page, f"the note 8 preview at {viewport}", ".preview")
    assert not report, report


def test_dark_scheme_is_really_dark(new_context: Any, site: Site) -> None:
    """The dark runs above measure a dark theme: the stylesheet follows the scheme."""
    page = new_context().new_page()
    page.goto(site.url("index.html"))
    rgb = "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
    page.emulate_media(color_scheme="light")
    light = page.evaluate(rgb)
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate(rgb)
    assert sum(dark) < sum(light) / 2, f"dark background {dark}, light {light}"


# Links, in pure Python


LINK_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "formaction")


class Page(HTMLParser):
    """The ids of an HTML page and every URL it references, with the element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[str, str, str, int]] = []
        """(tag, attribute, url, line)"""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for attr, value in attrs:
            if value is None:
                continue
            if attr == "id":
                self.ids.append(value)
            elif attr == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, attr, candidate.split()[0], line))
            elif attr in LINK_ATTRS:
                self.urls.append((tag, attr, value, line))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def parsed(site: Site) -> dict[str, Page]:
    return {name: parse(site.path / name) for name in site.pages()}


ROOTED_OK = {"404.html"}
"""Pages allowed site-root links (``/index.html``): the 404 page is served at any address,
where a relative link would resolve against the missing page's folder."""


def check_links(name: str, page: Page, site: Path, parsed: dict[str, Page]) -> list[str]:
    problems = []
    for tag, attr, url, line in page.urls:
        where = f"{name}:{line} <{tag} {attr}={url!r}>"
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue  # inline content (an empty icon, say): nothing is fetched
        if parts.scheme or parts.netloc:
            if parts.scheme in ("http", "https") and tag == "a" and attr == "href":
                continue  # a link in the text to a page elsewhere
            problems.append(f"{where}: leaves the site")
            continue
        if parts.path.startswith("/"):
            if name not in ROOTED_OK:
                problems.append(f"{where}: site-root link; pages must link relatively")
                continue
            target = PurePosixPath(unquote(parts.path).lstrip("/"))
        elif parts.path:
            target = PurePosixPath(name).parent / unquote(parts.path)
        else:
            target = PurePosixPath(name)
        if tag != "a" and (not parts.path or parts.fragment):
            problems.append(f"{where}: a resource must name a file")
            continue
        normal = PurePosixPath(*[p for p in target.parts if p not in ("", ".")])
        if ".." in normal.parts:
            problems.append(f"{where}: points outside the site")
            continue
        if str(url).endswith("/") or not normal.parts:
            normal = normal / "index.html"
        file = site / normal
        if not file.is_file():
            problems.append(f"{where}: no file {normal}")
            continue
        if parts.fragment or url.endswith("#"):
            fragment = unquote(parts.fragment)
            if not fragment:
                problems.append(f"{where}: empty fragment")
            elif normal.suffix != ".html":
                problems.append(f"{where}: fragment into a non-HTML file")
            else:
                ids = parsed[str(normal)].ids if str(normal) in parsed else parse(file).ids
                if fragment not in ids:
                    problems.append(f"{where}: no id {fragment!r} in {normal}")
    return problems


def test_ids_are_unique(parsed: dict[str, Page], page_name: str) -> None:
    name = page_name
    page = parsed[name]
    assert page.ids, f"{name} has no ids at all"
    repeated = sorted(i for i, n in Counter(page.ids).items() if n > 1)
    assert repeated == [], f"{name}: ids used more than once: {repeated}"


def test_links_resolve_and_stay_in_the_site(
    site: Site, parsed: dict[str, Page], page_name: str
) -> None:
    problems = check_links(page_name, parsed[page_name], site.path, parsed)
    assert problems == [], "\n".join(problems)


def test_nothing_loaded_from_outside(parsed: dict[str, Page], page_name: str) -> None:
    """No CDN, no web font, no tracker: scripts, styles, icons and images are files of the site."""
    outside = [
        (tag, attr, url)
        for tag, attr, url, _ in parsed[page_name].urls
        if tag in ("script", "link", "img", "source", "iframe", "video", "audio", "object")
        and (
            urlsplit(url).scheme not in ("", "data") or urlsplit(url).netloc or url.startswith("/")
        )
    ]
    assert outside == []


CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+(?!url\())["']?([^"')\s;]+)""")


def test_stylesheets_load_nothing_from_outside(site: Site) -> None:
    """The site's CSS (files and inline <style>) imports no font or sheet from elsewhere."""
    sheets = {
        p.relative_to(site.path).as_posix(): p.read_text("utf-8") for p in site.path.rglob("*.css")
    }
    for name in site.pages():
        for i, css in enumerate(
            re.findall(r"<style[^>]*>(.*?)</style>", (site.path / name).read_text("utf-8"), re.S)
        ):
            sheets[f"{name} <style> {i + 1}"] = css
    assert sheets, "no stylesheet found"
    outside = {
        name: url
        for name, css in sheets.items()
        for url in CSS_URL.findall(css)
        if urlsplit(url).scheme not in ("", "data") or urlsplit(url).netloc
    }
    assert outside == {}


def test_pages_request_nothing_outside_the_site(
    new_context: Any, site: Site, page_name: str
) -> None:
    """What the browser really fetches for the page (scripts' own requests included)."""
    context = new_context(viewport=DESKTOP)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(site.url(page_name))
    outside = [u for u in requested if not u.startswith((site.base, "data:", "blob:"))]
    assert outside == []


def test_search_fetches_its_index_from_the_site(new_context: Any, site: Site) -> None:
    """Searching loads Pagefind from the site, nothing from elsewhere, and finds the text."""
    context = new_context(viewport=DESKTOP)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(site.url("chen-mao.html"))
    page.locator("#search-q").fill("Stalin")
    expect(page.locator("#search-results li").first).to_be_visible()
    assert any("/pagefind/" in u for u in requested)
    outside = [u for u in requested if not u.startswith((site.base, "data:", "blob:"))]
    assert outside == []


def test_link_checker_catches_broken_links(site: Site, parsed: dict[str, Page]) -> None:
    """The checker itself: every bad link of a made-up page is reported, no good one is."""
    bad = [
        "chen-mao.html#n999",
        "missing.html",
        "#nowhere",
        "../etc/passwd",
        "#",
        "mailto:editors@example.org",
        "/index.html",
    ]
    good = [
        "https://example.org/",
        "sources.html#chen1994road",
        "data/sources.bib",
        "#p12",
        "data:,",
    ]
    page = Page()
    page.feed(
        "".join(f'<a href="{url}">x</a>' for url in [*bad, *good])
        + '<script src="https://cdn.example.org/x.js"></script>'
        + '<link rel="stylesheet" href="//cdn.example.org/x.css">'
        + '<img src="/static/favicon.svg" alt="">'
    )
    page.ids = parsed["chen-mao.html"].ids  # as if it were the chapter
    problems = check_links("chen-mao.html", page, site.path, parsed)
    reported = [p.split("=", 1)[1].split(">", 1)[0].strip("'") for p in problems]
    expected = [
        *bad,
        "https://cdn.example.org/x.js",
        "//cdn.example.org/x.css",
        "/static/favicon.svg",
    ]
    assert reported == expected, "\n".join(problems)


# The Nu Html Checker: started with the module, read at its end


@pytest.fixture(scope="module", autouse=True)
def vnu_process(site: Site) -> Iterator[subprocess.Popen[str] | str]:
    """One JVM checks every page, in the background while the tests above run.

    The process, or why it could not start (the tests below then skip).
    """
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        missing = "java" if java is None else str(VNU.relative_to(ROOT))
        yield f"the Nu Html Checker needs {missing}: `make browser` installs it"
        return
    files = [str(site.path / name) for name in site.pages()]
    process = subprocess.Popen(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.fixture(scope="module")
def vnu_messages(
    vnu_process: subprocess.Popen[str] | str, site: Site
) -> dict[str, list[dict[str, Any]]]:
    """vnu's messages for every page, by page name."""
    if isinstance(vnu_process, str):
        pytest.skip(vnu_process)
    stdout, stderr = vnu_process.communicate(timeout=120)
    # vnu writes its JSON report to stderr, and exits 1 when it found errors
    try:
        report = json.loads(stderr or stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"the Nu Html Checker did not report (exit {vnu_process.returncode}):\n{stderr}"
        )
    by_page: dict[str, list[dict[str, Any]]] = {name: [] for name in site.pages()}
    for message in report["messages"]:
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        name = (
            path.relative_to(site.path).as_posix() if path.is_relative_to(site.path) else str(path)
        )
        by_page.setdefault(name, []).append(message)
    return by_page


def test_vnu_no_errors(vnu_messages: dict[str, list[dict[str, Any]]], page_name: str) -> None:
    name = page_name
    errors = vnu_messages[name]
    report = "\n".join(
        f"{name}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m.get('type')}: "
        f"{m.get('message')}\n    {m.get('extract', '').strip()[:160]}"
        for m in errors
    )
    assert errors == [], f"Nu Html Checker errors:\n{report}"


def test_vnu_reported_only_on_the_pages(
    vnu_messages: dict[str, list[dict[str, Any]]], site: Site
) -> None:
    """No message about anything but the pages (a file vnu could not read would show here)."""
    pages = site.pages()
    assert set(vnu_messages) == set(pages), {
        k: v for k, v in vnu_messages.items() if k not in pages
    }
