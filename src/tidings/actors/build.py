"""Build the actor lexicon from the dictionaries: Phoenix base, our supplements, the user's own files.

Sources, in the order they are added (later ones win for the same phrase):
1. the Phoenix/PETRARCH actor and agent dictionaries (``data/phoenix``),
2. our supplement in the same TABARI format (``data/actors_supplement.txt``: capitals and seats of power
   standing for governments, organisations and groups Phoenix lacks),
3. office holders with dates (``data/office_holders.tsv`` from REIGN, ``data/office_holders_supplement.tsv``
   ours), each as full name, alternative names and a *weak* surname entry,
4. phrases that look like actors but are not (``data/actor_blocklist.txt``: "South China Sea"),
5. the user's ``--dictionaries`` files: their actors are added (winning for the same words); an agents
   file among them replaces every packaged role (1.-2.), as a verbs file replaces the packaged verbs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from tidings.actors.lexicon import STEM_SUFFIXES, DatedCode, LexEntry, Lexicon
from tidings.ontology import read_table

log = logging.getLogger("tidings")

_CACHE_VERSION = "3"


def _tokenize_phrases(phrases: Sequence[str], tokenizer) -> list[tuple[str, ...]]:
    """Tokenize dictionary phrases exactly as article text will be tokenized."""
    # Dictionary phrases come lowercased; spaCy's abbreviation rules are case-sensitive ("U.S." stays one
    # token, "u.s." does not), so tokenize the upper-case form the way news writes names.
    upper = (p.upper() for p in phrases)
    return [tuple(t.lower_ for t in doc if not t.is_space) for doc in tokenizer.pipe(upper, batch_size=2000)]


def _parse_date(value: str, end: bool = False) -> dt.date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if not end:
                return dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(int(parts[0]), 12 if end else 1, 31 if end else 1)
    except ValueError:
        return None


def office_holder_entries() -> list[tuple[str, LexEntry]]:
    """People with dated CAMEO codes from the packaged office-holder tables.

    Each spell becomes a dated code; spells of the same name are grouped so that a person who held two
    offices gets the right code for the article date, and falls back to ``ELI`` after leaving office.
    """
    spells: dict[str, list[DatedCode]] = {}
    names: dict[str, set[str]] = {}
    supplemented: set = set()
    # The supplement first: where it knows a person, its dated spells replace REIGN's, whose open spells
    # only mean "in office at the March 2021 snapshot".
    for table in ("office_holders_supplement.tsv", "office_holders.tsv"):
        try:
            rows = list(read_table(table))
        except FileNotFoundError:
            continue
        for row in rows:
            name = (row.get("name") or "").strip()
            if not name:
                continue
            surname = (name.split()[-1].lower(), (row.get("country_iso3") or "").strip())
            if table == "office_holders_supplement.tsv":
                supplemented.add(name.lower())
                supplemented.add(surname)
            elif name.lower() in supplemented or surname in supplemented:
                continue
            country = (row.get("country_iso3") or "").strip()
            ctype = (row.get("cameo_type") or "GOV").strip() or "GOV"
            source = row.get("source") or ""
            if ctype == "IGO":
                code = next((w for w in source.replace(",", " ").split() if w.startswith("IGO")), "IGO")
            else:
                code = f"{country}{ctype}" if country else ctype
            start = _parse_date((row.get("start_date") or "").strip())
            end = _parse_date((row.get("end_date") or "").strip(), end=True)
            key = name.lower()
            spells.setdefault(key, []).append(DatedCode(code, start, end))
            alts = {a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip()}
            names.setdefault(key, {name}).update(alts)
    out: list[tuple[str, LexEntry]] = []
    for key, codes in spells.items():
        entry = LexEntry("actor", sorted(names[key])[0], tuple(codes), person=True, source="office_holders")
        for alias in names[key]:
            out.append((alias, entry))
        full = max(names[key], key=len)
        parts = full.split()
        if len(parts) >= 2:
            weak = LexEntry("actor", full, tuple(codes), person=True, weak=True, source="office_holders")
            out.append((parts[-1], weak))
        elif len(parts) == 1:
            # REIGN often gives a surname only ("Erdogan"): treat it as the weak surname form.
            out[-1] = (
                parts[0],
                LexEntry("actor", full, tuple(codes), person=True, weak=True, source="office_holders"),
            )
    return out


def _dictionary_entries(dset, origin: str = "") -> list[tuple[str, LexEntry]]:
    """Flatten a parsed ``DictionarySet`` into (phrase text, entry) pairs, expanding stemmed words."""
    out: list[tuple[str, LexEntry]] = []
    for ent in dset.actors:
        codes = tuple(DatedCode(c.code, c.start, c.end) for c in ent.codes)
        # A person has dated codes with a role ("AFGGOV 041202-071220"); countries can have dated codes too
        # (a state's name changing hands), but those are bare three-letter codes.
        person = any((c.start is not None or c.end is not None) and len(c.code) > 3 for c in ent.codes) and not any(
            len(c.code) == 3 for c in ent.codes
        )
        entry = LexEntry("actor", ent.name, codes, person=person, source=f"{ent.source}:{ent.line}")
        stem_entry = dataclasses.replace(entry, stem=True)
        for phrase in ent.phrases:
            text = " ".join(phrase.words)
            # the phrase as written is the name itself, whether or not its last word is a stem: a user's
            # "KUWAIT [KUW]" must replace the base "KUWAIT_ [KWT]"; only the suffixed forms yield
            out.append((text, stem_entry if phrase.stemmed_last and origin != "user " else entry))
            if phrase.stemmed_last and len(phrase.words[-1]) >= 4:
                for suf in STEM_SUFFIXES:
                    out.append((text + suf, stem_entry))
    for ag in dset.agents:
        code = ag.code.strip("~").strip()
        if not code:
            continue
        entry = LexEntry("agent", " ".join(ag.phrase.words), agent_code=code, source=origin + "agents")
        out.append((" ".join(ag.phrase.words), entry))
    return out


def _blocklist() -> list[tuple[str, LexEntry]]:
    text = resources.files("tidings.data").joinpath("actor_blocklist.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append((line, LexEntry("block", line)))
    return out


def build_lexicon(tokenizer, dictionary_paths: Iterable[str | Path] = (), user_roles_only: bool = False) -> Lexicon:
    """Assemble the lexicon; the packaged part is cached on disk because tokenizing 60k phrases takes time.

    User dictionaries add to the base. With ``user_roles_only`` a user's agents file replaces the packaged
    roles instead, for dictionaries written to stand alone (the PETRARCH validation suite's)."""
    from tidings import dictionaries

    paths = tuple(str(p) for p in dictionary_paths)
    base_pairs = _cached_base_pairs(tokenizer)
    user = dictionaries.load_dictionaries(paths) if paths else None
    lex = Lexicon()
    for toks, entry in base_pairs:
        if user_roles_only and user is not None and user.agents and entry.kind == "agent":
            continue  # the user's agents dictionary alone defines the roles
        lex.add(toks, entry)
    if user is not None:
        pairs = _dictionary_entries(user, origin="user ")
        for toks, (_, entry) in zip(_tokenize_phrases([p for p, _ in pairs], tokenizer), pairs, strict=True):
            lex.add(toks, entry)
    return lex


def _cached_base_pairs(tokenizer) -> list[tuple[tuple[str, ...], LexEntry]]:
    """The packaged phrases tokenized (60k of them: seconds), cached on disk by the package's content."""
    from tidings import cache, dictionaries

    def tokenize() -> list[tuple[tuple[str, ...], LexEntry]]:
        data_dir = Path(str(resources.files("tidings.data")))
        pairs: list[tuple[str, LexEntry]] = []
        pairs += _dictionary_entries(dictionaries.load_base_dictionaries())
        supplements = [
            f"actors:{data_dir / 'actors_supplement.txt'}",
            f"agents:{data_dir / 'agents_supplement.txt'}",
        ]
        pairs += _dictionary_entries(dictionaries.load_dictionaries(supplements))
        pairs += office_holder_entries()
        pairs += _blocklist()
        toks = _tokenize_phrases([p for p, _ in pairs], tokenizer)
        return [(t, e) for t, (_, e) in zip(toks, pairs, strict=True) if t]

    return cache.disk_cached("lexicon-base", ("lexicon-base", _CACHE_VERSION, cache.package_stamp()), tokenize)


#: Words of Phoenix discard phrases we do not use: PETRARCH dropped every sentence naming a year before
#: 1990 or "years ago", which loses real events in news that gives historical context.
_TIME_WORDS = {"ago", "later", "earlier", "round", "seed"}


def build_discards(tokenizer) -> Lexicon:
    """Sentence discards: sport and entertainment phrases (Phoenix discards without time phrases, and ours)."""
    from tidings import dictionaries

    data_dir = Path(str(resources.files("tidings.data")))
    phrases: list[str] = []
    sets = [
        dictionaries.load_base_dictionaries(),
        dictionaries.load_dictionaries([f"discards:{data_dir / 'discards_supplement.txt'}"]),
    ]
    for dset in sets:
        for phrase, _kind in dset.discards:
            words = phrase.words
            if not words or any(w.isdigit() or w in _TIME_WORDS for w in words):
                continue
            phrases.append(" ".join(words))
    lex = Lexicon()
    for toks, text in zip(_tokenize_phrases(phrases, tokenizer), phrases, strict=True):
        lex.add(toks, LexEntry("discard", text))
    return lex
