"""An anthology: its Sources page folds the trail of a work cited in many chapters
into a summary that opens (by click or keyboard) to every citing note, and axe finds
nothing; its search index comes in shards, merged into one search; each chapter
ends with links to the previous and the next."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, served
from playwright.sync_api import expect
from test_quality import _AXE, AXE_OPTIONS, axe_report

from edition import search
from edition.builder import load_corpus, render_files, write_site
from edition.render import FOLD_TRAILS_OVER

ROOT = Path(__file__).resolve().parents[2]
COPIES = FOLD_TRAILS_OVER + 1
TITLE = "Mao and Sino-American Relations"


def _anthology(tmp: Path) -> Path:
    """The seed chapter in COPIES chapters (``chen-mao``, ``copy-2``, …), built."""
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    slugs = ["chen-mao"] + [f"copy-{k}" for k in range(2, COPIES + 1)]
    for slug in slugs[1:]:
        shutil.copytree(corpus / "chen-mao", corpus / slug)
    edition = corpus / "edition.yaml"
    text = edition.read_text("utf-8")
    edition.write_text(
        text.replace("- chen-mao", "\n".join(f"  - {s}" for s in slugs).lstrip(), 1), "utf-8"
    )
    out = tmp / "site"
    # indexed in shards of two chapters, as an anthology of more than SHARD_CHAPTERS is
    shard_chapters, search.SHARD_CHAPTERS = search.SHARD_CHAPTERS, 2
    try:
        write_site(render_files(load_corpus(corpus)), out)
    finally:
        search.SHARD_CHAPTERS = shard_chapters
    return out


@pytest.fixture(scope="module")
def anthology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("anthology")
    with served(lambda: _anthology(tmp)) as url:
        yield url


def test_a_much_cited_work_folds_its_trail_and_opens_it(anthology: str, new_context: Any) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(anthology + "sources.html#shi1992mao")
    work = page.locator("#shi1992mao")
    trail = work.locator("details.work__trail")
    summary = trail.locator("summary")
    # Shi Zhe's memoir is cited in note 8 of the chapter, so once in each copy
    assert summary.inner_text() == f"Cited in {COPIES} notes of {COPIES} chapters"
    link = trail.locator(f"a[href='copy-{COPIES}.html#n8']")
    assert link.count() == 1 and not link.is_visible()  # folded
    summary.focus()
    page.keyboard.press("Enter")
    assert trail.get_attribute("open") is not None
    assert link.is_visible()
    link.click()
    page.wait_for_url(f"{anthology}copy-{COPIES}.html#n8")

    page.goto(anthology + "sources.html")  # folded, then one trail open: axe finds nothing
    violations = _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    page.locator("details.work__trail").first.evaluate("d => { d.open = true; }")
    violations += _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, axe_report(violations)


def test_each_chapter_ends_with_the_previous_and_the_next(
    anthology: str, new_context: Any, phone: Any
) -> None:
    slugs = ["chen-mao"] + [f"copy-{k}" for k in range(2, COPIES + 1)]
    page = new_context(viewport=DESKTOP).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for i, slug in enumerate(slugs):
        page.goto(f"{anthology}{slug}.html")
        nav = page.get_by_role("navigation", name="Chapters")
        links = nav.locator("a").evaluate_all(
            "els => els.map(a => [a.rel, a.getAttribute('href'), a.innerText.replace(/\\s+/g, ' ')])"
        )
        wanted = []
        if i > 0:
            wanted.append(["prev", f"{slugs[i - 1]}.html", "PREVIOUS CHAPTER " + TITLE])
        if i + 1 < len(slugs):
            wanted.append(["next", f"{slugs[i + 1]}.html", "NEXT CHAPTER " + TITLE])
        assert links == wanted, slug
    # reading on: the next chapter's link leads to it
    page.goto(f"{anthology}copy-2.html")
    page.get_by_role("link", name=f"Next chapter {TITLE}").click()
    page.wait_for_url(f"{anthology}copy-3.html")
    violations = _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, axe_report(violations)
    assert errors == []
    # on a phone, the two links are big enough to tap and do not overlap
    small = phone().new_page()
    small.goto(f"{anthology}copy-2.html")
    boxes = [small.locator(f".chapter-nav__{d}").bounding_box() for d in ("prev", "next")]
    assert all(b is not None and b["height"] >= 24 for b in boxes)
    prev, nxt = boxes
    assert prev is not None and nxt is not None
    assert prev["y"] + prev["height"] <= nxt["y"] or prev["x"] + prev["width"] <= nxt["x"]


def test_the_search_finds_a_note_in_every_shard(anthology: str, new_context: Any) -> None:
    context = new_context(viewport=DESKTOP)
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(anthology + "copy-3.html")
    form = page.locator("form.search")
    shards = (COPIES + 1) // 2
    assert form.get_attribute("data-shards") == str(shards)
    page.locator("#search-q").fill("Ledovsky")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results\.$"))
    found = page.locator("#search-results a.hit").evaluate_all(
        "els => els.map(a => a.pathname.slice(1) + a.hash)"
    )
    # Ledovsky is named in notes 7 and 8 of the chapter, so in each copy of it (each
    # copy in its shard), and his article is on the Sources page (in the first)
    slugs = ["chen-mao"] + [f"copy-{k}" for k in range(2, COPIES + 1)]
    notes = [f"{s}.html#n{n}" for s in slugs for n in (7, 8)]
    assert sorted(found) == sorted([*notes, "sources.html#ledovsky1995mikoyan"])
    # each shard's index was read; Pagefind's script and WebAssembly only once
    for k in range(2, shards + 1):
        assert anchor_of(requested, f"pagefind/shard-{k}/pagefind-entry.json")
    assert not [u for u in requested if "/shard-" in u and u.endswith((".js", ".pagefind"))]
    assert len([u for u in requested if u.endswith("wasm.en.pagefind")]) == 1
    # the part filters hold in every shard
    page.locator('input[name="part"][value="notes"]').uncheck()
    expect(page.locator("#search-status")).to_have_text("1 result.")
    found = page.locator("#search-results a.hit").evaluate_all(
        "els => els.map(a => a.pathname.slice(1) + a.hash)"
    )
    assert found == ["sources.html#ledovsky1995mikoyan"]
    assert errors == []


def anchor_of(requested: list[str], path: str) -> bool:
    return any(u.split("?", 1)[0].endswith("/" + path) for u in requested)
