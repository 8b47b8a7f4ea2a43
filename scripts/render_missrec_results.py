"""Renders multi-seed runs of scripts/re4-results.sh for the sasrec / missrec configs as mean ± std markdown
tables, one per protocol: `test` (the user's train/valid items masked from the ranking, our usual protocol) and
`test_unmasked` (every item ranked: RecBole's sequential full sort, the UniSRec/MISSRec papers' protocol; written
when the config sets `evaluation { unmasked_test: true }`), and `test_cold` (the test interactions on the items a
`cold_items` config held out of training, ranked against the whole catalogue with train/valid masked; written only
when some run has it, with the number of users that have a cold test item).

Usage: python3 scripts/render_missrec_results.py RUNS_DIR [LABEL ...]
RUNS_DIR/<config>-<label>/s<seed>/<run>/metrics.json; LABELs pick and order the rows (default: all, sorted).
"""
import glob
import json
import os
import re
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_seed_results import fmt, stats  # noqa: E402  (mean ± sample std, shared with the seed tables; render_re4_results.py was folded into it)

COLS = ["recall@10", "ndcg@10", "recall@50", "ndcg@50"]
# the best validation value early stopping saw (metrics.json's "valid" is computed after fit, when the user vectors
# of test_history = train-valid already read the validation item, so it is not held out)
BEST = re.compile(r"FitHarness - \S+: (\d+) epochs, best valid ndcg@10 (\S+) at epoch (\d+)")


def main(root, labels):
    rows = OrderedDict()
    for f in sorted(glob.glob(os.path.join(root, "*", "s*", "*", "metrics.json"))):
        m = json.load(open(f))
        cfgdir = f.split(os.sep)[-4]
        log = os.path.join(root, f"{cfgdir}-s{m['seed']}.log")
        best = BEST.findall(open(log).read()) if os.path.exists(log) else []
        for i, mod in enumerate(m["models"]):
            e = rows.setdefault(mod["label"], {"seeds": [], "test": [], "test_unmasked": [], "test_cold": [], "valid": [], "fit": [],
                                               "epochs": []})
            e["seeds"].append(m["seed"])
            e["test"].append(mod["test"])
            e["test_unmasked"].append(mod.get("test_unmasked", {}))
            e["test_cold"].append(mod.get("test_cold", {}))
            e["valid"].append(float(best[i][1]) if i < len(best) else float("nan"))
            e["epochs"].append(f"{best[i][0]}({best[i][2]})" if i < len(best) else "?")
            e["fit"].append(mod["fit_seconds"])
    order = labels or sorted(rows)
    parts = [("test_unmasked", "history items not masked (UniSRec/MISSRec papers' protocol)"),
             ("test", "train/valid items masked (our usual protocol)")]
    if any(t for e in rows.values() for t in e["test_cold"]):
        parts.append(("test_cold", "cold items only (held out of training; train/valid masked)"))
    for part, title in parts:
        cold = part == "test_cold"
        print(f"**Test, {title}**, mean ± sample std over the seeds in `n`:\n")
        print("| model | n | seeds | " + ("users | " if cold else "") + " | ".join(COLS) + " | best valid ndcg@10 | epochs (best) | fit s |")
        print("|---|---|---|" + "---|" * (len(COLS) + 3 + cold))
        for label in order:
            e = rows.get(label)
            if e is None:
                continue
            cells = [fmt([t.get(c, float("nan")) for t in e[part]]) for c in COLS]
            vm, _, _ = stats(e["valid"])
            fm, _, _ = stats(e["fit"])
            users = " ".join(str(t.get("users", "?")) for t in e[part]) + " | " if cold else ""
            print(f"| {label} | {len(e['test'])} | {' '.join(map(str, sorted(e['seeds'])))} | " + users + " | ".join(cells)
                  + f" | {vm:.4f} | {' '.join(e['epochs'])} | {fm:.0f} |")
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: render_missrec_results.py RUNS_DIR [LABEL ...]")
    main(sys.argv[1], sys.argv[2:])
