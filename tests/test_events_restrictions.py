"""Administrative restrictions on a country's own people (CAMEO 172): closing its schools, shops or places of
worship, suspending its officials from duty. Each case is a neutral sentence written for this test."""

from __future__ import annotations

import pytest

import tidings

DATE = "2024-05-10"

#: (text, source, target) of the 172 event the text states
CASES = [
    ("The Samoan government shut down all schools on Monday.", "WSMGOV", "WSMCVL"),
    ("Authorities in Nepal closed schools and markets after the floods.", "NPLGOV", "NPLCVL"),
    ("The Kenyan government closed all mosques in Mombasa.", "KENGOV", "KEN"),
    ("Two Chilean police officers were suspended from duty after the raid.", "CHLGOV", "CHLCOP"),
]


@pytest.mark.parametrize(("text", "source", "target"), CASES)
def test_closing_public_places_or_suspending_officials_is_an_administrative_sanction(text, source, target):
    events = tidings.code_text(text, date=DATE)
    assert events, text
    got = {(e.source.code if e.source else None, e.event_code, e.target.code if e.target else None) for e in events}
    assert (source, "172", target) in got, got


def test_closing_an_embassy_keeps_its_diplomatic_code():
    events = tidings.code_text("Canada closed its embassy in Iran on Friday.", date=DATE)
    assert events
    assert all(e.event_code[:2] == "16" for e in events), [e.event_code for e in events]
