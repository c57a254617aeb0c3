"""Passages, in a real browser: ranges, the paragraph menu, citations and their metadata.

Range links (``#p12-p14``, ``#p12-14``, ``?range=p6-p7#p6``) and a range the
chapter does not have; the paragraph number's menu, its copied link and its
passage citation in four styles (read back from the clipboard); a link to the
words a reader selected (a text fragment, opened in chromium); the chapter's
citation metadata and JSON-LD, the Sources page's COinS and downloads, and the
reading assignment — each compared with the data the site publishes.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import parse_qs, unquote

import pytest
import yaml
from browser_support import ROOT, Site, chapter_data, watch_errors
from playwright.sync_api import expect

SLUG = "chen-mao"
CHAPTER = f"{SLUG}.html"
TITLE = "Mao and Sino-American Relations"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
NOTHING = "(nothing copied yet)"
ASSIGNMENT_FILE = ROOT / "corpus" / "assignments" / "chen-mao-questions.yaml"
ASSIGNMENT = f"assignment-{ASSIGNMENT_FILE.stem}.html"

_ERRORS: dict[int, list[str]] = {}


@pytest.fixture(scope="module")
def data(site: Site) -> dict[str, Any]:
    return chapter_data(site, SLUG)


@pytest.fixture(scope="module")
def edition() -> dict[str, Any]:
    meta: dict[str, Any] = yaml.safe_load((ROOT / "corpus" / "edition.yaml").read_text("utf-8"))
    return meta


@pytest.fixture(scope="module")
def assignment() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(ASSIGNMENT_FILE.read_text("utf-8"))
    return spec


def open_page(context: Any, site: Site, name: str) -> Any:
    page = context.new_page()
    _ERRORS[id(page)] = watch_errors(page)
    response = page.goto(site.url(name))
    assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
    return page


def assert_no_errors(page: Any) -> None:
    errors = _ERRORS.pop(id(page), [])
    assert errors == [], f"script or console errors: {errors}"


def in_range(page: Any) -> list[str]:
    ids: list[str] = page.locator(".para.in-range").evaluate_all("els => els.map(e => e.id)")
    return ids


def target(page: Any) -> str | None:
    found: str | None = page.evaluate("document.querySelector(':target')?.id ?? null")
    return found


def copied(page: Any, action: Any) -> str:
    """What ``action`` put on the clipboard (which is emptied of it first)."""
    page.evaluate(f"navigator.clipboard.writeText({json.dumps(NOTHING)})")
    action()
    for _ in range(60):
        text: str = page.evaluate("navigator.clipboard.readText()")
        if text != NOTHING:
            return text
        page.wait_for_timeout(50)
    raise AssertionError("nothing was copied to the clipboard")


def same_text(s: str) -> str:
    """Text compared without its typography: quotes straightened, markup and markers dropped."""
    s = re.sub(r"\[\^\d+\]", "", s)  # the data's note markers
    s = re.sub(r"\{~~(.*?)~>(.*?)~~\}", r"\2", s)  # the data's emendations: the corrected reading
    s = s.replace("*", "")  # the data's emphasis
    s = s.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    s = s.replace("...", "…")
    return re.sub(r"\s+", " ", s).strip()


# Range links


@pytest.mark.parametrize("fragment", ["#p12-p14", "#p12-14"])
def test_range_link_marks_exactly_its_paragraphs(desktop: Any, site: Site, fragment: str) -> None:
    page = open_page(desktop(), site, CHAPTER + fragment)
    first = page.locator("#p12")
    expect(first).to_have_class(re.compile(r"\bin-range\b"))
    assert in_range(page) == ["p12", "p13", "p14"]
    status = page.locator(".passage-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(re.compile(r"\b12\b.*\b14\b.*marked"))
    expect(status).to_be_visible()
    expect(first).to_be_in_viewport()
    assert first.evaluate("el => el.getBoundingClientRect().top") >= 0
    assert_no_errors(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_range_query_marks_the_range_and_lands_on_its_first_paragraph(
    desktop: Any, site: Site, javascript: bool
) -> None:
    page = open_page(desktop(java_script_enabled=javascript), site, CHAPTER + "?range=p6-p7#p6")
    assert target(page) == "p6"
    expect(page.locator("#p6")).to_be_in_viewport()
    if javascript:
        expect(page.locator("#p7")).to_have_class(re.compile(r"\bin-range\b"))
        assert in_range(page) == ["p6", "p7"]
        expect(page.locator(".passage-status")).to_have_text(re.compile(r"\b6\b.*\b7\b"))
    else:
        assert in_range(page) == []
    assert_no_errors(page)


def test_range_the_chapter_does_not_have_marks_nothing_and_says_so(
    desktop: Any, site: Site, data: dict[str, Any]
) -> None:
    count = len(data["paragraphs"])
    assert count == 38
    page = open_page(desktop(), site, CHAPTER + "#p40-p12")
    status = page.locator(".passage-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text(f"paragraphs 1–{count}")
    expect(status).to_contain_text("40")
    assert in_range(page) == []
    assert_no_errors(page)


# The paragraph menu


def test_copy_link_puts_the_paragraph_url_on_the_clipboard(desktop: Any, site: Site) -> None:
    page = open_page(desktop(permissions=CLIPBOARD), site, CHAPTER)
    number = page.locator("#p20 a.pnum")
    number.click()
    menu = page.locator("#p20 .para-menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-label", "Paragraph 20")
    expect(number).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("location.hash") == "", "the click followed the number's link"
    button = menu.get_by_role("button", name="Copy link to ¶ 20")
    expect(button).to_be_focused()

    text = copied(page, button.click)
    assert text == site.url(CHAPTER) + "#p20"
    expect(page.locator(".para-menu")).to_have_count(0)
    expect(number).to_be_focused()
    expect(page.locator(".passage-status")).to_contain_text("Link copied")
    assert_no_errors(page)


@pytest.mark.parametrize("way", ["tap", "click"])
def test_the_menu_opens_at_the_number_even_before_its_styles_arrive(
    phone: Any, desktop: Any, site: Site, way: str
) -> None:
    # The first use of the number loads passages.js, which loads passages.css: a menu
    # opened before its styles came would sit at the end of the paragraph, and
    # focusing it would scroll the number (and, once styled, the menu) off the screen.
    page = open_page(phone() if way == "tap" else desktop(), site, CHAPTER)

    def slow(route: Any) -> None:
        time.sleep(0.5)
        route.continue_()

    page.route("**/static/passages.css", slow)
    number = page.locator("#p12 a.pnum")
    number.scroll_into_view_if_needed()
    getattr(number, way)()
    menu = page.locator("#p12 .para-menu")
    expect(menu.get_by_role("button", name="Copy link to ¶ 12")).to_be_focused()
    expect(menu).to_be_in_viewport(ratio=1)
    expect(number).to_be_in_viewport()
    box, mark = menu.bounding_box(), number.bounding_box()
    assert box is not None and mark is not None
    assert 0 < box["y"] - mark["y"] < 60, "the menu is not under its number"
    assert_no_errors(page)


MARKERS = {
    "chicago-note": "¶¶ 20–22",
    "chicago-bib": "¶¶ 20–22",
    "mla": "pars. 20–22",
    "apa": "paras. 20–22",
}


def test_cite_a_passage_in_four_styles_and_copy_each(desktop: Any, site: Site) -> None:
    page = open_page(desktop(permissions=CLIPBOARD), site, CHAPTER)
    page.locator("#p20 a.pnum").click()
    page.locator("#p20 .para-menu").get_by_role("button", name="Cite this passage").click()
    cite = page.locator("#p20 .cite-passage")
    expect(cite).to_be_visible()
    end = cite.locator("select")
    expect(end).to_be_focused()
    options = end.locator("option").all_text_contents()
    assert options == [str(n) for n in range(20, 39)]
    end.select_option("22")

    keys = page.locator(".cite-styles [data-style]").evaluate_all(
        "els => els.map(e => e.dataset.style)"
    )
    assert keys == list(MARKERS)
    citations = cite.locator("dd")
    expect(citations).to_have_count(4)
    expect(citations.first).to_contain_text("20–22")
    address = site.url(CHAPTER) + "#p20-p22"
    for i, key in enumerate(keys):
        dd = citations.nth(i)
        text = dd.evaluate(
            "dd => { const c = dd.cloneNode(true); c.querySelectorAll('button').forEach(b => b.remove());"
            " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
        )
        assert "Chen" in text, (key, text)
        assert TITLE in text, (key, text)
        assert MARKERS[key] in text, (key, text)
        assert address in text, (key, text)
        button = dd.get_by_role("button", name="Copy")
        assert copied(page, button.click) == text, key
    # the menu stayed open through the copies
    expect(cite).to_be_visible()
    assert_no_errors(page)


# A link to the words selected

SELECTIONS = {
    "short": "he announced Communist China’s special relationship with the Soviet Union",
    "long": "He said that revolutionary China must “unite in a common struggle with those nations of the world",
}

_BOXES = """([id, phrase]) => {
  const el = document.getElementById(id);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.nodeValue; }
  const i = text.indexOf(phrase);
  if (i < 0) return null;
  const box = (k) => {
    let j = nodes.length - 1;
    while (nodes[j][1] > k) j--;
    const r = document.createRange();
    r.setStart(nodes[j][0], k - nodes[j][1]);
    r.setEnd(nodes[j][0], k - nodes[j][1] + 1);
    const b = r.getBoundingClientRect();
    return {x: b.x, y: b.y, width: b.width, height: b.height};
  };
  return {first: box(i), last: box(i + phrase.length - 1)};
}"""


def phrase_boxes(page: Any, para: str, phrase: str) -> dict[str, dict[str, float]]:
    boxes: dict[str, dict[str, float]] | None = page.evaluate(_BOXES, [para, phrase])
    assert boxes is not None, f"{phrase!r} is not in #{para}"
    return boxes


@pytest.mark.parametrize("length", list(SELECTIONS))
def test_selected_words_get_a_link_that_highlights_them(
    desktop: Any, site: Site, length: str
) -> None:
    phrase = SELECTIONS[length]
    context = desktop(permissions=CLIPBOARD)
    page = open_page(context, site, CHAPTER)
    page.locator("#p10").scroll_into_view_if_needed()
    boxes = phrase_boxes(page, "p10", phrase)
    first, last = boxes["first"], boxes["last"]
    # drag the mouse from the first letter to the last
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] - 1, last["y"] + last["height"] / 2, steps=8)
    page.mouse.up()
    assert page.evaluate("getSelection().toString()") == phrase

    chip = page.locator("button.selection-link")
    expect(chip).to_be_visible()
    url = chip.get_attribute("data-url")
    assert url is not None
    prefix = site.url(CHAPTER) + "#p10:~:text="
    assert url.startswith(prefix), url
    directive = url[len(prefix) :]
    words = phrase.split()
    if len(words) <= 10:
        assert "," not in directive
        assert unquote(directive) == phrase
    else:
        start, end = directive.split(",")
        assert unquote(start) == " ".join(words[:4])
        assert unquote(end) == " ".join(words[-4:])
    # the chip copies the link
    assert copied(page, chip.click) == url
    expect(chip).to_have_count(0)
    assert_no_errors(page)

    # opened, the link takes chromium to the words: the paragraph is the target,
    # and the words, not the paragraph's top, are brought to the middle of the screen
    opened = context.new_page()
    _ERRORS[id(opened)] = watch_errors(opened)
    opened.goto(url)
    expect(opened.locator("#p10")).to_be_in_viewport()
    assert opened.evaluate("location.hash") == "#p10", "chromium did not read the text directive"
    assert target(opened) == "p10"
    boxes = phrase_boxes(opened, "p10", phrase)
    height = opened.viewport_size["height"]
    middle = (boxes["first"]["y"] + boxes["last"]["y"] + boxes["last"]["height"]) / 2
    assert abs(middle - height / 2) < height / 4, (
        f"the words are at {middle:.0f}px of a {height}px screen: the text fragment did not match"
    )
    assert_no_errors(opened)


# Metadata


def test_chapter_citation_metadata_and_json_ld(
    desktop: Any, site: Site, data: dict[str, Any], edition: dict[str, Any]
) -> None:
    page = open_page(desktop(java_script_enabled=False), site, CHAPTER)

    def meta(name: str) -> list[str]:
        values: list[str] = page.locator(f'meta[name="{name}"]').evaluate_all(
            "els => els.map(m => m.content)"
        )
        return values

    assert data["chapter"]["title"] == TITLE
    assert meta("citation_title") == [TITLE]
    assert meta("citation_author") == ["Chen, Jian"]
    assert meta("citation_inbook_title") == [edition["title"]]
    assert meta("DC.title") == [TITLE]
    assert meta("DC.creator") == data["chapter"]["authors"]

    scripts = page.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    ld = json.loads(scripts.text_content() or "")
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "Chapter"
    assert ld["name"] == TITLE
    assert [a["name"] for a in ld["author"]] == data["chapter"]["authors"] == ["Chen Jian"]
    assert ld["author"][0]["familyName"] == "Chen"
    assert ld["isPartOf"]["name"] == edition["title"]
    cited = [s["key"] for s in data["sources"]]
    # each work cited named by its IRI, its entry on the Sources page, described there
    assert len(ld["citation"]) == len(cited) == 49
    assert sorted(c["@id"] for c in ld["citation"]) == sorted(f"sources.html#{k}" for k in cited)
    assert_no_errors(page)

    sources = open_page(desktop(java_script_enabled=False), site, "sources.html")
    scripts = sources.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    graph = {w["@id"]: w for w in json.loads(scripts.text_content() or "")["@graph"]}
    assert sorted(graph) == sorted(c["@id"] for c in ld["citation"])
    for c in ld["citation"]:
        assert graph[c["@id"]]["@type"] == c["@type"]
        assert graph[c["@id"]]["name"], f"{c['@id']} without a title"
        # the IRI leads to the work's entry on the page
        expect(sources.locator(f"li.work[id='{c['@id'].split('#')[1]}']")).to_have_count(1)
    article = graph["sources.html#garver1997rethinking"]
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"] == "Rethinking the Lost Chance in China"
    assert [a["familyName"] for a in article["author"]] == ["Garver", "Sheng", "Westad", "Chen"]
    assert article["isPartOf"] == {"@type": "Periodical", "name": "Diplomatic History"}
    assert article["datePublished"] == "1997"
    chapter = graph["sources.html#niu1998origins"]
    assert chapter["@type"] == "Chapter"
    assert [a["name"] for a in chapter["author"]] == ["Niu Jun"]
    book = chapter["isPartOf"]
    assert book["name"].startswith("Brothers in Arms")
    assert [e["name"] for e in book["editor"]] == [
        "Odd Arne Westad"
    ]  # the book's, not the chapter's
    assert "editor" not in chapter
    assert_no_errors(sources)


def test_sources_coins_and_per_work_downloads(
    desktop: Any, site: Site, data: dict[str, Any]
) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "sources.html")
    works = page.locator("li.work")
    keys = works.evaluate_all("els => els.map(li => li.id)")
    assert sorted(keys) == sorted(s["key"] for s in data["sources"])
    expect(page.locator("span.Z3988")).to_have_count(len(keys))
    bad: dict[str, Any] = {}
    for key in keys:
        work = page.locator(f"li#{key}")
        coins = work.locator("span.Z3988")
        if coins.count() != 1:
            bad[key] = f"{coins.count()} COinS"
            continue
        fields = parse_qs(coins.get_attribute("title") or "")
        titles = [fields.get(f, [""])[0] for f in ("rft.btitle", "rft.atitle", "rft.jtitle")]
        if fields.get("ctx_ver") != ["Z39.88-2004"] or not any(titles):
            bad[key] = fields
            continue
        for kind, named in (("bib", f"{{{key},"), ("ris", f"ID  - {key}")):
            link = work.locator(f'a[href="data/works/{key}.{kind}"]')
            if link.count() != 1:
                bad[key] = f"no {kind} link"
                continue
            response = page.request.get(site.url(f"data/works/{key}.{kind}"))
            if response.status != 200 or named not in response.text():
                bad[key] = f"{kind}: HTTP {response.status}, {response.text()[:80]!r}"
    assert bad == {}
    assert_no_errors(page)


# The reading assignment


def _label(spec: str) -> tuple[str, str, list[int]]:
    """``p1-p3`` → (``¶¶ 1–3``, its link into the chapter, [1, 2, 3])."""
    m = re.fullmatch(r"p(\d+)(?:-p(\d+))?", spec)
    assert m, spec
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if a == b:
        return f"¶ {a}", f"{CHAPTER}#p{a}", [a]
    return f"¶¶ {a}–{b}", f"{CHAPTER}?range=p{a}-p{b}#p{a}", list(range(a, b + 1))


def test_assignment_page_questions_and_passages(
    desktop: Any, site: Site, data: dict[str, Any], assignment: dict[str, Any]
) -> None:
    page = open_page(desktop(), site, ASSIGNMENT)
    expect(page.locator("h1")).to_have_text(assignment["title"])
    questions = page.locator("ol.questions > li")
    expect(questions).to_have_count(len(assignment["questions"]))
    assert len(assignment["questions"]) == 4
    named: set[int] = set()
    for i, q in enumerate(assignment["questions"]):
        li = questions.nth(i)
        assert same_text(li.locator("p").first.text_content() or "") == same_text(q["text"])
        links = li.locator(".question__passages a")
        shown = links.evaluate_all("els => els.map(a => [a.textContent, a.getAttribute('href')])")
        expected = [_label(p)[:2] for p in q["passages"]]
        assert [tuple(x) for x in shown] == expected, f"question {i + 1}"
        for p in q["passages"]:
            named.update(_label(p)[2])

    # the passages, in chapter order: every paragraph named, with its text
    paras = page.locator(".passage .para")
    numbers = [int(n) for n in paras.locator("a.pnum").all_text_contents()]
    assert numbers == sorted(named)
    assert numbers[:3] == [1, 2, 3]
    texts = paras.evaluate_all(
        "els => els.map(p => { const c = p.cloneNode(true);"
        # the note markers, and the printed reading of an emendation (shown on demand)
        " c.querySelectorAll('a.pnum, sup.noteref, .emend del').forEach(e => e.remove());"
        " return c.textContent; })"
    )
    by_number = {p["n"]: p["text"] for p in data["paragraphs"]}
    wrong = [
        n for n, t in zip(numbers, texts, strict=True) if same_text(t) != same_text(by_number[n])
    ]
    assert wrong == [], f"paragraphs whose text differs from the chapter's: {wrong}"
    hrefs = paras.locator("a.pnum").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == [f"{CHAPTER}#p{n}" for n in numbers]
    # their links land in the chapter: a paragraph, and a range
    paras.locator("a.pnum").first.click()
    page.wait_for_url(re.compile(rf"/{re.escape(CHAPTER)}#p1$"))
    assert target(page) == "p1"
    page.go_back()
    questions.first.get_by_role("link", name="¶¶ 6–7").click()
    page.wait_for_url(re.compile(rf"/{re.escape(CHAPTER)}\?range=p6-p7#p6$"))
    expect(page.locator("#p6")).to_have_class(re.compile(r"\bin-range\b"))
    assert in_range(page) == ["p6", "p7"]
    assert_no_errors(page)


def test_front_page_lists_the_assignment(
    desktop: Any, site: Site, assignment: dict[str, Any]
) -> None:
    page = open_page(desktop(java_script_enabled=False), site, "index.html")
    link = page.locator(f'.assignments a[href="{ASSIGNMENT}"]')
    expect(link).to_have_count(1)
    expect(link).to_have_text(assignment["title"])
    link.click()
    page.wait_for_url(re.compile(rf"/{re.escape(ASSIGNMENT)}$"))
    expect(page.locator("h1")).to_have_text(assignment["title"])
    assert_no_errors(page)
