"""The apparatus in a real browser: the as-printed switch, the index, the chronology."""

from __future__ import annotations

import re
from typing import Any

from browser_support import ROOT, Site

from edition.ingest import ingest
from edition.link import link

SOURCE = "corpus/chen-mao/source.md"


# What a reader sees of a paragraph, less its number and its note markers.
SHOWN = """id => {
  const p = document.getElementById(id);
  const hidden = [...p.querySelectorAll('.pnum, .noteref')];
  hidden.forEach(e => { e.style.display = 'none'; });
  const text = p.innerText;
  hidden.forEach(e => { e.style.display = ''; });
  return text;
}"""


def words(text: str) -> list[str]:
    """The words of a text, quotation marks and dashes made plain, markers left out."""
    text = re.sub(r"\[\^\d+\]", "", text)
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    text = text.replace("*", "")
    return re.findall(r"[\w'\"-]+", text)


def test_as_printed_switch_restores_the_source_wording(site: Site, desktop: Any) -> None:
    raw = link(ingest((ROOT / SOURCE).read_text("utf-8"), SOURCE))
    printed = {p.id: p.text for p in raw.paragraphs}
    page = desktop().new_page()
    page.goto(site.url("chen-mao.html"))
    page.evaluate("localStorage.clear()")
    page.reload()
    switch = page.locator(".reading-switch button")
    assert switch.get_attribute("aria-pressed") == "false"
    assert "Kim Il Sung" in page.inner_text("#p26")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    for pid in ("p1", "p7", "p26"):  # the paragraphs the editors emended
        shown = page.evaluate(SHOWN, pid)
        assert words(shown) == words(printed[pid]), pid
    assert "Kim II Sung" in page.inner_text("#p26")
    # remembered across pages: the Abbreviations page shows CCFP's "Chigago" as printed
    page.goto(site.url("abbreviations.html"))
    assert "Chigago" in page.inner_text("#CCFP")
    page.evaluate("localStorage.clear()")


def test_index_lists_every_place_of_a_name(site: Site, desktop: Any) -> None:
    page = desktop().new_page()
    page.goto(site.url("names.html"))
    entry = page.locator("li#stalin-joseph")
    refs = [a.get_attribute("href") for a in entry.locator(".index__refs a").all()]
    assert "chen-mao.html#n33" in refs and "chen-mao.html#n39" in refs  # Filippov, Fyn Si
    roshchin = page.locator("li#roshchin-nikolai .index__refs a").all()
    assert [a.get_attribute("href") for a in roshchin] == [
        "chen-mao.html#p24",
        "chen-mao.html#n32",
        "chen-mao.html#n38",
    ]
    page.click("li#roshchin-nikolai .index__refs a >> nth=0")
    page.wait_for_url("**/chen-mao.html#p24")
    page.wait_for_load_state()
    assert page.evaluate("document.querySelector(':target').id") == "p24"


def test_chronology_orders_the_october_telegrams_and_links_them(site: Site, desktop: Any) -> None:
    page = desktop().new_page()
    page.goto(site.url("chronology.html"))
    items = page.locator("section:has(h2#year-1950) li.chrono__item--document").all()
    telegrams = [
        (
            i.locator(".chrono__date").inner_text(),
            i.locator(".chrono__where a").first.get_attribute("href"),
        )
        for i in items
        if re.fullmatch(r"(\d+ )?October 1950", i.locator(".chrono__date").inner_text())
        and (i.locator(".chrono__what").text_content() or "").startswith("Document: Telegram")
    ]
    assert telegrams == [
        ("October 1950", "chen-mao.html#n38"),
        ("1 October 1950", "chen-mao.html#n34"),
        ("2 October 1950", "chen-mao.html#n35"),
        ("8 October 1950", "chen-mao.html#n42"),
        ("12 October 1950", "chen-mao.html#n45"),
        ("13 October 1950", "chen-mao.html#n47"),
        ("17 October 1950", "chen-mao.html#n48"),
        ("17 October 1950", "chen-mao.html#n49"),
        ("18 October 1950", "chen-mao.html#n49"),
    ]
    page.click("a[href='chen-mao.html#n47']")
    page.wait_for_url("**/chen-mao.html#n47")
    page.wait_for_load_state()
    assert page.evaluate("document.querySelector(':target').id") == "n47"
