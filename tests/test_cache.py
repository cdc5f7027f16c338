"""The cache layer: keyed by file content stamps, in memory and on disk, never failing a run."""

from __future__ import annotations

import os
import pickle

import pytest

import tidings
from tidings import cache


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(folder))
    return folder


def test_a_built_value_is_pickled_and_reused_without_building_again(cache_home):
    calls = []

    def build():
        calls.append(1)
        return {"phrases": 3}

    first = cache.disk_cached("demo", ("k", 1), build)
    [pickled] = cache_home.glob("demo-*.pickle")
    assert pickle.loads(pickled.read_bytes()) == first
    assert cache.disk_cached("demo", ("k", 1), build) == first
    assert calls == [1]
    cache.disk_cached("demo", ("k", 2), build)  # another key builds again
    assert calls == [1, 1]


def test_an_unwritable_cache_falls_back_silently_to_building(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(blocker / "cache"))
    assert cache.disk_cached("demo", "k", lambda: [1, 2]) == [1, 2]


def test_a_corrupt_pickle_is_rebuilt(cache_home):
    cache.disk_cached("demo", "k", lambda: "good")
    [pickled] = cache_home.glob("demo-*.pickle")
    pickled.write_bytes(b"not a pickle")
    assert cache.disk_cached("demo", "k", lambda: "rebuilt") == "rebuilt"


def test_stamps_change_when_a_file_is_edited_even_with_the_same_size(tmp_path):
    f = tmp_path / "actors.txt"
    f.write_text("AAA [AAA]\n")
    before = cache.tree_stamps([f])
    f.write_text("BBB [BBB]\n")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1_000_000))
    assert cache.tree_stamps([f]) != before
    assert cache.tree_stamps([tmp_path]) == cache.tree_stamps([f])  # a folder stamps its files


@pytest.mark.slow
def test_an_edited_user_dictionary_is_used_in_the_same_process(tmp_path):
    """Edit a user actors file between two calls: the second call codes with the new entry."""
    actors = tmp_path / "my.actors.txt"
    text = "Valdoria and Kestran signed a trade agreement on Monday."
    actors.write_text("VALDORIA [VLD]\nKESTRAN [KST]\n", encoding="utf-8")
    first = tidings.code_text(text, date="2024-03-14", dictionaries=[str(actors)])
    assert first, "the coder found no event with the first dictionary"
    assert {e.source.code for e in first if e.source} | {e.target.code for e in first if e.target} >= {"VLD", "KST"}
    actors.write_text("VALDORIA [VLX]\nKESTRAN [KSX]\n", encoding="utf-8")
    os.utime(actors, ns=(actors.stat().st_atime_ns, actors.stat().st_mtime_ns + 1_000_000))
    second = tidings.code_text(text, date="2024-03-14", dictionaries=[str(actors)])
    assert second, "the coder found no event with the edited dictionary"
    codes = {e.source.code for e in second if e.source} | {e.target.code for e in second if e.target}
    assert codes >= {"VLX", "KSX"}
    assert not codes & {"VLD", "KST"}
