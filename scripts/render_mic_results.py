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
    # one table per (dataset, protocol): configs that share them (base models, MIC models) are merged
    groups = OrderedDict()
    for cfgdir in sorted(glob.glob(os.path.join(root, "*"))):
        files = sorted(glob.glob(os.path.join(cfgdir, "s*", "*", "metrics.json")))
        if not os.path.isdir(cfgdir) or not files:
            continue
        cfg = os.path.basename(cfgdir)
        for f in files:
            m = json.load(open(f))
            g = groups.setdefault((m["dataset"]["name"], m["protocol"]), {"configs": OrderedDict(), "models": OrderedDict(), "first": m})
            g["configs"].setdefault(cfg, set()).add(m["seed"])
            for mod in m["models"]:
                e = g["models"].setdefault(mod["label"], {"test": [], "valid": [], "fit": [], "seeds": []})
                e["test"].append(mod["test"])
                e["valid"].append(mod["valid"].get("recall@20", float("nan")))
                e["fit"].append(mod["fit_seconds"])
                e["seeds"].append(m["seed"])
    for (name, protocol), g in groups.items():
        d = g["first"]["dataset"]
        cfgs = list(g["configs"].keys())
        print(f"### {name}, protocol `{protocol}` ({', '.join('configs/' + c + '.textproto' for c in cfgs)})\n")
        for c, seeds in g["configs"].items():
            print(f"`scripts/mic-results.sh -s \"{' '.join(map(str, sorted(seeds)))}\" configs/{c}.textproto`  ")
        print()
        print(f"{d['users']:,} users, {d['items']:,} items after filtering; train {d['train_interactions']:,} / valid "
              f"{d['valid_interactions']:,} / test {d['test_interactions']:,} (seed {g['first']['seed']}). "
              f"Test metrics, mean ± sample std over the seeds in column `n`; `valid r@20` is the mean validation Recall@20 "
              f"(what early stopping selected on); `fit s` the mean training time in seconds on the shared 2-core machine.\n")
        print("| model | n | " + " | ".join(COLS) + " | valid r@20 | fit s |")
        print("|---|---|" + "---|" * (len(COLS) + 2))
        for label, e in g["models"].items():
            cells = []
            for c in COLS:
                xs = [t[c] for t in e["test"] if c in t]
                if not xs:
                    cells.append("–")
                    continue
                mu, sd = stats(xs)
                cells.append(f"{mu:.4f} ± {sd:.4f}" if len(xs) > 1 else f"{mu:.4f}")
            vm, _ = stats(e["valid"])
            fm, _ = stats(e["fit"])
            print(f"| {label} | {len(e['test'])} | " + " | ".join(cells) + f" | {vm:.4f} | {fm:.0f} |")
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
