"""The apparatus pages as a reader sees them: sources, abbreviations, contents, 404.

The note trails of the Sources page are compared with the chapter data the site
publishes (``data/chen-mao.yaml``) and with a hand-written expectation, and the
chapter's DPUB-ARIA roles are read from chromium's own accessibility tree.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml
from browser_support import Site
from playwright.sync_api import expect

SLUG = "chen-mao"


@pytest.fixture(scope="module")
def chapter_data(site: Site) -> dict[str, Any]:
    """The chapter data as the built site publishes it."""
    data: dict[str, Any] = yaml.safe_load((site.path / "data" / f"{SLUG}.yaml").read_text("utf-8"))
    return data


def open_page(context: Any, site: Site, name: str) -> Any:
    page = context.new_page()
    response = page.goto(site.url(name))
    assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
    return page


def note_numbers(links: Any, page_url: str = f"{SLUG}.html") -> list[int]:
    """The note numbers a list of links points to, each href checked as ``PAGE#nN``."""
    numbers = []
    for href in links.evaluate_all("els => els.map(a => a.getAttribute('href'))"):
        match = re.fullmatch(re.escape(page_url) + r"#n(\d+)", href)
        assert match, f"not a link to a note of {page_url}: {href!r}"
        numbers.append(int(match.group(1)))
    return numbers


def citing_notes(data: dict[str, Any], key: str) -> list[int]:
    """The notes whose citations resolve to ``key``, in note order, each once."""
    return [
        note["n"]
        for note in data["notes"]
        if any(c.get("source") == key for c in note.get("citations") or [])
    ]


# Sources


def test_sources_trail_of_chen1994road(desktop: Any, site: Site, chapter_data: dict) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "sources.html")
    work = page.locator("li#chen1994road")
    expect(work).to_contain_text("China’s Road to the Korean War")
    shown = note_numbers(work.locator(".work__trail a"))
    assert shown == citing_notes(chapter_data, "chen1994road")
    assert shown == [6, 24, 25, 27, 28, 33, 40, 44, 46]


def test_every_source_trail_matches_chapter_data(
    desktop: Any, site: Site, chapter_data: dict
) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "sources.html")
    works = page.locator("li.work")
    keys = works.evaluate_all("els => els.map(li => li.id)")
    cited = {c.get("source") for n in chapter_data["notes"] for c in n.get("citations") or []}
    assert set(keys) == cited - {None, ""}, "the Sources page lists exactly the works cited"
    wrong = {}
    for key in keys:
        shown = note_numbers(page.locator(f"li#{key} .work__trail a"))
        expected = citing_notes(chapter_data, key)
        if shown != expected:
            wrong[key] = (shown, expected)
    assert wrong == {}, "trail (shown, expected from the data) differs"


def test_sources_trail_link_reaches_the_note(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, "sources.html")
    page.locator("li#chen1994road .work__trail a", has_text="n.\u00a024").click()
    page.wait_for_url(re.compile(rf"/{SLUG}\.html#n24$"))
    note = page.locator("li#n24")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("China’s Road to the Korean War")
    assert page.evaluate("document.querySelector(':target')?.id") == "n24"


# Abbreviations


def test_abbreviation_jmzw_row(desktop: Any, site: Site, chapter_data: dict) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "abbreviations.html")
    row = page.locator("tr#JMZW")
    expect(row.locator("th")).to_have_text("JMZW")
    expect(row).to_contain_text("Jianguo yilai Mao Zedong wengao")
    expect(row.locator("a.to-source")).to_have_attribute("href", "sources.html#jmzw")
    shown = note_numbers(row.locator("td:last-child a"))
    assert shown == [22, 30, 31, 35, 36, 41, 45, 47, 48, 49]
    published = {a["abbr"]: a["notes"] for a in chapter_data["abbreviations"]}
    assert shown == published["JMZW"]


def test_abbreviation_source_link_lands_on_the_work(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, "abbreviations.html")
    page.locator("tr#JMZW a.to-source").click()
    page.wait_for_url(re.compile(r"/sources\.html#jmzw$"))
    expect(page.locator("li#jmzw")).to_be_in_viewport()
    expect(page.locator("li#jmzw abbr.siglum")).to_have_text("JMZW")


# Contents and 404


def test_front_page_lists_the_chapter(desktop: Any, site: Site, chapter_data: dict) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "index.html")
    item = page.locator("li.toc__item", has=page.locator(f"a[href='{SLUG}.html']"))
    expect(item).to_have_count(1)
    expect(item.locator("a.toc__title")).to_have_text("Mao and Sino-American Relations")
    expect(item.locator(".toc__author")).to_have_text("Chen Jian")
    meta = item.locator(".toc__meta")
    expect(meta).to_contain_text("38 paragraphs")
    expect(meta).to_contain_text("60 notes")
    assert (len(chapter_data["paragraphs"]), len(chapter_data["notes"])) == (38, 60)

    item.locator("a.toc__title").click()
    page.wait_for_url(re.compile(rf"/{SLUG}\.html$"))
    expect(page.locator("p.para, blockquote.para, div.para")).to_have_count(38)
    expect(page.locator("[role=doc-endnotes] ol > li")).to_have_count(60)


def test_404_page_renders_and_links_home(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, "404.html")
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page).to_have_title(re.compile(r"^Page not found · "))
    home = page.get_by_role("link", name="Go to the contents of the edition")
    expect(home).to_have_attribute("href", re.compile(r"(^|/)index\.html$"))
    # the page carries its own style: it is served at addresses where static/ is not beside it
    assert page.evaluate("getComputedStyle(document.body).fontFamily").lower().find("serif") >= 0
    home.click()
    page.wait_for_url(re.compile(r"/index\.html$"))
    expect(page.locator("h1")).to_have_text("Readings in Cold War International History")


# DPUB-ARIA


def test_dpub_aria_roles_and_names(desktop: Any, site: Site) -> None:
    """One doc-endnotes section of 60 notes, 60 noterefs and 60 backlinks, each named.

    The notes themselves are plain list items of the doc-endnotes list:
    DPUB-ARIA 1.1 deprecates ``doc-endnote`` (axe's aria-deprecated-role).
    """
    context = desktop()
    page = open_page(context, site, f"{SLUG}.html")
    expect(page.locator("[role=doc-endnotes]")).to_have_count(1)
    expect(page.locator("[role=doc-endnotes] ol > li[id^=n]")).to_have_count(60)
    expect(page.locator("[role=doc-endnote]")).to_have_count(0)
    expect(page.locator("[role=doc-noteref]")).to_have_count(60)
    expect(page.locator("[role=doc-backlink]")).to_have_count(60)

    # what assistive technology gets: chromium's computed accessibility tree
    cdp = context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}

    def role(node: dict[str, Any]) -> str:
        return str((node.get("role") or {}).get("value", ""))

    def name(node: dict[str, Any]) -> str:
        return str((node.get("name") or {}).get("value") or "").strip()

    named: dict[str, list[str]] = {}
    for node in nodes:
        if role(node).startswith("doc-"):
            named.setdefault(role(node), []).append(name(node))
    counts = Counter({r: len(names) for r, names in named.items()})
    assert counts["doc-endnotes"] == 1
    assert counts["doc-noteref"] == 60
    assert counts["doc-backlink"] == 60
    for r in ("doc-noteref", "doc-backlink"):
        unnamed = [i for i, n in enumerate(named[r], 1) if not n]
        assert unnamed == [], f"{r} without an accessible name: {unnamed}"
    assert named["doc-endnotes"] == ["Notes"]
    assert named["doc-noteref"][7] == "Note 8"
    assert named["doc-backlink"][7] == "Back to note 8 reference in paragraph 9"

    # the 60 notes are the items of the endnotes' list (chromium maps a list item
    # of doc-endnotes to doc-endnote itself; older engines say listitem)
    section = next(n for n in nodes if role(n) == "doc-endnotes")
    lists = [by_id[c] for c in section.get("childIds", []) if role(by_id[c]) == "list"]
    assert len(lists) == 1
    items = [by_id[c] for c in lists[0].get("childIds", [])]
    assert [role(i) in ("listitem", "doc-endnote") for i in items] == [True] * 60


@pytest.mark.parametrize("width", [800, 1024, 1280, 1600])
@pytest.mark.parametrize("name", [f"{SLUG}.html", "sources.html"])
def test_header_is_one_running_head_on_wide_screens(
    new_context: Any, site: Site, width: int, name: str
) -> None:
    """From tablet width the header has two lines on every page: the titles with the
    search box beside them, then the edition's parts. The box never drops to a
    line of its own, and a chapter's title in the running head stays on one line."""
    page = open_page(new_context(viewport={"width": width, "height": 700}), site, name)

    def box(selector: str) -> dict[str, float]:
        found: dict[str, float] = page.locator(selector).bounding_box()
        return found

    title, search, nav = box(".site-title"), box(".site-header .search"), box(".site-nav")
    middle = title["y"] + title["height"] / 2
    assert search["y"] <= middle <= search["y"] + search["height"], (title, search)
    assert search["x"] > title["x"] + title["width"]
    assert nav["y"] >= search["y"] + search["height"] - 1, (search, nav)
    header = box(".site-header")
    assert header["height"] < 110, header
    if name != "sources.html":
        crumb = page.locator(".crumb")
        line = crumb.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 0")
        assert crumb.bounding_box()["height"] <= max(line, 30) + 1
        assert crumb.bounding_box()["x"] + crumb.bounding_box()["width"] <= search["x"]
    # nothing in the header runs past the page's edge
    assert page.evaluate("document.documentElement.scrollWidth") <= width
