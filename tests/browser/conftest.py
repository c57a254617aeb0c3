"""The browser suite's fixtures: the corpus built once, served once, one browser.

The site is built from ``corpus/`` with the builder's own functions into a
temporary folder — once, when the tests are collected, so that the checks of
"every page" are parametrized by the pages the build really wrote — and served
by ``http.server`` on a free port of 127.0.0.1, so pages load over HTTP as a
reader's would (``:target``, fragments, relative links). Playwright drives
Debian's chromium (its own download does not work here); without
``/usr/bin/chromium`` the tests that need a browser are skipped, and the
validity and link checks still run.

A test that takes a ``page_name`` argument runs once for every HTML page.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONES,
    QuietHandler,
    Site,
    build_site,
    html_pages,
)

HERE = Path(__file__).resolve().parent
_built: Path | None = None


def built_site() -> Path:
    """The site, built on first use into a temporary folder removed at the end of the run."""
    global _built
    if _built is None:
        _built = build_site(Path(tempfile.mkdtemp(prefix="edition-browser-")) / "site")
    return _built


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_name" in metafunc.fixturenames:
        metafunc.parametrize("page_name", html_pages(built_site()))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _built is not None:
        shutil.rmtree(_built.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The built site, served over HTTP for the session."""
    out = built_site()
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(out, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Chromium:
    """The one chromium of the run, launched on first use.

    Closed as soon as the last browser test is done (see the hook below), not
    at the end of the session: Playwright's sync API keeps an asyncio loop
    running in the main thread, and the tests after this folder may need to
    start loops of their own (``asyncio.run`` in the build).
    """

    playwright: Any = None
    browser: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls.browser is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            try:
                cls.browser = cls.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
            except BaseException:
                cls.close()
                raise
        return cls.browser

    @classmethod
    def close(cls) -> None:
        browser, playwright = cls.browser, cls.playwright
        cls.browser = cls.playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After the last test of this folder (and its fixtures' teardown), close chromium."""
    result = yield
    if nextitem is None or not nextitem.path.is_relative_to(HERE):
        _Chromium.close()
    return result


@pytest.fixture
def browser() -> Any:
    """The headless chromium shared by every test of the run."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs it")
    return _Chromium.get()


NewContext = Callable[..., Any]


@pytest.fixture
def new_context(browser: Any) -> Iterator[NewContext]:
    """Make browser contexts (closed after the test); keyword arguments go to Playwright."""
    made: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**options)
        context.set_default_timeout(5000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def desktop(new_context: NewContext) -> Callable[..., Any]:
    """A 1280×800 mouse-and-keyboard context."""

    def make(**options: Any) -> Any:
        return new_context(viewport=DESKTOP, **options)

    return make


@pytest.fixture
def phone(new_context: NewContext) -> Callable[..., Any]:
    """A touch phone context, 360×740 unless another of PHONES is given."""

    def make(viewport: dict[str, int] = PHONES[0], **options: Any) -> Any:
        return new_context(
            viewport=viewport,
            screen=viewport,
            has_touch=True,
            is_mobile=True,
            device_scale_factor=2,
            **options,
        )

    return make
