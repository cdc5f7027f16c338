"""A meeting's place decides between visiting (042), hosting (043) and a third location (044)."""

from __future__ import annotations

from test_events import triples


def test_meeting_in_the_targets_country_is_a_visit():
    got = triples("French President Emmanuel Macron met Kenyan President William Ruto in Nairobi on Monday.")
    assert ("FRAGOV", "KENGOV", "042") in got


def test_meeting_in_the_sources_country_is_hosting():
    got = triples("Kenyan President William Ruto met French President Emmanuel Macron in Nairobi on Monday.")
    assert ("KENGOV", "FRAGOV", "043") in got


def test_meeting_elsewhere_is_a_third_location():
    got = triples("French President Emmanuel Macron met Kenyan President William Ruto in Geneva on Monday.")
    assert ("FRAGOV", "KENGOV", "044") in got


def test_meeting_without_a_place_stays_generic():
    got = triples("French President Emmanuel Macron met Kenyan President William Ruto on Monday.")
    assert ("FRAGOV", "KENGOV", "040") in got
