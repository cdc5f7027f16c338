"""A user's own TABARI/PETRARCH dictionaries (``--dictionaries``) add to the base, as files or a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tidings.pipeline import code_text

VALIDATE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2"
FILES = [VALIDATE / f"PETR.Validate.{kind}.txt" for kind in ("actors", "agents", "verbs")]
pytestmark = [
    pytest.mark.skipif(not all(p.exists() for p in FILES), reason="shared PETRARCH2 files not present"),
    pytest.mark.slow,
]

SENTENCE = "Arnor's foreign minister urged Eriador to respond to Gondor's proposals on elections."


def codes(dictionaries) -> set[tuple[str, str, str]]:
    events = code_text(SENTENCE, date="1995-01-03", dictionaries=tuple(str(d) for d in dictionaries))
    return {(e.source.code, e.target.code, e.event_code) for e in events}


def test_user_actor_agent_and_verb_files_code_their_own_world():
    got = codes(FILES)
    assert any(s.startswith("ARNGOV") and t == "ERI" for s, t, _ in got), got


def test_a_folder_of_dictionaries_codes_like_the_files(tmp_path):
    for f in FILES:
        shutil.copy(f, tmp_path / f.name)
    assert codes([tmp_path]) == codes(FILES)


def test_without_the_user_files_the_fictional_actors_are_unknown():
    assert not any(s.startswith("ARN") for s, _, _ in codes([]))
