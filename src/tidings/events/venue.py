"""Where a meeting took place decides its CAMEO code: a visit (042), hosting (043) or neutral ground (044).

"X met Y in Beijing" is, in CAMEO terms, X visiting China when Y is Chinese; "X met Y in Vilnius" is a
meeting at a third location. The coder cannot know this when it reads the verb: the place is resolved
later, by the geo step. This runs after it, on generic meeting events only.
"""

from __future__ import annotations

from tidings.events.requests import recode
from tidings.model import Event

#: Trigger words of a plain meeting (040); talks, visits and summits carry their own codes.
_MEETING_WORDS = {"meet", "met", "meets", "meeting", "meetings"}


def code_meeting_by_venue(event: Event) -> None:
    """Refine a generic meeting (040) between parties of two different countries by the country it took
    place in: the target's → the source visited (042), the source's → the source hosted (043), another →
    third location (044). Nothing changes when the place or a party's country is unknown."""
    if event.event_code != "040" or event.location is None or not event.location.country:
        return
    if event.trigger.lower() not in _MEETING_WORDS or event.source is None or event.target is None:
        return
    src, tgt, where = event.source.country, event.target.country, event.location.country
    if not src or not tgt or src == tgt:
        return
    code = "042" if where == tgt else "043" if where == src else "044"
    recode(event, code, f"venue: met in {event.location.name} ({where}) → {code}")
