"""Renders multi-seed runs of scripts/seed-runs.sh (mic-results.sh, re4-results.sh) as mean ± std
markdown tables (test split), with the validation Recall@20 early stopping selected on and, for runs
whose logs carry it, the interest diversity the re4 model logs (mean pairwise cosine between a
user's K interests, averaged over users; lower = more diverse).

Usage: python3 scripts/render_seed_results.py RUNS_DIR [--cols recall@20,ndcg@20,...] [--splice DOC SECTION]
RUNS_DIR/<config>/s<seed>/<run>/metrics.json and RUNS_DIR/<config>-s<seed>.log
"""
import glob
import io
import json
import math
import os
import re
import sys
from collections import OrderedDict

COLS = ["recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50", "hit@10", "hit@20", "hit@50"]
# the script that made RUNS_DIR, by its default directory (seed-runs.sh -o RUNS_DIR otherwise)
SCRIPTS = {"runs/re4-results": "scripts/re4-results.sh", "runs/mic-results": "scripts/mic-results.sh"}
DIVERSITY = re.compile(r"Re4Model - .*interest diversity \(mean pairwise cosine of a user's \d+ interests\) (\S+)")


def stats(xs):
    xs = [x for x in xs if not math.isnan(x)]
    if not xs:
        return float("nan"), 0.0, 0
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return m, sd, len(xs)


def fmt(xs, digits=4):
    m, sd, n = stats(xs)
    if n == 0:
        return "–"
    return f"{m:.{digits}f} ± {sd:.{digits}f}" if n > 1 else f"{m:.{digits}f}"


def main(root, cols=COLS):
    groups = OrderedDict()
    for cfgdir in sorted(glob.glob(os.path.join(root, "*"))):
        files = sorted(glob.glob(os.path.join(cfgdir, "s*", "*", "metrics.json")))
        if not os.path.isdir(cfgdir) or not files:
            continue
        cfg = os.path.basename(cfgdir)
        for f in files:
            m = json.load(open(f))
            seed = m["seed"]
            log = os.path.join(root, f"{cfg}-s{seed}.log")
            div = [float(x) for x in DIVERSITY.findall(open(log).read())] if os.path.exists(log) else []
            g = groups.setdefault((m["dataset"]["name"], m["protocol"]), {"configs": OrderedDict(), "models": OrderedDict(), "first": m})
            g["configs"].setdefault(cfg, set()).add(seed)
            for i, mod in enumerate(m["models"]):
                e = g["models"].setdefault(mod["label"], {"test": [], "valid": [], "fit": [], "div": []})
                e["test"].append(mod["test"])
                e["valid"].append(mod["valid"].get("recall@20", float("nan")))
                e["fit"].append(mod["fit_seconds"])
                # the re4 model logs one diversity line per model, in config order
                e["div"].append(div[i] if i < len(div) else float("nan"))
    for (name, protocol), g in groups.items():
        d = g["first"]["dataset"]
        # runs of `re4-results.sh -m LABEL` live in <config>-<label>: group them back under their config
        commands = OrderedDict()
        for c, seeds in g["configs"].items():
            base, label = c, None
            if not os.path.exists(f"configs/{c}.textproto"):
                for cut in range(len(c), 0, -1):
                    if c[cut - 1] == "-" and os.path.exists(f"configs/{c[:cut - 1]}.textproto"):
                        base, label = c[:cut - 1], c[cut:]
                        break
            e = commands.setdefault((base, " ".join(map(str, sorted(seeds)))), [])
            if label:
                e.append(label)
        cfgs = list(OrderedDict.fromkeys(b for b, _ in commands))
        print(f"### {name}, protocol `{protocol}` ({', '.join('configs/' + c + '.textproto' for c in cfgs)})\n")
        out = os.path.relpath(root)
        for (base, seeds), labels in commands.items():
            script = SCRIPTS.get(out, f"scripts/seed-runs.sh -o {out}")
            m = f" -m \"{' '.join(labels)}\"" if labels else ""
            print(f"`{script} -s \"{seeds}\"{m} configs/{base}.textproto`  ")
        print()
        has_div = any(not math.isnan(x) for e in g["models"].values() for x in e["div"])
        print(f"{d['users']:,} users, {d['items']:,} items after filtering; train {d['train_interactions']:,} / valid "
              f"{d['valid_interactions']:,} / test {d['test_interactions']:,}. Test metrics (full ranking), mean ± sample std "
              f"over the seeds in column `n`; `valid r@20`: mean validation Recall@20 (early stopping's metric); "
              + ("`interest cos`: mean pairwise cosine between a user's K interests (lower = more diverse); " if has_div else "")
              + "`fit s`: mean training time in seconds on the shared 2-core machine.\n")
        extra = ["valid r@20"] + (["interest cos"] if has_div else []) + ["fit s"]
        print("| model | n | " + " | ".join(cols + extra) + " |")
        print("|---|---|" + "---|" * (len(cols) + len(extra)))
        for label, e in g["models"].items():
            cells = [fmt([t[c] for t in e["test"] if c in t]) for c in cols]
            vm, _, _ = stats(e["valid"])
            fm, _, _ = stats(e["fit"])
            cells += [f"{vm:.4f}"] + ([fmt(e["div"], 3)] if has_div else []) + [f"{fm:.0f}"]
            print(f"| {label} | {len(e['test'])} | " + " | ".join(cells) + " |")
        print()


def splice(doc, section, text):
    """Replaces the text between <!-- section:begin --> and <!-- section:end --> in doc (atomically)."""
    begin, end = f"<!-- {section}:begin -->", f"<!-- {section}:end -->"
    src = open(doc).read()
    if begin not in src or end not in src:
        sys.exit(f"{doc}: markers {begin} / {end} not found")
    head, rest = src.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(doc + ".tmp", "w") as f:
        f.write(head + begin + "\n" + text + end + tail)
    os.replace(doc + ".tmp", doc)


def render_to(doc_section, fn, *args):
    """Runs fn(*args), printing to stdout, or splicing its output into DOC SECTION when given."""
    if not doc_section:
        fn(*args)
        return
    buf = io.StringIO()
    sys.stdout, real = buf, sys.stdout
    try:
        fn(*args)
    finally:
        sys.stdout = real
    splice(doc_section[0], doc_section[1], buf.getvalue())


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description="mean ± std tables of multi-seed runs")
    ap.add_argument("runs")
    ap.add_argument("--cols", default=",".join(COLS), help="comma-separated test metrics (default: @10/@20/@50)")
    ap.add_argument("--splice", nargs=2, metavar=("DOC", "SECTION"))
    a = ap.parse_args()
    render_to(a.splice, main, a.runs, a.cols.split(","))
