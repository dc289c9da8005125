"""The site in a real browser: Debian's Chromium driven by Playwright, the site served on 127.0.0.1."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_site import build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
FONT_LOADED = """document.fonts.ready.then(set => [...set].some(
    face => face.family.replace(/"/g, "") === "Libertine" && face.status === "loaded"))"""
QuietHandler = type("QuietHandler", (SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})


@pytest.fixture(scope="module")
def served(built):  # the built site on http://127.0.0.1:<a free port>/
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, served, request):
    """A browser tab that may ask only the site.

    ``request.param``: (width, height, colour scheme[, JavaScript on[, a touch screen]]), both on by default.
    """
    width, height, scheme, script, touch = (*getattr(request, "param", (360, 800, "light")), True, True)[:5]
    page = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                               java_script_enabled=script, has_touch=touch).new_page()
    outside = []
    page.on("request", lambda r: None if r.url.startswith(served) else outside.append(r.url))
    yield page
    page.context.close()
    assert outside == []


def box(tab, ident) -> dict:
    return tab.evaluate("id => document.getElementById(id).getBoundingClientRect().toJSON()", ident)


def in_view(tab, ident) -> bool:
    found = box(tab, ident)
    return found["top"] >= 0 and found["bottom"] <= tab.viewport_size["height"] and found["height"] > 0


@pytest.mark.parametrize("tab", [(360, 800, "light", False), (1400, 900, "light", False)], indirect=True)
def test_without_javascript_calls_and_backlinks_jump_both_ways(tab, served):
    """With scripts off the notes are endnotes at the end of the article, at every width."""
    tab.goto(f"{served}/first.html")
    assert box(tab, "first-note-1")["top"] > box(tab, "first-noteref-4")["bottom"]  # after the text
    tab.click("#first-noteref-1-2")
    assert tab.evaluate("location.hash") == "#first-note-1" and in_view(tab, "first-note-1")
    tab.click("#first-note-1 a.note-backlink")
    assert tab.evaluate("location.hash") == "#first-noteref-1-2" and in_view(tab, "first-noteref-1-2")
    tab.click("#first-noteref-3")
    tab.click("#first-note-3 a.note-number")
    assert tab.evaluate("location.hash") == "#first-noteref-3" and in_view(tab, "first-noteref-3")


@pytest.mark.parametrize("tab", [(360, 800, "dark")], indirect=True)
def test_keyboard_and_dark_scheme_pass_axe(tab, served):
    axe_js = axe_script()
    for name in ("index.html", "first.html"):
        tab.goto(f"{served}/{name}")
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.className") == "skip-link"
        assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
        tab.add_script_tag(path=str(axe_js))
        assert tab.evaluate("axe.run(document).then(r => r.violations.map(v => v.id))") == [], name


@pytest.mark.parametrize("tab", [(360, 800, "light"), (1280, 900, "light"), (1280, 900, "dark")], indirect=True)
def test_fits_the_screen_with_its_font_and_screenshots(tab, served, artifacts):
    size = "{width}x{height}".format(**tab.viewport_size)
    scheme = tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
    for name in ("index", "first", "second"):
        tab.goto(f"{served}/{name}.html")
        assert tab.evaluate(FONT_LOADED), name
        assert tab.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), name
        tab.screenshot(path=str(artifacts / f"site-{name}-{size}-{scheme}.png"))
    tab.goto(f"{served}/first.html")
    tab.click("#first-noteref-1-2")
    tab.screenshot(path=str(artifacts / f"site-notes-{size}-{scheme}.png"))


def axe_script() -> Path:
    """axe-core's script, installed by tools/install-deps.sh; a test that needs it fails without it."""
    from publish.check import tools_home
    axe_js = tools_home() / "node" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe_js.is_file():
        pytest.fail(f"axe-core is not installed ({axe_js}): run make tools (tools/install-deps.sh all)")
    return axe_js


def axe_violations(tab) -> list:
    axe_js = axe_script()
    tab.add_script_tag(path=str(axe_js))
    return tab.evaluate("axe.run(document).then(r => r.violations.map(v => v.id))")


def note_text_in_accessibility_tree(tab, text: str) -> int:
    return tab.locator("body").aria_snapshot().count(text)


@pytest.mark.parametrize("tab", [(360, 800, "light"), (360, 800, "dark")], indirect=True)
def test_a_tap_on_a_call_shows_its_note_in_a_popup(tab, served, artifacts):
    tab.goto(f"{served}/first.html")
    tab.evaluate("document.getElementById('first-noteref-1-2').scrollIntoView({block: 'center'})")
    scrolled = tab.evaluate("scrollY")
    tab.tap("#first-noteref-1-2")
    note = tab.locator("#first-note-1")
    assert note.is_visible() and in_view(tab, "first-note-1")
    assert "one number, one text, two calls" in note.inner_text()
    assert tab.evaluate("[location.hash, scrollY]") == ["", scrolled]  # the reader stays where they were
    call = box(tab, "first-noteref-1-2")
    shown = box(tab, "first-note-1")  # just under the call, or just above it
    assert 0 <= shown["top"] - call["bottom"] < 20 or 0 <= call["top"] - shown["bottom"] < 20
    assert tab.get_attribute("#first-noteref-1-2", "aria-expanded") == "true"
    assert tab.evaluate("document.activeElement.id") == "first-note-1"
    assert tab.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert note_text_in_accessibility_tree(tab, "one number, one text, two calls") == 1
    scheme = tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
    tab.screenshot(path=str(artifacts / f"site-popup-360x800-{scheme}.png"))
    assert axe_violations(tab) == []
    tab.evaluate("scrollBy(0, 120)")  # the popup stays with its call as the page scrolls
    assert tab.evaluate("scrollY") > scrolled
    assert abs(box(tab, "first-note-1")["top"] - box(tab, "first-noteref-1-2")["bottom"] - (shown["top"] - call["bottom"])) < 2
    tab.keyboard.press("Escape")
    assert tab.locator(".note-popup").count() == 0
    assert tab.evaluate("document.activeElement.id") == "first-noteref-1-2"
    assert tab.get_attribute("#first-noteref-1-2", "aria-expanded") == "false"
    tab.click("#first-noteref-3")  # a click works as a tap; another call, another note
    assert "inside a block quote" in tab.locator(".note-popup").inner_text()
    tab.click("h1")  # a click elsewhere closes it
    assert tab.locator(".note-popup").count() == 0


def test_the_popup_backlink_and_close_button(tab, served):
    tab.goto(f"{served}/first.html")
    tab.tap("#first-noteref-4")
    assert "second paragraph of the long note" in tab.locator("#first-note-4").inner_text()
    tab.get_by_role("button", name="Close note 4").tap()
    assert tab.locator(".note-popup").count() == 0
    assert tab.evaluate("document.activeElement.id") == "first-noteref-4"
    tab.tap("#first-noteref-1")
    tab.tap("#first-note-1 a.note-number")
    assert tab.evaluate("location.hash") == "#first-noteref-1" and tab.locator(".note-popup").count() == 0


@pytest.mark.parametrize("tab", [(1000, 800, "light", True, False)], indirect=True)
def test_hovering_a_call_with_a_mouse_shows_its_note(tab, served):
    tab.goto(f"{served}/first.html")
    assert tab.evaluate("matchMedia('(hover: hover) and (pointer: fine)').matches"), "the browser reports no mouse"
    tab.hover("#first-noteref-2")
    tab.wait_for_selector("#first-note-2.note-popup", timeout=2000)
    assert "Written where it is called." in tab.locator("#first-note-2").inner_text()
    assert tab.evaluate("document.activeElement.id") != "first-note-2"  # hovering moves no focus
    tab.mouse.move(5, 5)
    tab.wait_for_selector(".note-popup", state="detached", timeout=2000)


@pytest.mark.parametrize("tab", [(1400, 900, "light"), (1400, 900, "dark")], indirect=True)
def test_wide_screens_show_each_note_beside_its_call(tab, served, artifacts):
    tab.goto(f"{served}/first.html")
    tab.evaluate("document.fonts.ready")
    text = box(tab, "first-noteref-1")
    body = tab.evaluate("document.querySelector('.article-body').getBoundingClientRect().toJSON()")
    tops = []
    for n in (1, 2, 3, 4):
        note, call = box(tab, f"first-note-{n}"), box(tab, f"first-noteref-{n}")
        assert note["left"] >= body["right"] and note["right"] <= tab.viewport_size["width"]
        assert note["top"] >= call["top"] - 12, n
        tops.append((note["top"], note["bottom"]))
    assert abs(box(tab, "first-note-1")["top"] - text["top"]) < 12
    assert all(bottom <= next_top for (_, bottom), (next_top, _) in zip(tops, tops[1:]))  # no overlaps
    assert tab.locator("#first-note-1").is_visible() and in_view(tab, "first-note-1")
    assert note_text_in_accessibility_tree(tab, "one number, one text, two calls") == 1
    assert tab.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    scheme = tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
    tab.screenshot(path=str(artifacts / f"site-sidenotes-1400x900-{scheme}.png"), full_page=True)
    tab.click("#first-noteref-1-2")  # a call still leads to its note, here beside it
    assert tab.evaluate("location.hash") == "#first-note-1" and in_view(tab, "first-note-1")
    assert axe_violations(tab) == []
