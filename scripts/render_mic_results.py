"""Renders multi-seed runs of scripts/mic-results.sh as mean ± std markdown tables (test split),
with the validation Recall@20 the models were selected on.

Usage: python3 scripts/render_mic_results.py RUNS_DIR [--splice docs/results.md SECTION]
RUNS_DIR/<config>/s<seed>/<run>/metrics.json
"""
import glob
import io
import json
import math
import os
import sys
from collections import OrderedDict

COLS = ["recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50", "hit@10", "hit@20", "hit@50"]


def stats(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return m, sd


def main(root):
    for cfgdir in sorted(glob.glob(os.path.join(root, "*"))):
        if not os.path.isdir(cfgdir):
            continue
        cfg = os.path.basename(cfgdir)
        files = sorted(glob.glob(os.path.join(cfgdir, "s*", "*", "metrics.json")))
        if not files:
            continue
        seeds, models, first = [], OrderedDict(), None
        for f in files:
            m = json.load(open(f))
            first = first or m
            seeds.append(m["seed"])
            for mod in m["models"]:
                e = models.setdefault(mod["label"], {"test": [], "valid": [], "fit": []})
                e["test"].append(mod["test"])
                e["valid"].append(mod["valid"].get("recall@20", float("nan")))
                e["fit"].append(mod["fit_seconds"])
        d = first["dataset"]
        print(f"### {d['name']}, protocol `{first['protocol']}` (configs/{cfg}.textproto, seeds {', '.join(map(str, seeds))})\n")
        print(f"`scripts/mic-results.sh -s \"{' '.join(map(str, seeds))}\" configs/{cfg}.textproto`\n")
        print(f"{d['users']:,} users, {d['items']:,} items after filtering; train {d['train_interactions']:,} / valid "
              f"{d['valid_interactions']:,} / test {d['test_interactions']:,} (seed {seeds[0]}). "
              f"Test metrics, mean ± sample std over {len(seeds)} seed(s); `valid r@20` is the validation Recall@20 "
              f"that early stopping selected on; `fit s` the mean training time.\n")
        print("| model | " + " | ".join(COLS) + " | valid r@20 | fit s |")
        print("|---|" + "---|" * (len(COLS) + 2))
        for label, e in models.items():
            cells = []
            for c in COLS:
                xs = [t[c] for t in e["test"] if c in t]
                if not xs:
                    cells.append("–")
                    continue
                mu, sd = stats(xs)
                cells.append(f"{mu:.4f} ± {sd:.4f}" if len(xs) > 1 else f"{mu:.4f}")
            vm, vs = stats(e["valid"])
            fm, _ = stats(e["fit"])
            print(f"| {label} | " + " | ".join(cells) + f" | {vm:.4f} | {fm:.0f} |")
        print()


def splice(doc, section, text):
    begin, end = f"<!-- {section}:begin -->", f"<!-- {section}:end -->"
    src = open(doc).read()
    if begin not in src or end not in src:
        sys.exit(f"{doc}: markers {begin} / {end} not found")
    head, rest = src.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(doc + ".tmp", "w") as f:
        f.write(head + begin + "\n" + text + end + tail)
    os.replace(doc + ".tmp", doc)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--splice":
        sys.exit("usage: render_mic_results.py RUNS_DIR [--splice DOC SECTION]")
    if len(sys.argv) == 5 and sys.argv[2] == "--splice":
        buf = io.StringIO()
        sys.stdout, real = buf, sys.stdout
        main(sys.argv[1])
        sys.stdout = real
        splice(sys.argv[3], sys.argv[4], buf.getvalue())
    else:
        main(sys.argv[1])
