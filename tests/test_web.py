"""The dashboard through FastAPI's test client: every route, every filter, downloads and parameter errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from web_fixtures import STORIES, web_store  # noqa: E402, F401

from tidings.store import Store  # noqa: E402
from tidings.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(web_store: Path) -> TestClient:  # noqa: F811
    return TestClient(create_app(web_store))


def api(client: TestClient, query: str = "") -> dict:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    return response.json()


def all_events(client: TestClient, query: str = "") -> list[dict]:
    body = api(client, f"{query}&per_page=500" if query else "per_page=500")
    assert body["total"] == len(body["events"])
    return body["events"]


def test_the_store_has_what_the_filters_need(client: TestClient) -> None:
    events = all_events(client)
    assert len(events) == len(STORIES) - 1  # two articles report one meeting
    assert {e["quad_class"] for e in events} == {1, 2, 3, 4}
    assert {"reported", "negated", "hypothetical"} <= {e["mode"] for e in events}


# --- /api/events and /events: every filter keeps what it should and only that ------------------------

FILTERS = [
    ("actor=RUS", lambda e: "RUS" in (e["source_code"], e["target_code"])),
    ("actor=rus", lambda e: "RUS" in (e["source_code"], e["target_code"])),
    ("source=USA", lambda e: e["source_code"] == "USA"),
    ("target=UKR", lambda e: e["target_code"] == "UKR"),
    ("source=USA&target=RUS", lambda e: (e["source_code"], e["target_code"]) == ("USA", "RUS")),
    ("source=RUS&target=UKR&both_ways=1", lambda e: {e["source_code"], e["target_code"]} == {"RUS", "UKR"}),
    ("code=19", lambda e: e["event_code"].startswith("19")),
    ("code=042", lambda e: e["event_code"] == "042"),
    ("quad=4", lambda e: e["quad_class"] == 4),
    ("plover=CONSULT", lambda e: e["plover_type"] == "CONSULT"),
    ("mode=negated", lambda e: e["mode"] == "negated"),
    ("mode=reported,hypothetical", lambda e: e["mode"] in ("reported", "hypothetical")),
    ("since=2024-02-01", lambda e: e["event_date"] >= "2024-02-01"),
    ("until=2024-01-31", lambda e: e["event_date"] <= "2024-01-31"),
    ("since=2024-02-01&until=2024-02-29", lambda e: "2024-02-01" <= e["event_date"] <= "2024-02-29"),
    ("q=kharkiv", lambda e: "kharkiv" in e["evidence_sentence"].lower()),
    ("place=geneva", lambda e: e["location_name"] == "Geneva"),
    ("min_confidence=0.8", lambda e: e["confidence"] >= 0.8),
    ("actor=FRA&quad=1", lambda e: "FRA" in (e["source_code"], e["target_code"]) and e["quad_class"] == 1),
]


@pytest.mark.parametrize("query, keep", FILTERS, ids=[q for q, _ in FILTERS])
def test_each_filter_keeps_exactly_its_events(client: TestClient, query: str, keep) -> None:
    everything = all_events(client)
    got = all_events(client, query)
    expected = {e["event_id"] for e in everything if keep(e)}
    assert expected, f"the test store has no event for {query}"
    assert expected != {e["event_id"] for e in everything}, f"{query} should leave some events out"
    assert {e["event_id"] for e in got} == expected


@pytest.mark.parametrize("sort, key", [("date", "event_date"), ("-goldstein", "goldstein"), ("source", "source_code")])
def test_sorting(client: TestClient, sort: str, key: str) -> None:
    events = all_events(client, f"sort={sort}")
    assert len(events) > 2
    values = [e[key] for e in events]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_pages_split_the_list_without_overlap(client: TestClient) -> None:
    pages = [api(client, f"per_page=4&page={n}") for n in (1, 2, 3)]
    assert [p["pages"] for p in pages] == [3, 3, 3]
    ids = [e["event_id"] for p in pages for e in p["events"]]
    assert len(ids) == len(set(ids)) == pages[0]["total"] == 9


@pytest.fixture(scope="module")
def busy_days_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About a hundred events on 28 days, several a day: pages cut through days."""
    from fake_events import fake_item

    path = tmp_path_factory.mktemp("days") / "days.duckdb"
    with Store(path) as store:
        store.write_batch(fake_item(i) for i in range(60))
    return path


@pytest.mark.parametrize("sort", ["-date", "date"])
@pytest.mark.parametrize("query", [{}, {"code": "041"}, {"since": dt.date(2024, 1, 10)}])
def test_deep_pages_found_by_day_counts_equal_the_plain_sort(busy_days_store: Path, sort: str, query: dict) -> None:
    from tidings.web.filters import EventFilter
    from tidings.web.queries import event_columns, list_events

    with Store(busy_days_store, read_only=True) as store:
        columns = event_columns(store)
        assert store.counts()["events"] > 40
        for per_page in (1, 7, 25):
            for page in range(1, 130 // per_page + 2):
                f = EventFilter(sort=sort, page=page, per_page=per_page, **query)
                plain = list_events(store, f, columns, deep_from=10**9)
                by_days = list_events(store, f, columns, deep_from=0)
                assert [r["event_id"] for r in by_days.rows] == [r["event_id"] for r in plain.rows], (page, per_page)
                assert by_days.total == plain.total > 0
        assert list_events(store, EventFilter(sort=sort, per_page=500), columns).rows  # not vacuous


def test_a_page_past_the_end_is_empty_and_says_where_the_last_is(client: TestClient) -> None:
    assert api(client, "page=50")["events"] == []
    html = client.get("/events?page=50").text
    assert "No events on page 50" in html and "the last page is" in html


def test_event_list_html_shows_the_rows_and_links_each_event(client: TestClient) -> None:
    response = client.get("/events?actor=UKR")
    assert response.status_code == 200
    links = re.findall(r'class="event-link" href="/events/([0-9a-f]{16})"', response.text)
    assert links and set(links) == {e["event_id"] for e in all_events(client, "actor=UKR")}
    assert "Kharkiv" in response.text


def test_htmx_asks_for_the_results_only(client: TestClient) -> None:
    full = client.get("/events?quad=4")
    part = client.get("/events?quad=4", headers={"HX-Request": "true", "HX-Target": "results"})
    assert part.status_code == 200 and "<html" not in part.text and 'id="results"' in part.text
    assert "<html" in full.text
    assert re.findall(r"/events/[0-9a-f]{16}", part.text) == re.findall(r'event-link" href="(/events/[0-9a-f]{16})',
                                                                        full.text)  # fmt: skip


# --- downloads -------------------------------------------------------------------------------------------


def test_csv_download_has_exactly_the_filtered_rows(client: TestClient) -> None:
    response = client.get("/events?actor=RUS&format=csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in response.headers["content-disposition"]
    frame = pl.read_csv(io.BytesIO(response.content))
    expected = {e["event_id"] for e in all_events(client, "actor=RUS")}
    assert expected and set(frame["event_id"]) == expected and frame.height == len(expected)
    assert "evidence_sentence" in frame.columns and "num_mentions" in frame.columns


def test_json_download_is_the_output_contract_one_event_per_line(client: TestClient) -> None:
    response = client.get("/events?quad=4&format=json")
    lines = [json.loads(line) for line in response.text.splitlines()]
    expected = {e["event_id"] for e in all_events(client, "quad=4")}
    assert expected and {r["event_id"] for r in lines} == expected
    assert all(isinstance(r["evidence"], dict) and r["evidence"]["sentence"] for r in lines)


def test_parquet_download_reads_back(client: TestClient) -> None:
    response = client.get("/events?since=2024-02-01&format=parquet")
    frame = pl.read_parquet(io.BytesIO(response.content))
    expected = {e["event_id"] for e in all_events(client, "since=2024-02-01")}
    assert expected and set(frame["event_id"]) == expected


def test_download_ignores_the_page_and_keeps_the_sort(client: TestClient) -> None:
    frame = pl.read_csv(io.BytesIO(client.get("/events?per_page=2&page=2&sort=goldstein&format=csv").content))
    assert frame.height == 9
    assert frame["goldstein"].to_list() == sorted(frame["goldstein"].to_list())


# --- /events/{id} --------------------------------------------------------------------------------------


def _event(client: TestClient, query: str) -> dict:
    events = all_events(client, query)
    assert len(events) == 1, events
    return events[0]


def test_event_page_marks_trigger_source_and_target(client: TestClient) -> None:
    e = _event(client, "source=RUS&target=UKR")
    html = client.get(f"/events/{e['event_id']}").text
    quote = re.search(r'<blockquote class="evidence-sentence">(.*?)</blockquote>', html, re.S)
    assert quote
    marks = dict((role, text) for role, text in re.findall(r'<mark class="(\w+)"[^>]*>(.*?)</mark>', quote.group(1)))
    assert marks == {"source": "Russia", "trigger": "shelled", "target": "Ukraine"}
    assert re.sub(r"<[^>]+>", "", quote.group(1)) == e["evidence_sentence"]


def test_event_page_lists_every_article_that_mentions_it(client: TestClient) -> None:
    e = _event(client, "source=USA&code=042")
    html = client.get(f"/events/{e['event_id']}").text
    assert "2 mention(s) in 2 article(s) from 2 source(s)" in html
    assert "Story a01" in html and "Story a02" in html
    assert 'href="https://news.invalid/a01"' in html


def test_event_page_gives_date_place_precision_mode_and_the_dyad(client: TestClient) -> None:
    e = _event(client, "source=RUS&target=UKR")
    html = client.get(f"/events/{e['event_id']}").text
    assert "2024-02-02" in html and "Kharkiv" in html and "49.990, 36.230" in html
    assert re.search(r"<dt>Date precision</dt><dd>day", html)
    assert 'class="mode mode-reported"' in html
    assert 'href="/dyads/RUS/UKR"' in html
    assert 'hx-get="/events/' + e["event_id"] + '/explain"' in html


def test_unknown_event_is_404(client: TestClient) -> None:
    response = client.get("/events/0000000000000000")
    assert response.status_code == 404 and "nothing at /events/0000000000000000" in response.text


@pytest.mark.slow
def test_explain_trace_of_the_evidence_sentence(client: TestClient) -> None:
    import tidings.explain  # noqa: F401  once loaded, the package attribute `tidings.explain` is this module

    e = _event(client, "source=FRA&code=07")
    response = client.get(f"/events/{e['event_id']}/explain")
    assert response.status_code == 200
    assert "article date: 2024-02-15" in response.text
    assert "France sent aid to Ukraine after the floods." in response.text
    assert "triggers:" in response.text


# --- /dyads/{a}/{b}, /map, / ---------------------------------------------------------------------------


def test_dyad_page_lists_both_directions_unless_directed(client: TestClient) -> None:
    both = client.get("/dyads/RUS/UKR")
    assert both.status_code == 200
    ids = set(re.findall(r'event-link" href="/events/([0-9a-f]{16})', both.text))
    assert ids == {e["event_id"] for e in all_events(client, "source=RUS&target=UKR&both_ways=1")} and len(ids) == 2
    one = client.get("/dyads/RUS/UKR?directed=1")
    assert set(re.findall(r'event-link" href="/events/([0-9a-f]{16})', one.text)) == {
        e["event_id"] for e in all_events(client, "source=RUS&target=UKR")
    }


def test_dyad_page_links_keep_the_pair_in_the_path(client: TestClient) -> None:
    html = client.get("/dyads/USA/RUS?per_page=1").text
    assert 'href="/dyads/USA/RUS?page=2&amp;per_page=1"' in html
    assert client.get("/dyads/USA/RUS?page=2&per_page=1").status_code == 200


def _dyad_spec(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="dyad-spec">(.*?)</script>', html, re.S)
    assert block, "the dyad page has no chart"
    return json.loads(block[1])


def _bar_total(spec: dict) -> int:
    """Events drawn as bars: the rows of the chart's datasets that carry a QuadClass count."""
    rows = [row for data in spec["datasets"].values() for row in data if "quad" in row and "n" in row]
    assert rows
    return sum(row["n"] for row in rows)


def test_dyad_chart_counts_the_pairs_facts(client: TestClient) -> None:
    facts = [e for e in all_events(client, "source=USA&target=RUS&both_ways=1") if e["mode"] not in
             ("negated", "hypothetical")]  # fmt: skip
    assert len(facts) == 2
    assert _bar_total(_dyad_spec(client.get("/dyads/USA/RUS/timeline?freq=month").text)) == 2
    assert _bar_total(_dyad_spec(client.get("/dyads/USA/RUS/timeline?freq=month&directed=1").text)) == 1


def test_dyad_page_fetches_its_timeline_with_the_same_window(client: TestClient) -> None:
    html = client.get("/dyads/USA/RUS?since=2024-01-01&freq=month&directed=1").text
    assert 'hx-get="/dyads/USA/RUS/timeline?since=2024-01-01&amp;freq=month&amp;directed=1"' in html
    assert client.get("/dyads/USA/RUS/timeline?since=2024-01-01&freq=month&directed=1").status_code == 200


def test_latest_shifts_fragment(client: TestClient) -> None:
    assert 'hx-get="/shifts/latest"' in client.get("/").text
    html = client.get("/shifts/latest").text
    assert "Latest shifts" in html and "<html" not in html
    assert "No shift in the last year of the store." in html  # ten events are too few to test a dyad


def test_dyad_without_facts_says_so(client: TestClient) -> None:
    html = client.get("/dyads/RUS/FRA/timeline?directed=1").text  # only a negated attack
    assert "No facts between RUS and FRA" in html and 'id="dyad-spec"' not in html


def test_vendored_vega_lite_reads_what_altair_writes() -> None:
    import altair as alt

    vendor = Path(__file__).resolve().parents[1] / "src" / "tidings" / "web" / "static" / "vendor" / "vega"
    version = re.search(r'var n="(\d+)\.(\d+)\.\d+"', (vendor / "vega-lite.min.js").read_text()[:2000])
    assert version, "cannot read the vendored Vega-Lite version"
    assert alt.SCHEMA_VERSION.lstrip("v").split(".")[0] == version[1]


def test_map_data_groups_located_events_by_place(client: TestClient) -> None:
    body = client.get("/api/map").json()
    located = [e for e in all_events(client) if e["location_name"]]
    assert located and body["located_events"] == len(located)
    assert {p["name"] for p in body["places"]} == {e["location_name"] for e in located}
    assert sum(p["events"] for p in body["places"]) == len(located)
    assert client.get("/api/map?quad=4").json()["located_events"] == sum(1 for e in located if e["quad_class"] == 4)


def test_map_page_carries_its_filter_to_the_data(client: TestClient) -> None:
    html = client.get("/map?actor=UKR&quad=4").text
    assert 'data-places="/api/map?actor=UKR&amp;quad=4"' in html


def test_overview_counts_and_tops(client: TestClient) -> None:
    html = client.get("/").text
    assert re.search(r'<span class="big">10</span> articles', html)
    assert re.search(r'<span class="big">9</span> merged events', html)
    assert 'href="/dyads/USA/RUS"' in html and 'href="/events?actor=RUS"' in html
    spec = json.loads(re.search(r'<script type="application/json" id="timeline-spec">(.*?)</script>', html, re.S)[1])
    assert sum(v["events"] for v in spec["data"]["values"]) == 9


def test_overview_timeline_follows_freq(client: TestClient) -> None:
    spec_of = lambda html: json.loads(re.search(r'id="timeline-spec">(.*?)</script>', html, re.S)[1])  # noqa: E731
    months = {v["period"] for v in spec_of(client.get("/?freq=month").text)["data"]["values"]}
    days = {v["period"] for v in spec_of(client.get("/?freq=day").text)["data"]["values"]}
    assert months == {"2024-01-01", "2024-02-01", "2024-03-01"}
    assert len(days) == 9  # nine distinct event days


# --- pages load only what tidings serves ------------------------------------------------------------------

PAGES = ["/", "/events", "/map", "/dyads/USA/RUS"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_reference_only_local_scripts_and_styles(client: TestClient, path: str) -> None:
    html = client.get(path).text
    refs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert refs
    for ref in refs:
        assert ref.startswith("/static/") or ref.startswith("data:"), ref
        if ref.startswith("/static/"):
            assert client.get(ref).status_code == 200, ref


def test_every_vendored_file_has_its_licence_and_source_note() -> None:
    vendor = Path(__file__).resolve().parents[1] / "src" / "tidings" / "web" / "static" / "vendor"
    sources = (vendor / "SOURCES.md").read_text()
    folders = [p for p in vendor.iterdir() if p.is_dir()]
    assert folders
    for folder in folders:
        assert list(folder.glob("LICENSE*")), folder
        assert f"`{folder.name}/" in sources, folder
    assert "cdn" not in "".join(p.read_text() for p in (vendor.parent).glob("*.js")).lower()


def test_responses_forbid_other_hosts_and_say_server_time(client: TestClient) -> None:
    response = client.get("/events")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert re.fullmatch(r"app;dur=[0-9.]+", response.headers["server-timing"])


# --- parameter errors: 400 with a message naming the parameter -----------------------------------------

BAD = [
    ("/events?actr=USA", "unknown parameter 'actr'"),
    ("/api/events?foo=1", "unknown parameter 'foo'"),
    ("/?actor=USA", "unknown parameter 'actor'"),
    ("/events?actor=U$A", "actor='U$A' is not an actor or country code"),
    ("/events?source=", None),  # blank is no filter: 200
    ("/events?code=abc", "code='abc' is not a CAMEO event code"),
    ("/events?code=12345", "code='12345' is not a CAMEO event code"),
    ("/events?quad=5", "quad='5' is out of range"),
    ("/events?plover=SMILE", "plover='SMILE' is not a PLOVER type"),
    ("/events?mode=rumoured", "mode='rumoured' is not a mode"),
    ("/events?since=2024-02-30", "since='2024-02-30' is not a date"),
    ("/events?until=last%20week", "until='last week' is not a date"),
    ("/events?since=2024-03-01&until=2024-01-01", "since=2024-03-01 is after until=2024-01-01"),
    ("/events?min_confidence=2", "min_confidence"),
    ("/events?min_confidence=nan", "min_confidence='nan' is not a number from 0 to 1"),
    ("/events?sort=evidence", "sort='evidence' is not a column to sort by"),
    ("/events?page=0", "page='0' is out of range"),
    ("/events?page=-1", "page='-1' is not a whole number"),
    ("/events?per_page=501", "per_page='501' is out of range"),
    ("/events?both_ways=maybe", "both_ways='maybe' is not 1 or 0"),
    ("/events?format=xlsx", "format='xlsx' is not allowed"),
    ("/api/events?format=csv", "unknown parameter 'format'"),
    ("/events?q=" + "x" * 201, "q is 201 characters long"),
    ("/?freq=hour", "freq='hour' is not allowed"),
    ("/events/not%20an%20id", "is not an event id"),
    ("/events/abc?x=1", "unknown parameter 'x'"),
    ("/dyads/RUS/U*R", "target in the path='U*R' is not an actor or country code"),
    ("/dyads/RUS/UKR?source=USA", "the pair comes from the path"),
    ("/dyads/RUS/UKR?directed=2", "directed='2' is not allowed"),
    ("/dyads/RUS/UKR/timeline?freq=year", "freq='year' is not allowed"),
    ("/dyads/RUS/UKR/timeline?target=USA", "the pair comes from the path"),
    ("/shifts/latest?since=2024-01-01", "unknown parameter 'since'"),
    ("/map?page=2", "unknown parameter 'page'"),
    ("/api/map?sort=date", "unknown parameter 'sort'"),
]


@pytest.mark.parametrize("url, message", BAD, ids=[u for u, _ in BAD])
def test_bad_parameters_are_400_with_a_message(client: TestClient, url: str, message: str | None) -> None:
    response = client.get(url)
    if message is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.text[:300]
    text = response.json()["error"] if url.startswith("/api/") else response.text
    assert message in text.replace("&#39;", "'").replace("&amp;", "&")


def test_a_store_without_confidence_says_so_for_min_confidence(web_store: Path, tmp_path: Path) -> None:  # noqa: F811
    older = tmp_path / "older.duckdb"
    shutil.copy(web_store, older)
    con = duckdb.connect(str(older))
    con.execute("ALTER TABLE events DROP COLUMN confidence")  # as a store written before the column existed
    con.close()
    client = TestClient(create_app(older))
    assert client.get("/api/events").json()["total"] == 9
    response = client.get("/api/events?min_confidence=0.5")
    assert response.status_code == 400 and "no confidence column" in response.json()["error"]
    assert client.get("/events?sort=confidence").status_code == 400


# --- the command --------------------------------------------------------------------------------------


def test_serve_refuses_a_missing_store_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    run = subprocess.run(
        [sys.executable, "-m", "tidings.cli", "serve", "--db", str(missing)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1  # a failure, not a usage error (exit 2)
    assert run.stderr.strip().splitlines() == [
        f"tidings: error: {missing}: no store there yet; create it with `tidings code ... --db {missing}`"
    ]
    assert not missing.exists()


def test_serve_defaults_to_this_machine_only() -> None:
    from tidings.web import DEFAULT_HOST, DEFAULT_PORT

    run = subprocess.run([sys.executable, "-m", "tidings.cli", "serve", "--help"], capture_output=True, text=True)
    assert DEFAULT_HOST == "127.0.0.1" and DEFAULT_PORT == 8765
    assert "127.0.0.1" in run.stdout and "8765" in run.stdout


def test_the_app_never_writes_the_store(web_store: Path, client: TestClient) -> None:  # noqa: F811
    before = web_store.stat().st_mtime_ns, web_store.stat().st_size
    for path in ["/", "/events", "/api/events", "/map", "/api/map", "/dyads/USA/RUS", "/events?format=csv"]:
        assert client.get(path).status_code == 200
    assert (web_store.stat().st_mtime_ns, web_store.stat().st_size) == before
    with Store(web_store, read_only=True) as store:
        assert store.counts()["events"] == 9

