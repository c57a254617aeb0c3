"""Printing a chapter: the book again, without the screen's controls.

With print media emulated, the header, search, note previews, back links and
the reading switch's button are gone; what the page says about the editors'
corrections stays, and the notes begin on a new page.
"""

from __future__ import annotations

from typing import Any

from browser_support import Site, watch_errors
from playwright.sync_api import expect

CHAPTER = "chen-mao.html"


def test_a_printed_chapter_has_no_screen_controls(desktop: Any, site: Site) -> None:
    page = desktop().new_page()
    errors = watch_errors(page)
    page.goto(site.url(CHAPTER))
    # a note preview open, then printed
    page.locator("#r1").hover()
    expect(page.locator("#preview")).to_be_visible()
    switch = page.locator(".reading-switch")
    expect(switch.locator("button")).to_be_visible()
    page.emulate_media(media="print")

    for selector in (
        ".site-header",
        ".search",
        "#preview",
        ".backlinks a",
        ".reading-switch button",
        ".skip",
    ):
        shown = page.locator(selector).evaluate_all(
            "els => els.length ? els.filter(e => e.checkVisibility()).length : -1"
        )
        assert shown == 0, f"{selector}: {shown} printed" if shown > 0 else f"{selector}: none"
    # the statement of the corrections is part of the text's apparatus: it stays
    expect(switch).to_be_visible()
    expect(switch).to_contain_text("corrections")
    assert page.locator(".endnotes").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    # the text itself is printed in full, paragraph numbers and note markers too
    expect(page.locator("#p12")).to_be_visible()
    expect(page.locator("#p12 a.pnum")).to_be_visible()
    expect(page.locator("#r12")).to_be_visible()
    assert errors == []
