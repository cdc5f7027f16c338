"""PETRARCH-format verb dictionaries given with ``--dictionaries``: how their patterns code sentences.

Every dictionary here is a small one written for the test (invented countries, real CAMEO codes), so that
each test shows one mechanic of the format and fails if it stops working.
"""

from __future__ import annotations

from pathlib import Path

from tidings.pipeline import code_text

ACTORS = """\
VALDORIA_ [VLD]
KESTRAN_ [KST]
MORVANIA_ [MRV]
"""


def dictionaries(tmp_path: Path, verbs: str, actors: str = ACTORS, agents: str = "") -> tuple[str, ...]:
    (tmp_path / "test.actors.txt").write_text(actors, encoding="utf-8")
    (tmp_path / "test.verbs.txt").write_text(verbs, encoding="utf-8")
    paths = [str(tmp_path / "test.actors.txt"), str(tmp_path / "test.verbs.txt")]
    if agents:
        (tmp_path / "test.agents.txt").write_text(agents, encoding="utf-8")
        paths.append(str(tmp_path / "test.agents.txt"))
    return tuple(paths)


def triples(text: str, dicts: tuple[str, ...], **kwargs) -> set[tuple[str, str, str]]:
    events = code_text(text, date="2001-05-04", dictionaries=dicts, **kwargs)
    return {(e.source.code if e.source else "", e.target.code if e.target else "", e.event_code) for e in events}


def test_family_code_pair_codes_the_reverse_event(tmp_path):
    dicts = dictionaries(tmp_path, "--- JOURNEY [042:043] ---\nJOURNEY\n")
    got = triples("Valdoria journeyed to Kestran on Monday.", dicts, paired_events=True)
    assert got == {("VLD", "KST", "042"), ("KST", "VLD", "043")}


def test_verb_code_pair_wins_over_the_family_pair(tmp_path):
    dicts = dictionaries(tmp_path, "--- JOURNEY [042:043] ---\nJOURNEY\nTREK [032:033]\n")
    got = triples("Valdoria trekked to Kestran on Monday.", dicts, paired_events=True)
    assert got == {("VLD", "KST", "032"), ("KST", "VLD", "033")}
