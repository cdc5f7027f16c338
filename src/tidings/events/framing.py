"""Promises and threats: CAMEO codes the expressed intent or threat by the kind of act it is about.

"X agreed to release Y" is an intent to yield (0353), "X threatened to impose sanctions" a threat of
sanctions (1312): the act itself has not happened. These helpers find the word of promise or threat above
an act and give the code.
"""

from __future__ import annotations

from spacy.tokens import Token

from tidings.events.syntax import infinitival

_INTENT_WORDS = {
    "agree",
    "offer",
    "pledge",
    "promise",
    "vow",
    "commit",
    "ready",
    "willing",
    "prepared",
    "intend",
    "volunteer",
    "undertake",
}
#: Express-intent codes by the kind of act promised (CAMEO 03x mirrors 04-08).
_INTENT_BY_CODE = {
    "045": "039",
    "046": "036",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "075": "033",
    "081": "0351",
    "082": "0352",
    "083": "0352",
    "084": "0353",
    "0841": "0353",
    "085": "0354",
    "086": "0355",
    "0861": "0355",
    "0862": "0355",
    "0863": "0355",
    "087": "0356",
    "0871": "0356",
}
_INTENT_BY_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


def intent_code(code: str) -> str | None:
    """The 03x code for promising the act ``code`` names, or None when CAMEO has no intent form for it."""
    if code == "057":
        return "030"
    return _INTENT_BY_CODE.get(code) or _INTENT_BY_CODE.get(code[:3]) or _INTENT_BY_ROOT.get(code[:2])


_THREAT_WORDS = {"threaten", "warn"}
_THREAT_BY_CODE = {
    "162": "1311",
    "163": "1312",
    "161": "1313",
    "164": "134",
    "165": "135",
    "166": "136",
    "191": "1381",
    "192": "1382",
}
_THREAT_BY_ROOT = {"14": "133", "16": "131", "17": "137", "18": "1383", "19": "1384", "20": "1385"}


def threat_code(code: str) -> str | None:
    """The 13x code for threatening the act ``code`` names ("threatened to impose sanctions" → 1312)."""
    return _THREAT_BY_CODE.get(code[:3]) or _THREAT_BY_ROOT.get(code[:2])


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
#: The act asked for → (appeal code, demand code). CAMEO 02x and 10x mirror the cooperative and yielding
#: acts of 04-08; the most specific prefix of the act's code wins.
_REQUEST_BY_CODE = {
    "04": ("026", "108"),
    "045": ("028", "105"),
    "05": ("022", "102"),
    "06": ("021", "101"),
    "061": ("0211", "1011"),
    "062": ("0212", "1012"),
    "063": ("0213", "1013"),
    "064": ("0214", "1014"),
    "07": ("023", "103"),
    "071": ("0231", "1031"),
    "072": ("0232", "1032"),
    "073": ("0233", "1033"),
    "074": ("0234", "1034"),
    "08": ("025", "100"),
    "081": ("0251", "1051"),
    "082": ("0252", "1052"),
    "083": ("024", "104"),
    "0831": ("0241", "1041"),
    "0832": ("0242", "1042"),
    "0833": ("0243", "1043"),
    "0834": ("0244", "1044"),
    "084": ("0253", "1053"),
    "085": ("0254", "1054"),
    "086": ("0255", "1055"),
    "087": ("0256", "1056"),
    "0871": ("0256", "107"),
    "0874": ("0256", "106"),
}


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
    for n in (4, 3, 2):
        pair = _REQUEST_BY_CODE.get(act_code[:n])
        if pair:
            return pair[0] if kind == "appeal" else pair[1]
    return None
