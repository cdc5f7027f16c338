"""Attribution and modality: did the text assert the event, attribute it, allege it, plan it or deny it?

Event-data users need to keep only what happened (``--facts-only``) and to see who says so. The rules
read the dependency path from the trigger up to the sentence root:

- ``negated``: a negation on the trigger ("did not meet"), a negative determiner on a nominal trigger ("no
  talks"), or the trigger under a denial verb ("denied attacking", "rejected claims that it shelled").
- ``hypothetical``: a modal or future auxiliary ("will visit", "would respond", "must stop"), the trigger
  under a verb of planning, intending, demanding or threatening ("plans to meet", "calls on X to
  release"), or inside a condition ("if X attacks").
- ``alleged``: "reportedly", "allegedly", "is accused of", "is suspected of", "is believed to".
- ``claimed``: the trigger inside the complement of a speech verb ("X said Y attacked Z") or with
  "according to".
- ``reported``: everything else.

The first rule that fires, in that order, wins: a denied claim is negated, a planned attack that someone
reports is hypothetical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from tidings.model import Event

_MODALS = {"will", "would", "could", "may", "might", "should", "must", "shall", "can", "'ll", "wo", "ca"}
DENIAL_VERBS = _DENIAL = {"deny", "reject", "refute", "dismiss", "rebut"}
_PLANNING = {
    "plan",
    "intend",
    "expect",
    "hope",
    "want",
    "aim",
    "seek",
    "prepare",
    "threaten",
    "propose",
    "offer",
    "promise",
    "pledge",
    "vow",
    "agree",
    "decide",
    "schedule",
    "consider",
    "try",
    "attempt",
    "wish",
    "need",
    "demand",
    "urge",
    "call",
    "ask",
    "press",
    "appeal",
    "request",
    "order",
    "warn",
    "invite",
    "encourage",
    "set",
    "due",
    "likely",
    "ready",
    "willing",
    "refuse",
    "fail",
    "push",
    "tell",
    "allow",
    "insist",
}
_PURPOSE_PREPS = {"for", "on", "to", "toward", "towards", "into", "of", "about", "with"}
#: Verbs whose direct object names the act they perform, not a planned one.
_ACT_BY_OBJECT = {
    "offer",
    "extend",
    "express",
    "convey",
    "send",
    "pledge",
    "promise",
    "agree",
    "tell",
    "ask",
    "set",
}
_NEGATING_GOVERNORS = {"fail", "refuse", "decline", "avoid", "cancel", "postpone", "halt", "stop", "abandon"}
SPEECH_VERBS = _SPEECH = {
    "say",
    "tell",
    "state",
    "announce",
    "claim",
    "report",
    "add",
    "insist",
    "confirm",
    "declare",
    "assert",
    "note",
    "write",
    "tweet",
    "explain",
    "argue",
    "acknowledge",
    "admit",
    "reveal",
    "disclose",
    "indicate",
    "quote",
    "cite",
    "suggest",
    "believe",
    "think",
    "stress",
    "emphasize",
    "emphasise",
    "warn",
}
_ALLEGE_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "possibly"}
_ALLEGE_VERBS = {"accuse", "suspect", "allege", "believe", "rumor", "rumour", "charge"}
_CONDITION_MARKS = {"if", "unless", "whether", "should"}


def _has_neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "neither")) for c in tok.children)


def _modal(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and (c.lower_ in _MODALS or c.tag_ == "MD"):
            return True
        if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ in ("xcomp", "advcl", "acl", "ccomp", "relcl"):
            # an infinitive: "to meet" — hypothetical when its governor plans or asks (checked upwards)
            continue
    # "is going to meet", "is to visit", "is due to visit", "is set to visit"
    head = tok.head
    if tok.dep_ == "xcomp" and head.lemma_ in ("go", "be", "set", "due", "expect", "schedule", "slate"):
        if any(c.lower_ == "to" for c in tok.children):
            return True
    return False


def detect_mode(trigger: Token) -> tuple[str, str]:
    """The mode of the event a trigger expresses, and the rule that decided it (for ``tidings explain``)."""
    # Walk up the clause chain, collecting what governs the trigger.
    chain: list[Token] = [trigger]
    t = trigger
    while t.head.i != t.i and len(chain) < 8:
        if t.dep_ in ("conj",) and t.head.pos_ in ("VERB", "AUX"):
            # coordinated verbs share their governor's modality but not its negation
            t = t.head
            chain.append(t)
            continue
        if t.dep_ == "relcl":
            # a relative clause asserts its own content: in "denied the bombing, which Congo had blamed
            # on Kigali" the blaming is not denied
            break
        t = t.head
        chain.append(t)

    # negation on the trigger itself or on its light verb ("did not hold talks")
    if _has_neg(trigger):
        return "negated", f"negation on '{trigger.text}'"
    light = trigger.head if trigger.dep_ in ("dobj", "nsubjpass", "attr", "pobj") else None
    if light is not None and light.pos_ in ("VERB", "AUX") and _has_neg(light):
        return "negated", f"negation on '{light.text}'"

    # "had not been able to deliver", "did not manage to reach": a negated governor of an infinitive
    t = light if light is not None and light.pos_ in ("VERB", "AUX") else trigger
    rel = t.dep_
    while rel in ("xcomp", "acomp") and t.head.i != t.i:
        t = t.head
        if _has_neg(t):
            return "negated", f"negation on governing '{t.text}'"
        rel = t.dep_

    # walk upwards through the governing clauses
    prev = trigger
    for gov in chain[1:]:
        lemma = gov.lemma_.lower()
        rel = prev.dep_
        clausal = rel in (
            "xcomp",
            "ccomp",
            "advcl",
            "pcomp",
            "acl",
            "dobj",
            "pobj",
            "relcl",
            "conj",
            "prep",
            "nsubj",
            "nsubjpass",
            "attr",
            "oprd",
            "compound",
        )
        if not clausal:
            prev = gov
            continue
        if lemma in _DENIAL and rel in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "acl"):
            return "negated", f"under denial verb '{gov.text}'"
        if lemma in _NEGATING_GOVERNORS and rel in ("xcomp", "dobj"):
            return "negated", f"under '{gov.text}'"
        prev = gov

    if _modal(trigger) or (light is not None and _modal(light)):
        return "hypothetical", f"modal or future auxiliary on '{trigger.text}'"
    for c in trigger.children:
        if c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS:
            return "hypothetical", f"condition '{c.text}'"

    prev = trigger
    for gov in chain[1:]:
        lemma = gov.lemma_.lower()
        rel = prev.dep_
        infinitive = rel == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in prev.children)
        if rel == "dobj" and lemma in _ACT_BY_OBJECT:
            prev = gov
            continue  # "offered condolences", "expressed sympathy": the object is the act itself
        # a preposition of purpose carries the plan ("called for talks", "pressed on reforms"); one of time
        # or place does not ("set the building on fire during protests")
        adjunct = rel == "prep" and prev.lower_ not in _PURPOSE_PREPS
        if (
            (rel in ("xcomp", "ccomp", "dobj", "pobj", "pcomp", "prep") or infinitive)
            and not adjunct
            and (lemma in _PLANNING or gov.lower_ in _PLANNING)
        ):
            if not (lemma in _SPEECH and rel == "ccomp"):
                if lemma not in ("agree",) or rel == "xcomp":
                    return "hypothetical", f"under '{gov.text}' (plan, request or demand)"
        if rel == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in prev.children):
            return "hypothetical", "conditional clause"
        if _modal(gov) and rel in ("xcomp", "conj"):
            return "hypothetical", f"modal on governing '{gov.text}'"
        prev = gov

    for tok in [trigger] + ([light] if light is not None else []):
        for c in tok.children:
            if c.lower_ in _ALLEGE_ADVERBS:
                return "alleged", f"'{c.text}'"
    prev = trigger
    for gov in chain[1:]:
        if gov.lemma_.lower() in _ALLEGE_VERBS and prev.dep_ in ("prep", "pcomp", "pobj", "xcomp", "ccomp"):
            return "alleged", f"under '{gov.text}'"
        if any(c.lower_ in _ALLEGE_ADVERBS for c in gov.children) and prev.dep_ in ("ccomp", "xcomp"):
            return "alleged", f"'reportedly' on governing '{gov.text}'"
        prev = gov

    prev = trigger
    for gov in chain[1:]:
        if gov.lemma_.lower() in _SPEECH and prev.dep_ in ("ccomp", "parataxis", "conj", "advcl"):
            return "claimed", f"reported speech under '{gov.text}'"
        prev = gov
    doc = trigger.doc
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return "claimed", "'according to'"
    return "reported", "asserted in the text"


def speech_governor(trigger: Token) -> Token | None:
    """The speech verb whose complement holds the trigger ("X said Y attacked Z" → said), if any."""
    prev = trigger
    t = trigger
    for _ in range(6):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_.lower() in _SPEECH and prev.dep_ in ("ccomp", "parataxis"):
            return t
        prev = t
    return None


def mode_in_genre(mode: str, genre: str | None, quad_class: int | None) -> tuple[str, str | None]:
    """The mode an event takes in an article of ``genre``, and why it changed (None: unchanged).

    Modality above reads one sentence; the genre reads the article. In an opinion piece an unattributed
    accusation ("He killed thousands of his own people") is the writer's view, so a ``reported`` conflict
    event becomes ``alleged``; in an interview or a press release an assertion is one party's own account
    (``claimed``). The rules are data (``data/genre_cues.json``, ``modes``), decided per article by ``genre.py``.
    """
    from tidings.genre import genre_mode_rules

    for rule in genre_mode_rules():
        if rule.applies(genre, mode, quad_class):
            return rule.to_mode, rule.why
    return mode, None


def apply_genre_mode(event: Event, genre: str | None) -> None:
    """Give ``event`` the mode its article's genre implies, with a note saying so (``tidings explain``, store)."""
    mode, why = mode_in_genre(event.mode, genre, event.quad_class)
    if why is not None:
        event.mode = mode
        event.notes.append(f"mode: {mode} ({why})")
