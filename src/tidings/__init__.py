"""tidings: local-first political event data. News text in, CAMEO-coded events with evidence out."""

from tidings.model import Actor, Article, Event, Evidence, Location, Sentence, TimeExpression

__all__ = ["Actor", "Article", "Event", "Evidence", "Location", "Sentence", "TimeExpression"]
__version__ = "0.1.0"
