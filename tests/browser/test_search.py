"""Search, in a real browser: the header box of every page and the Pagefind index.

Every expectation is worked out from the data the site publishes — the chapter
(``data/chen-mao.yaml``: its paragraphs, notes and the notes each siglum is used
in) and the works (``data/sources.json``) — and compared with the results the
reader gets: which places come back, where each leads, what the status line
announces. Also the keyboard (``/``, arrows, Enter, Escape), the part filters,
the lazy loading of Pagefind, and the page opened from a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import Site, chapter_data, watch_errors
from playwright.sync_api import expect

SLUG = "chen-mao"
CHAPTER = f"{SLUG}.html"
PARTS = ("text", "headnote", "notes", "sources", "abbreviations")
ASSIGNMENT = "assignment-chen-mao-questions.html"  # corpus/assignments/chen-mao-questions.yaml
SEARCH_FROM = (
    "index.html",
    CHAPTER,
    "sources.html",
    "abbreviations.html",
    ASSIGNMENT,
    "search.html",
)
COUNT = re.compile(r"^(\d+) results?\.$|^No results")

_ERRORS: dict[int, list[str]] = {}


@pytest.fixture(scope="module")
def data(site: Site) -> dict[str, Any]:
    return chapter_data(site, SLUG)


@pytest.fixture(scope="module")
def works(site: Site) -> list[dict[str, Any]]:
    """The works of the Sources page, as CSL-JSON."""
    items: list[dict[str, Any]] = json.loads(
        (site.path / "data" / "sources.json").read_text("utf-8")
    )
    return items


def open_page(context: Any, site: Site, name: str) -> Any:
    page = context.new_page()
    _ERRORS[id(page)] = watch_errors(page)
    response = page.goto(site.url(name))
    assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
    return page


def assert_no_errors(page: Any) -> None:
    errors = _ERRORS.pop(id(page), [])
    assert errors == [], f"script or console errors: {errors}"


# What the data says a search should find


def _has(text: str, query: str) -> bool:
    """Every word of the query is in the text, as a word (Pagefind ANDs the words)."""
    return all(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in query.split())


def expected_places(
    data: dict[str, Any],
    works: list[dict[str, Any]],
    query: str,
    parts: tuple[str, ...] = PARTS,
) -> set[str]:
    """``page#anchor`` of every place the query should find, from the published data."""
    found: set[str] = set()
    if "text" in parts:
        found |= {f"{CHAPTER}#{p['id']}" for p in data["paragraphs"] if _has(p["text"], query)}
    if "headnote" in parts:
        found |= {f"{CHAPTER}#{p['id']}" for p in data["headnote"] if _has(p["text"], query)}
    if "notes" in parts:
        for note in data["notes"]:
            # a note is also found by the expansion of each siglum it uses
            glosses = " ".join(
                f"{a['abbr']} {a['expansion']}"
                for a in data["abbreviations"]
                if note["n"] in a["notes"]
            )
            if _has(note["text"] + " " + glosses, query):
                found.add(f"{CHAPTER}#n{note['n']}")
    if "sources" in parts:
        found |= {
            f"sources.html#{w['id']}"
            for w in works
            if _has(json.dumps(w, ensure_ascii=False), query)
        }
    if "abbreviations" in parts:
        found |= {
            f"abbreviations.html#{a['abbr']}"
            for a in data["abbreviations"]
            if _has(f"{a['abbr']} {a['expansion']}", query)
        }
    return found


# The reader's side


def hits(page: Any) -> list[dict[str, str]]:
    """The results shown: each link's address and title."""
    items: list[dict[str, str]] = page.locator("#search-results a.hit").evaluate_all(
        "els => els.map(a => ({href: a.href, title: a.querySelector('.hit__title').textContent,"
        " marked: Array.from(a.querySelectorAll('.hit__excerpt mark')).map(m => m.textContent)}))"
    )
    return items


def place(site: Site, href: str, query: str) -> str:
    """``page#anchor`` of a result's address, checked to carry ``?hl=QUERY``."""
    assert href.startswith(site.base), f"a result leads off the site: {href}"
    parts = urlsplit(href)
    assert parse_qs(parts.query) == {"hl": [query]}, f"{href}: not ?hl={query}"
    return parts.path.lstrip("/") + "#" + parts.fragment


def wait_for_results(page: Any, site: Site, query: str) -> list[dict[str, str]]:
    """Wait for the status line to announce the results of ``query``; check it counts them."""
    status = page.locator("#search-status")
    expect(status).to_have_text(COUNT)
    shown = hits(page)
    text = status.inner_text()
    assert text == f"{len(shown)} result{'' if len(shown) == 1 else 's'}.", (
        f"status {text!r} for {len(shown)} results shown"
    )
    for hit in shown:
        place(site, hit["href"], query)
    return shown


def search(page: Any, site: Site, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the header box (after emptying it) and return the results."""
    box = page.locator("#search-q")
    box.fill("")
    expect(page.locator("#search-status")).to_have_text("")
    box.fill(query)
    return wait_for_results(page, site, query)


def places_of(site: Site, shown: list[dict[str, str]], query: str) -> list[str]:
    return [place(site, h["href"], query) for h in shown]


def anchor_exists(site: Site, where: str) -> bool:
    page, anchor = where.split("#", 1)
    html = (site.path / page).read_text("utf-8")
    return f'id="{anchor}"' in html


# What a search finds


def test_name_only_in_the_notes_finds_the_notes_and_nothing_of_the_text(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]]
) -> None:
    page = open_page(desktop(), site, CHAPTER)
    shown = search(page, site, "Ledovsky")
    found = places_of(site, shown, "Ledovsky")
    expected = expected_places(data, works, "Ledovsky")
    assert expected == {
        f"{CHAPTER}#n7",
        f"{CHAPTER}#n8",
        "sources.html#ledovsky1995mikoyan",
    }, "the data changed: Ledovsky is no longer only in notes 7 and 8 and his article"
    assert sorted(found) == sorted(expected)
    assert not [f for f in found if re.search(r"#(p|h)\d+$", f)], "a paragraph came back"
    titles = {place(site, h["href"], "Ledovsky"): h["title"] for h in shown}
    assert titles[f"{CHAPTER}#n7"] == "Note 7"
    assert titles[f"{CHAPTER}#n8"] == "Note 8"
    assert all(anchor_exists(site, f) for f in found)
    assert_no_errors(page)


def test_name_in_text_and_notes_finds_the_paragraph_and_the_notes(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]]
) -> None:
    page = open_page(desktop(), site, CHAPTER)
    shown = search(page, site, "Mikoyan")
    found = places_of(site, shown, "Mikoyan")
    expected = expected_places(data, works, "Mikoyan")
    assert {f"{CHAPTER}#p9", f"{CHAPTER}#n7", f"{CHAPTER}#n8"} <= expected
    assert sorted(found) == sorted(expected)
    titles = {place(site, h["href"], "Mikoyan"): h["title"] for h in shown}
    assert titles[f"{CHAPTER}#p9"] == "¶ 9"
    # each result leads to its anchor, on the page that has it
    missing = [f for f in found if not anchor_exists(site, f)]
    assert missing == [], f"results lead to anchors that do not exist: {missing}"
    # and its excerpt shows the word found
    for hit in shown:
        assert any("mikoyan" in m.lower() for m in hit["marked"]), hit
    assert_no_errors(page)


def test_only_notes_ticked_finds_only_notes(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]]
) -> None:
    page = open_page(desktop(), site, CHAPTER)
    search(page, site, "Mikoyan")
    boxes = page.locator("#search-panel input[name=part]")
    assert boxes.evaluate_all("els => els.map(b => b.value)") == list(PARTS)
    status = page.locator("#search-status")
    for part in PARTS:
        if part != "notes":
            page.locator(f"#search-panel input[name=part][value={part}]").uncheck()
            # each change searches again; wait for the count to follow the boxes
            expect(status).to_have_text(COUNT)
    expected = expected_places(data, works, "Mikoyan", ("notes",))
    assert expected == {f"{CHAPTER}#n7", f"{CHAPTER}#n8"}
    expect(status).to_have_text(f"{len(expected)} results.")
    shown = wait_for_results(page, site, "Mikoyan")
    assert sorted(places_of(site, shown, "Mikoyan")) == sorted(expected)
    assert all(h["title"].startswith("Note ") for h in shown)

    page.locator("#search-panel input[name=part][value=notes]").uncheck()
    expect(status).to_have_text("Choose at least one part of the edition to search in.")
    expect(page.locator("#search-results a.hit")).to_have_count(0)
    assert_no_errors(page)


def test_siglum_expansion_finds_the_notes_that_use_the_siglum(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]]
) -> None:
    query = "Selected Works of Mao Zedong"
    mzx = next(a for a in data["abbreviations"] if a["abbr"] == "MZX")
    assert query in mzx["expansion"]
    assert mzx["notes"] == [5, 10, 13, 59]
    # none of these notes has the words itself: only the siglum MZX
    assert not any(_has(n["text"], query) for n in data["notes"] if n["n"] in mzx["notes"])

    page = open_page(desktop(), site, CHAPTER)
    shown = search(page, site, query)
    found = places_of(site, shown, query)
    notes = sorted(int(f.rsplit("#n", 1)[1]) for f in found if f.startswith(f"{CHAPTER}#n"))
    assert notes == mzx["notes"]
    assert "abbreviations.html#MZX" in found
    assert sorted(found) == sorted(expected_places(data, works, query))
    assert_no_errors(page)


# Where it leads


def test_enter_on_a_result_lands_on_the_note_with_the_word_marked(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, CHAPTER)
    shown = search(page, site, "Ledovsky")
    wanted = next(i for i, h in enumerate(shown) if h["href"].endswith("#n7"))
    box = page.locator("#search-q")
    box.focus()
    for _ in range(wanted + 1):
        page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href")
    assert focused == shown[wanted]["href"], "the arrows did not reach the result for note 7"
    assert_no_errors(page)

    with page.expect_navigation():
        page.keyboard.press("Enter")
    _ERRORS[id(page)] = watch_errors(page)
    assert urlsplit(page.url).fragment == "n7"
    note = page.locator("li#n7")
    expect(note).to_be_in_viewport()
    marks = note.locator("mark.found")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} == {"ledovsky"}
    # nothing outside the note is marked
    expect(page.locator("mark.found")).to_have_count(marks.count())
    assert page.evaluate("document.activeElement.id") == "n7"
    assert_no_errors(page)


_CONTRAST = """(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const mark = getComputedStyle(el);
  const place = getComputedStyle(el.closest("li, p, [id]"));
  return {text: ratio(mark.color, mark.backgroundColor),
          place: ratio(mark.backgroundColor, place.backgroundColor),
          underline: mark.boxShadow};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_searched_words_stand_out_in_the_place_arrived_at(
    desktop: Any, site: Site, scheme: str
) -> None:
    # The place arrived at is itself marked (:target, var(--mark)): the words found in
    # it must not be the same colour, and must stay legible.
    page = open_page(desktop(color_scheme=scheme), site, f"{CHAPTER}?hl=Ledovsky#n8")
    mark = page.locator("li#n8 mark.found").first
    expect(mark).to_have_text("Ledovsky")
    seen = mark.evaluate(_CONTRAST)
    assert seen["text"] >= 4.5, f"{scheme}: the marked word's contrast is {seen['text']:.2f}"
    assert seen["place"] >= 1.3, f"{scheme}: the mark is the colour of the place it is in"
    assert seen["underline"] != "none", f"{scheme}: the mark has no underline"
    assert_no_errors(page)


# From every page


@pytest.mark.parametrize("name", SEARCH_FROM)
def test_search_works_from_every_page_and_loads_pagefind_only_then(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]], name: str
) -> None:
    context = desktop()
    requested: list[str] = []
    # the context sees the requests of Pagefind's worker too
    context.on("request", lambda r: requested.append(r.url))
    page = open_page(context, site, name)
    page.wait_for_load_state("networkidle")
    early = [u for u in requested if "/pagefind/" in u]
    assert early == [], f"{name} fetched Pagefind before the reader searched: {early}"

    shown = search(page, site, "Ledovsky")
    assert site.url("pagefind/pagefind.js") in requested
    assert sorted(places_of(site, shown, "Ledovsky")) == sorted(
        expected_places(data, works, "Ledovsky")
    )
    # a result is a real link: following one lands on the note
    page.locator("#search-results a.hit[href$='#n8']").click()
    page.wait_for_url(re.compile(rf"/{re.escape(CHAPTER)}\?hl=Ledovsky#n8$"))
    expect(page.locator("li#n8")).to_be_in_viewport()
    expect(page.locator("li#n8 mark.found").first).to_have_text("Ledovsky")
    assert_no_errors(page)


def test_search_page_searches_its_query_parameter(
    desktop: Any, site: Site, data: dict[str, Any], works: list[dict[str, Any]]
) -> None:
    page = open_page(desktop(), site, "search.html?q=Mikoyan")
    expect(page.locator("#search-q")).to_have_value("Mikoyan")
    expect(page.locator("#search-panel")).to_be_visible()
    shown = wait_for_results(page, site, "Mikoyan")
    assert sorted(places_of(site, shown, "Mikoyan")) == sorted(
        expected_places(data, works, "Mikoyan")
    )
    assert_no_errors(page)


# The keyboard


def test_slash_focuses_the_search_box(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, CHAPTER)
    box = page.locator("#search-q")
    expect(box).to_have_attribute("aria-keyshortcuts", "/")
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the slash is not typed into it
    # in the box, a slash is just a character
    page.keyboard.type("US/UN")
    expect(box).to_have_value("US/UN")
    assert_no_errors(page)


def test_arrows_move_through_the_results(desktop: Any, site: Site) -> None:
    page = open_page(desktop(), site, CHAPTER)
    shown = search(page, site, "Mikoyan")
    assert len(shown) >= 3
    links = page.locator("#search-results a.hit")
    box = page.locator("#search-q")
    box.focus()
    for i in (0, 1, 2):
        page.keyboard.press("ArrowDown")
        expect(links.nth(i)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    # the status line is a polite live region
    expect(page.locator("#search-status")).to_have_attribute("role", "status")
    assert page.evaluate("location.hash") == ""
    assert_no_errors(page)


@pytest.mark.parametrize("start", ["box", "result"])
def test_escape_closes_the_panel_and_returns_to_the_box(
    desktop: Any, site: Site, start: str
) -> None:
    page = open_page(desktop(), site, CHAPTER)
    search(page, site, "Mikoyan")
    box = page.locator("#search-q")
    panel = page.locator("#search-panel")
    expect(panel).to_be_visible()
    box.focus()
    if start == "result":
        page.keyboard.press("ArrowDown")
        expect(page.locator("#search-results a.hit").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(panel).to_be_hidden(timeout=2000)
    assert page.evaluate("location.hash") == ""
    assert_no_errors(page)


# Loading


def test_opened_from_a_file_search_says_it_needs_a_server(desktop: Any, site: Site) -> None:
    page = desktop().new_page()
    errors = watch_errors(page, console=False)
    page.goto(Path(site.path / CHAPTER).as_uri())
    assert page.url.startswith("file://")
    page.locator("#search-q").focus()
    status = page.locator("#search-status")
    expect(page.locator("#search-panel")).to_be_visible()
    expect(status).to_contain_text("Search needs the edition to be served over http")
    page.keyboard.type("Mikoyan")
    page.wait_for_timeout(400)  # past the typing delay: the search ran, and failed gently
    expect(status).to_contain_text("served over http")
    expect(page.locator("#search-results a.hit")).to_have_count(0)
    assert errors == []


def test_report_index_size_and_first_query_transfer(
    desktop: Any, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not asserted: the size of the index and what a first search downloads."""
    folder = site.path / "pagefind"
    files = [p for p in folder.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)

    context = desktop()
    page = open_page(context, site, CHAPTER)
    page.wait_for_load_state("networkidle")
    responses: list[Any] = []
    context.on("response", lambda r: responses.append(r) if "/pagefind/" in r.url else None)
    search(page, site, "Mikoyan")
    page.wait_for_load_state("networkidle")
    sizes = {}
    for r in responses:
        length = r.header_value("content-length")
        if length is None:
            length = (folder / urlsplit(r.url).path.split("/pagefind/", 1)[1]).stat().st_size
        sizes[urlsplit(r.url).path] = int(length)
    with capsys.disabled():
        print(
            f"\n[search weight] pagefind/: {len(files)} files, {total:,} bytes"
            f" ({total / 1024:.1f} KiB) on disk"
            f"\n[search weight] first query 'Mikoyan': {len(sizes)} requests under pagefind/,"
            f" {sum(sizes.values()):,} bytes ({sum(sizes.values()) / 1024:.1f} KiB) of responses"
        )
    assert_no_errors(page)
