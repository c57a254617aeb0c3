"""An anthology's Sources page: a work cited in many chapters folds its trail into a
summary that opens (by click or keyboard) to every citing note; axe finds nothing."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, QuietHandler
from test_quality import _AXE, AXE_OPTIONS, axe_report

from edition.builder import load_corpus, render_files, write_site
from edition.render import FOLD_TRAILS_OVER

ROOT = Path(__file__).resolve().parents[2]
COPIES = FOLD_TRAILS_OVER + 1


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
    write_site(render_files(load_corpus(corpus)), out)
    return out


@pytest.fixture(scope="module")
def anthology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("anthology")
    with ThreadPoolExecutor(max_workers=1) as pool:  # the build's asyncio loop: not in
        out = pool.submit(_anthology, tmp).result()  # Playwright's thread
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
