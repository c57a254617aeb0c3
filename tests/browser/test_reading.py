"""A reader's flows on the chapter page, in a real browser.

Notes by their markers and back again (with and without JavaScript), the note
previews with a mouse, a finger and the keyboard, reduced motion, and paragraph
permalinks — each asserted on the chapter's real content.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import PHONES, Site
from playwright.sync_api import expect

CHAPTER = "chen-mao.html"
PREVIEW = ".preview"

_SCRIPT_ERRORS: dict[int, list[str]] = {}


def chapter(context: Any, site: Site, fragment: str = "") -> Any:
    """The chapter page in a new tab of ``context``, its script errors recorded."""
    page = context.new_page()
    errors: list[str] = []
    _SCRIPT_ERRORS[id(page)] = errors
    page.on("pageerror", lambda error: errors.append(str(error)))
    # console errors too: a refused load (Content-Security-Policy) or a missing file
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site.url(CHAPTER + fragment))
    return page


def assert_no_script_errors(page: Any) -> None:
    """Nothing the reader did made edition.js throw, or the console report an error."""
    errors = _SCRIPT_ERRORS.pop(id(page), [])
    assert errors == [], f"uncaught errors in edition.js, or console errors: {errors}"


def url_fragment(page: Any) -> str:
    return str(page.evaluate("location.hash"))


# Markers, notes and back-links


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_marker_goes_to_its_note_and_backlink_returns(
    desktop: Any, site: Site, javascript: bool
) -> None:
    page = chapter(desktop(java_script_enabled=javascript), site)
    marker = page.locator("a#r8")
    expect(marker).to_have_attribute("href", "#n8")
    expect(marker).to_have_attribute("role", "doc-noteref")
    # note 8's marker stands in paragraph 9
    expect(page.locator("#p9 a#r8")).to_have_count(1)

    marker.click()
    note = page.locator("li#n8")
    assert url_fragment(page) == "#n8"
    expect(note).to_be_in_viewport()
    assert note.inner_text().startswith("See Shi Zhe")
    assert page.evaluate("document.querySelector('li#n8').matches(':target')")
    # a mouse click goes to the note: no preview stays open over it
    expect(page.locator(PREVIEW)).to_have_count(0)

    note.locator("a[role=doc-backlink]").click()
    assert url_fragment(page) == "#r8"
    expect(marker).to_be_in_viewport()
    expect(page.locator("li#n8")).not_to_be_in_viewport()
    # the marker lands a third down the screen, under the lines that lead to it
    top, height = page.evaluate(
        "[document.querySelector('#r8').getBoundingClientRect().top, innerHeight]"
    )
    assert 0.2 * height < top < 0.5 * height, f"the marker is at {top:.0f} of {height}px"
    assert_no_script_errors(page)


def test_hover_then_click_closes_preview_and_goes_to_note(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    marker = page.locator("a#r8")
    marker.hover()
    expect(page.locator(PREVIEW)).to_be_visible()
    marker.click()
    assert url_fragment(page) == "#n8"
    expect(page.locator(PREVIEW)).to_have_count(0)
    expect(page.locator("li#n8")).to_be_in_viewport()
    assert_no_script_errors(page)


def test_note_16_cites_zhang_baijia(desktop: Any, site: Site) -> None:
    page = chapter(desktop(java_script_enabled=False), site)
    expect(page.locator("[role=doc-endnotes] li#n16")).to_contain_text("Zhang Baijia")
    expect(page.locator("li#n16 a[role=doc-backlink]")).to_have_attribute("href", "#r16")
    assert_no_script_errors(page)


# Previews with a mouse


def test_hover_opens_preview_that_stays_while_pointer_is_in_it(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    marker = page.locator("a#r8")
    marker.scroll_into_view_if_needed()
    marker.hover()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("role", "dialog")
    expect(preview).to_contain_text("With Mao and Stalin")
    expect(preview).to_have_accessible_name("Note 8")
    expect(marker).to_have_attribute("aria-expanded", "true")

    # into the preview, across the gap under the marker's line
    box = preview.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(600)  # twice the close delay
    expect(preview).to_be_visible()

    # and its links work: the trail's link to the work on the Sources page
    link = preview.locator("a[href='sources.html#shi1992mao']")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/sources\.html#shi1992mao$"))
    expect(page.locator("li#shi1992mao")).to_be_in_viewport()
    assert page.evaluate("document.getElementById('shi1992mao').matches(':target')")
    assert_no_script_errors(page)


def test_preview_go_to_note_link(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    page.locator("a#r8").hover()
    preview = page.locator(PREVIEW)
    go = preview.get_by_role("link", name="Go to note 8")
    expect(go).to_have_attribute("href", "#n8")
    box = preview.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 20, steps=5)
    go.click()
    assert url_fragment(page) == "#n8"
    expect(preview).to_have_count(0)
    expect(page.locator("li#n8")).to_be_in_viewport()
    assert_no_script_errors(page)


def test_moving_away_closes_preview(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    marker = page.locator("a#r8")
    marker.hover()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    page.mouse.move(5, 5, steps=4)
    expect(preview).to_have_count(0)
    expect(marker).not_to_have_attribute("aria-expanded", "true")
    assert_no_script_errors(page)


def test_preview_shows_no_backlinks(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    page.locator("a#r8").hover()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(preview.locator("[role=doc-backlink], .backlinks")).to_have_count(0)
    assert "↩" not in preview.inner_text()
    # nor any id copied from the note (they would be duplicates)
    expect(preview.locator("[id]:not(#preview-title)")).to_have_count(0)
    assert_no_script_errors(page)


# Previews on a touch screen


def _overlaps_vertically(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (a["y"] >= b["y"] + b["height"] or a["y"] + a["height"] <= b["y"])


@pytest.mark.parametrize("viewport", PHONES, ids=lambda v: f"{v['width']}px")
def test_tap_opens_preview_inside_viewport_below_or_above_the_line(
    phone: Any, site: Site, viewport: dict[str, int]
) -> None:
    page = chapter(phone(viewport), site)
    marker = page.locator("a#r36")
    marker.tap()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Note 36")

    box = preview.bounding_box()
    mark = marker.bounding_box()
    assert box is not None and mark is not None
    width = viewport["width"]
    assert box["x"] >= 0, f"preview starts left of the screen: {box}"
    assert box["x"] + box["width"] <= width, f"preview overflows a {width}px screen: {box}"
    assert not _overlaps_vertically(box, mark), (
        f"preview {box} covers the line of its marker {mark}"
    )
    # the page did not grow sideways because of it
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_script_errors(page)


def test_second_tap_on_marker_closes_preview(phone: Any, site: Site) -> None:
    page = chapter(phone(), site)
    marker = page.locator("a#r36")
    marker.tap()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    before = url_fragment(page)
    marker.tap()
    expect(preview).to_have_count(0)
    # the taps stayed at the reading place: no jump to the note
    assert url_fragment(page) == before == ""
    assert_no_script_errors(page)


def test_tap_elsewhere_closes_preview(phone: Any, site: Site) -> None:
    page = chapter(phone(), site)
    marker = page.locator("a#r36")
    marker.tap()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    box = preview.bounding_box()
    mark = marker.bounding_box()
    assert box is not None and mark is not None
    # a point of the text on the screen, neither the preview nor the marker
    y = mark["y"] - 60 if box["y"] > mark["y"] else mark["y"] + mark["height"] + 60
    page.touchscreen.tap(30, y)
    expect(preview).to_have_count(0)
    assert_no_script_errors(page)


# Keyboard


def test_enter_opens_preview_with_focus_and_escape_returns_it(desktop: Any, site: Site) -> None:
    page = chapter(desktop(), site)
    marker = page.locator("a#r5")
    marker.focus()
    page.keyboard.press("Enter")
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(preview).to_be_focused()
    expect(preview).to_contain_text("Note 5")
    assert url_fragment(page) == "", "Enter opened the preview and did not follow the link"
    expect(preview.locator("[role=doc-backlink]")).to_have_count(0)

    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    assert focused == "r5", (
        f"focus went to {focused}, not back to the marker; "
        f"script errors: {_SCRIPT_ERRORS.get(id(page))}"
    )
    expect(marker).not_to_have_attribute("aria-expanded", "true")
    assert_no_script_errors(page)


# Motion


def test_reduced_motion_preview_is_not_animated(desktop: Any, site: Site) -> None:
    page = chapter(desktop(reduced_motion="reduce"), site)
    page.locator("a#r5").focus()
    page.keyboard.press("Enter")
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    running = preview.evaluate(
        "el => el.getAnimations({subtree: true})"
        ".filter(a => a.playState === 'running').map(a => a.animationName || String(a))"
    )
    assert running == []
    assert preview.evaluate("el => getComputedStyle(el).animationName") == "none"
    assert_no_script_errors(page)


def test_motion_allowed_preview_fades_in(desktop: Any, site: Site) -> None:
    """The control for the test above: without the preference, the preview animates."""
    page = chapter(desktop(reduced_motion="no-preference"), site)
    page.locator("a#r5").focus()
    page.keyboard.press("Enter")
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    assert preview.evaluate("el => getComputedStyle(el).animationName") == "preview-in"
    assert_no_script_errors(page)


# Permalinks


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_paragraph_permalink_targets_paragraph(desktop: Any, site: Site, javascript: bool) -> None:
    page = chapter(desktop(java_script_enabled=javascript), site, "#p12")
    paragraph = page.locator("#p12")
    assert page.evaluate("document.querySelector(':target')?.id") == "p12"
    expect(paragraph).to_be_in_viewport()
    number = paragraph.locator("a.pnum")
    expect(number).to_have_count(1)
    expect(number).to_be_visible()
    expect(number).to_have_attribute("href", "#p12")
    expect(number).to_have_text("12")
    expect(number).to_have_accessible_name("Paragraph 12")
    assert_no_script_errors(page)
