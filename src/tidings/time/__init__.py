"""Event-date resolution: find time expressions in news text and anchor them to the article date.

News stories date events relative to the day they were written ("on Monday", "last week", "two days
later"), so an event coder needs the article date to turn them into calendar dates. The steps, one module
each:

* :func:`resolve_dates` (``resolve``) finds every time expression with one compiled regex pass
  (``patterns``, built from the word lists in ``words`` and ``numbers``) and resolves each with the rule
  of ``rules`` its alternative names, against the article date, into a TimeML (TIMEX3) type and value and
  the calendar days it names (``values``); the tense of the words around it (``tense``) decides whether a
  bare "Friday" or "March 12" is the last or the next one;
* :func:`clause_span` and :func:`event_date` (``attach``) pick the expression that dates one event.

The conventions are written out in ``docs/dates.md``.
"""

from tidings.time.attach import clause_span, date_context, event_date
from tidings.time.resolve import resolve_dates

__all__ = ["clause_span", "date_context", "event_date", "resolve_dates"]
