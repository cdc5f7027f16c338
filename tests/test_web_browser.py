"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by Playwright), network cut off.

The store is the bundled examples coded by the real coder (``examples/articles.jsonl`` and the Egypt-Turkey
story of ``examples/dyad_story.jsonl``, which has a shift). Every request the browser makes to a host other
than the local server is aborted and recorded, so a page that needed a CDN would fail here. Screenshots go
to a temporary folder, or to ``$TIDINGS_SCREENSHOTS`` (how the ones in ``docs/`` were made).
Skipped when Chromium or Playwright is missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
from web_fixtures import live_server  # noqa: E402

import tidings  # noqa: E402
from tidings.store import Store  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Flags that keep Chromium from reaching out on its own (updates, sync, field trials) and run it as root.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LOCAL = re.compile(r"^https?://127\.0\.0\.1(:\d+)?/")

pytestmark = [
    pytest.mark.slow,  # codes the examples with spaCy and drives a browser
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium (Debian package `chromium`) installed"),
]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("browser") / "examples.duckdb"
    for name in ("articles.jsonl", "dyad_story.jsonl"):
        tidings.run_code(EXAMPLES / name, None, db=db)
    return db


@pytest.fixture(scope="module")
def server(example_store: Path) -> Iterator[str]:
    with live_server(example_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("TIDINGS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Tab:
    """A page whose requests to other hosts are refused, with the console errors it logged."""

    def __init__(self, browser, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.set_default_timeout(60_000)

    def _route(self, route) -> None:
        if LOCAL.match(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def check(self) -> None:
        assert self.blocked == [], f"the page asked other hosts: {self.blocked}"
        assert self.errors == [], f"console errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    t = Tab(browser)
    yield t
    t.close()


def _pair_with_a_shift(store: Path) -> tuple[str, str]:
    from tidings.analysis import shifts

    with Store(store, read_only=True) as s:
        found = shifts(s)
    assert found.height, "the example story should have a shift"
    return found["source"][0], found["target"][0]


def test_overview_draws_the_timeline_and_lists_shifts(server: str, tab: Tab, shots: Path) -> None:
    tab.page.goto(server + "/")
    tab.page.wait_for_selector("#timeline[data-drawn] svg")
    tab.page.wait_for_selector("#latest-shifts table.shifts")
    assert tab.page.locator("#latest-shifts a.dyad-link").count() >= 1
    assert tab.page.locator("#timeline svg .mark-rect path").count() > 0  # the bars
    tab.page.screenshot(path=shots / "overview.png", full_page=True)
    tab.check()


def test_event_list_filters_in_place(server: str, tab: Tab, shots: Path) -> None:
    tab.page.goto(server + "/events")
    rows = tab.page.locator("table.events tbody tr")
    everything = rows.count()
    assert everything > 10
    tab.page.select_option("select[name=quad]", "4")
    tab.page.wait_for_url(re.compile(r"quad=4"))
    tab.page.wait_for_function(f"document.querySelectorAll('table.events tbody tr').length < {everything}")
    classes = tab.page.eval_on_selector_all("table.events tbody tr", "rows => rows.map(r => r.className)")
    assert classes and set(classes) == {"quad4"}
    tab.page.set_viewport_size({"width": 1280, "height": 1100})
    tab.page.screenshot(path=shots / "events.png")
    tab.check()


def test_click_from_the_list_to_an_event_and_on_to_its_dyad(server: str, tab: Tab, shots: Path) -> None:
    tab.page.goto(server + "/events?q=met")
    first = tab.page.locator("a.event-link").first
    first.click()
    tab.page.wait_for_url(re.compile(r"/events/[0-9a-f]{16}$"))
    quote = tab.page.locator("blockquote.evidence-sentence")
    assert quote.locator("mark.trigger").count() == 1
    assert quote.locator("mark.source").count() == 1
    tab.page.wait_for_selector("pre.trace")  # the explain trace arrives after the page
    assert "article date:" in tab.page.inner_text("pre.trace")
    tab.page.screenshot(path=shots / "event.png", full_page=True)
    tab.page.locator("a.dyad-link").first.click()
    tab.page.wait_for_url(re.compile(r"/dyads/[A-Z]{3}/[A-Z]{3}$"))
    tab.page.wait_for_selector("#timeline h2")
    assert tab.page.locator("table.events tbody tr").count() >= 1
    tab.check()


def test_dyad_page_draws_the_timeline_with_its_shift(server: str, tab: Tab, shots: Path, example_store: Path) -> None:
    a, b = _pair_with_a_shift(example_store)
    tab.page.goto(f"{server}/dyads/{a}/{b}")
    tab.page.wait_for_selector("#dyad-chart[data-drawn] svg")
    assert tab.page.locator("table.shifts tbody tr").count() >= 1
    assert tab.page.locator("#dyad-chart svg .mark-rule line").count() >= 1  # the shift, drawn
    tab.page.screenshot(path=shots / "dyad.png", full_page=True)
    tab.check()


def test_map_draws_outlines_and_clustered_places(server: str, tab: Tab, shots: Path) -> None:
    tab.page.goto(server + "/map")
    tab.page.wait_for_selector("#map[data-drawn]")
    assert int(tab.page.get_attribute("#map", "data-drawn")) > 0
    assert tab.page.locator("#map path.leaflet-interactive").count() > 100  # country outlines and places
    assert "located events at" in tab.page.inner_text("#map-summary")
    tab.page.screenshot(path=shots / "map.png")
    tab.check()


def test_a_bad_parameter_shows_its_message(server: str, tab: Tab) -> None:
    response = tab.page.goto(server + "/events?since=2024-02-30")
    assert response.status == 400
    assert "since='2024-02-30' is not a date; use YYYY-MM-DD" in tab.page.inner_text("p.message")
    assert tab.blocked == []
    assert [e for e in tab.errors if "status of 400" not in e] == []  # the page's own 400 is logged
