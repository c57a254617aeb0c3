"""The chapter set as another book sets its pages (tests/fixtures/corpora/marshall),
in a browser: a note's reference to another note is a link that previews that note
like a marker does (hover, tap), and follows it with Enter or a click; the sigla a
note introduces are abbreviations; axe finds nothing on its pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, served
from playwright.sync_api import expect
from test_quality import _AXE, AXE_OPTIONS, axe_report

from edition.builder import load_corpus, render_files, write_site

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpora" / "marshall"


def _build(out: Path) -> Path:
    write_site(render_files(load_corpus(CORPUS)), out)
    return out


@pytest.fixture(scope="module")
def marshall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("marshall") / "site"
    with served(lambda: _build(out)) as url:
        yield url


def test_a_reference_to_another_note_previews_it(marshall: str, new_context: Any) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(marshall + "hogan.html#n11")
    # the title's unnumbered note, under the byline; the title without its mark
    expect(page.locator("h1")).to_have_text("The Marshall Plan and the Origins of the Cold War")
    expect(page.locator(".chapter__head .title-note")).to_have_text(
        "Written for this collection; the author thanks the Truman Library for its help."
    )
    ref = page.locator("#n11 a.xref", has_text="n. 6")
    ref.hover()
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Note 6")
    expect(preview).to_contain_text("1947, 3:304–6")
    # Enter follows the link, as without JavaScript
    page.mouse.move(0, 0)
    ref.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(marshall + "hogan.html#n6")
    violations = _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    # the archival memorandum of note 12, under Unpublished sources, with its trail
    page.goto(marshall + "hogan.html#n12")
    page.locator("#n12 .trail a").click()
    held = page.locator(".work:target")
    expect(held).to_contain_text("RG 59, Records of the Policy Planning Staff")
    expect(held.locator("a[href='hogan.html#n12']")).to_have_count(1)
    violations += _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    page.goto(marshall + "abbreviations.html")
    row = page.locator("tr#FRUS")
    expect(row).to_contain_text("Foreign Relations of the United States")
    expect(row.get_by_role("link", name="n. 2").first).to_have_attribute("href", "hogan.html#n2")
    violations += _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, axe_report(violations)
    assert errors == []


def test_a_table_is_a_table_that_scrolls_on_a_phone(marshall: str, phone: Any) -> None:
    page = phone().new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))  # a CSP refusal is one
    page.goto(marshall + "hogan.html#p5")
    table = page.locator("#p5 table")
    expect(table.locator("caption")).to_have_text(
        "Table 1. Aid by country, 1948–1951, in millions of dollars"
    )
    expect(table.locator("th")).to_have_text(["Country", "Aid"])
    expect(table.locator("tbody tr")).to_have_count(3)
    # aligned by class: the figures to the right, as the source's rule asks
    cell = table.locator("tbody tr").first.locator("td").nth(1)
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"
    region = page.get_by_role("region", name="Table, paragraph 5")
    box = region.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = _AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, axe_report(violations)
    assert messages == []


def test_a_tap_on_a_reference_previews_the_note(marshall: str, phone: Any) -> None:
    page = phone().new_page()
    page.goto(marshall + "hogan.html#n11")
    y = page.evaluate("scrollY")
    page.locator("#n11 a.xref", has_text="note 3").tap()
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Note 3")
    expect(preview).to_contain_text("Kennan")
    assert page.url.endswith("#n11") and page.evaluate("scrollY") == y  # no jump
