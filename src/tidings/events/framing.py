"""Promises and threats: CAMEO codes the expressed intent or threat by the kind of act it is about.

"X agreed to release Y" is an intent to yield (0353), "X threatened to impose sanctions" a threat of
sanctions (1312): the act itself has not happened. These helpers find the word of promise or threat above
an act and give the code.
"""

from __future__ import annotations

from spacy.tokens import Token

from tidings.events.syntax import infinitival
from tidings.ontology import code_form

_INTENT_WORDS = set(
    """agree offer pledge promise vow commit ready willing prepared intend volunteer undertake""".split()
)


def intent_code(code: str) -> str | None:
    """The 03x code for promising the act ``code`` names, or None when CAMEO has no intent form for it."""
    return code_form(code, "intent")


_THREAT_WORDS = {"threaten", "warn"}


def threat_code(code: str) -> str | None:
    """The 13x code for threatening the act ``code`` names ("threatened to impose sanctions" → 1312)."""
    return code_form(code, "threat")


def threat_governor(tok: Token) -> Token | None:
    """ "threatened to strike", "warned that it would cut aid": the verb of threat above the act."""
    t = tok
    if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX"):
        t = t.head
    if t.head.i == t.i:
        return None
    gov = t.head
    if gov.lemma_.lower() not in _THREAT_WORDS:
        return None
    if t.dep_ == "xcomp" or infinitival(t):
        return gov
    if t.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "'d") for c in t.children):
        return gov
    return None


def intent_governor(tok: Token) -> Token | None:
    """The word of promise or readiness an infinitive hangs from ("agreed to release" → agreed)."""
    t = tok
    if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX"):
        t = t.head  # "ready to hold talks": the noun's verb is the infinitive
    for _ in range(2):
        if not (t.dep_ == "xcomp" or infinitival(t)) or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_.lower() in _INTENT_WORDS:
            return t
    return None


#: Verbs asking another party to act: an appeal (02x) or a demand (10x) for the act asked.
_APPEAL_WORDS = {"urge", "ask", "appeal", "implore", "press", "encourage", "call", "invite", "request", "exhort"}
_DEMAND_WORDS = {"demand", "insist", "require", "order"}


def request_kind(verb: Token) -> str | None:
    """ "appeal" or "demand" when ``verb`` asks another party to act ("urged X to", "demanded that X")."""
    lemma = verb.lemma_.lower()
    if lemma == "call":
        # "called on X to withdraw"; a bare "called" names or phones
        return "appeal" if any(c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in verb.children) else None
    if lemma in _APPEAL_WORDS:
        return "appeal"
    if lemma in _DEMAND_WORDS:
        return "demand"
    return None


def request_code(act_code: str, kind: str) -> str | None:
    """The appeal or demand code for asking for the act ``act_code`` names, or None if CAMEO has none."""
    return code_form(act_code, kind)
