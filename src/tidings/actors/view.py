"""What the sentence-actor collaborators may read of the sentence being coded: one declared interface.

``SentenceActors`` (``actors/coder.py``) owns a parsed sentence and resolves noun phrases to actors; its
collaborators — ``Coreference`` (pronouns and descriptions), ``Places`` (places vs actors), ``RoleCountry``
(the country of a bare role) and ``NameLists`` (lists glued into one phrase) — each receive the sentence as
this protocol instead of reading attributes another file set on a shared ``self``.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span, Token

from tidings.actors.context import ArticleContext
from tidings.actors.matching import Found
from tidings.gazetteer import Gazetteer
from tidings.model import Actor


class SentenceView(Protocol):
    """The parsed sentence and the resolver entry points a collaborator may call back."""

    doc: Doc
    #: Character offset of the sentence in its article (actor offsets are article offsets).
    offset: int
    tokens: list[Token]
    ents: list[Span]
    text: str
    #: Dictionary matches in context, and the match covering each token.
    found: list[Found]
    by_token: dict[int, Found]
    context: ArticleContext
    gazetteer: Gazetteer | None
    #: Head tokens being resolved right now (guards the mutual recursion of roles and coreference).
    resolving: set[int]

    def actor_at(self, head: Token, other: Actor | None = None) -> list[Actor]: ...

    def actors_for(self, head: Token, other: Actor | None = None) -> list[Actor]: ...

    def finish(self, actor: Actor, head: Token, idx: list[int]) -> Actor: ...

    def ent_span(self, head: Token) -> Span | None: ...

    def is_capacity(self, head: Token) -> bool: ...

    def descriptions(self) -> list[Token]: ...

    def span_actor(self, code: str, span: Span, country: str | None, type: str | None, kind: str) -> Actor: ...
