"""Renders multi-seed runs of scripts/re4-results.sh for the sasrec / missrec configs as mean ± std markdown
tables, one per protocol: `test` (the user's train/valid items masked from the ranking, our usual protocol) and
`test_unmasked` (every item ranked: RecBole's sequential full sort, the UniSRec/MISSRec papers' protocol; written
when the config sets `evaluation { unmasked_test: true }`).

Usage: python3 scripts/render_missrec_results.py RUNS_DIR [LABEL ...]
RUNS_DIR/<config>-<label>/s<seed>/<run>/metrics.json; LABELs pick and order the rows (default: all, sorted).
"""
import glob
import json
import math
import os
import sys
from collections import OrderedDict

COLS = ["recall@10", "ndcg@10", "recall@50", "ndcg@50"]


def stats(xs):
    xs = [x for x in xs if not math.isnan(x)]
    if not xs:
        return float("nan"), 0.0, 0
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return m, sd, len(xs)


def fmt(xs):
    m, sd, n = stats(xs)
    if n == 0:
        return "–"
    return f"{m:.4f} ± {sd:.4f}" if n > 1 else f"{m:.4f}"


def main(root, labels):
    rows = OrderedDict()
    for f in sorted(glob.glob(os.path.join(root, "*", "s*", "*", "metrics.json"))):
        m = json.load(open(f))
        for mod in m["models"]:
            e = rows.setdefault(mod["label"], {"seeds": [], "test": [], "test_unmasked": [], "valid": [], "fit": []})
            e["seeds"].append(m["seed"])
            e["test"].append(mod["test"])
            e["test_unmasked"].append(mod.get("test_unmasked", {}))
            e["valid"].append(mod["valid"].get("ndcg@10", float("nan")))
            e["fit"].append(mod["fit_seconds"])
    order = labels or sorted(rows)
    for part, title in (("test_unmasked", "history items not masked (UniSRec/MISSRec papers' protocol)"),
                        ("test", "train/valid items masked (our usual protocol)")):
        print(f"**Test, {title}**, mean ± sample std over the seeds in `n`:\n")
        print("| model | n | seeds | " + " | ".join(COLS) + " | valid ndcg@10 | fit s |")
        print("|---|---|---|" + "---|" * (len(COLS) + 2))
        for label in order:
            e = rows.get(label)
            if e is None:
                continue
            cells = [fmt([t.get(c, float("nan")) for t in e[part]]) for c in COLS]
            vm, _, _ = stats(e["valid"])
            fm, _, _ = stats(e["fit"])
            print(f"| {label} | {len(e['test'])} | {' '.join(map(str, sorted(e['seeds'])))} | " + " | ".join(cells)
                  + f" | {vm:.4f} | {fm:.0f} |")
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: render_missrec_results.py RUNS_DIR [LABEL ...]")
    main(sys.argv[1], sys.argv[2:])
