"""Write ``places_gold.jsonl`` (and ``places_heldout.jsonl``) from the annotated passages in ``*.txt``.

    python benchmarks/make_places_gold.py [SOURCE.txt ...]   (default: places_gold.txt and places_heldout.txt)

Each ``[[text|ISO3]]``, ``[[text|ISO3|admin1]]``, ``[[text|ISO3|feature]]`` or ``[[text|ISO3|=gazetteer name]]``
is the place the annotator meant; this script only looks up that place's entry (the most populous one
matching the name, country, and admin1 or feature given) to copy its name, feature, GeoNames id and
coordinates into the gold record.
It never asks the geoparser which sense to choose. A marked name the gazetteer has no entry for stops the
script with the passage id, so every gold toponym carries coordinates.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from tidings.gazetteer import place_key
from tidings.geonames import FEATURES, place_index, rows_named

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "places_gold.txt"
MISSING: list[str] = []
_MARK = re.compile(r"\[\[([^|\]]+)\|([A-Z]{3})(?:\|([^\]]+))?\]\]")


def entry(text: str, country: str, qualifier: str | None) -> int | None:
    """The index row of the place the annotation names."""
    idx = place_index()
    key = place_key(qualifier[1:] if qualifier and qualifier.startswith("=") else text)
    rows = [r for _, r in rows_named(idx, key) if idx.country[r] == country]
    if qualifier and qualifier.startswith("="):
        pass
    elif qualifier in FEATURES:
        rows = [r for r in rows if idx.feature[r] == qualifier]
    elif qualifier:
        rows = [r for r in rows if place_key(idx.admin1[r]).startswith(place_key(qualifier))]
    else:
        rows = [r for r in rows if idx.feature[r] == "city"] or rows
    return max(rows, key=lambda r: idx.population[r], default=None)


def passages(source: str) -> list[dict]:
    out = []
    for block in re.split(r"^## ", source, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        pid, date = head.split()
        out.append({"id": pid, "date": date, "marked": body.strip()})
    return out


def convert(passage: dict) -> dict:
    idx = place_index()
    text, places, pos = "", [], 0
    marked = passage["marked"]
    for m in _MARK.finditer(marked):
        text += marked[pos : m.start()]
        surface, country, qualifier = m.group(1), m.group(2), m.group(3)
        row = entry(surface, country, qualifier)
        if row is None:
            MISSING.append(f"{passage['id']}: no gazetteer entry for {m.group(0)}")
            row = 0
        places.append(
            {
                "text": surface,
                "start_char": len(text),
                "end_char": len(text) + len(surface),
                "name": idx.name[row],
                "feature": idx.feature[row],
                "country": country,
                "admin1": idx.admin1[row] or None,
                "latitude": round(idx.latitude[row], 4),
                "longitude": round(idx.longitude[row], 4),
                "geonames_id": idx.geonames_id[row] or None,
            }
        )
        text += surface
        pos = m.end()
    text += marked[pos:]
    return {"id": passage["id"], "date": passage["date"], "text": text, "places": places}


def main() -> None:
    sources = [Path(a) for a in sys.argv[1:]] or [SOURCE, HERE / "places_heldout.txt"]
    for source in sources:
        records = [convert(p) for p in passages(source.read_text(encoding="utf-8"))]
        if MISSING:
            sys.exit("\n".join(MISSING))
        target = source.with_suffix(".jsonl")
        with target.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{len(records)} passages, {sum(len(r['places']) for r in records)} toponyms -> {target.name}")


if __name__ == "__main__":
    main()
