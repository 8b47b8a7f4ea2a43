"""Renders multi-seed runs of scripts/re4-results.sh as mean ± std markdown tables (test split), with
the validation Recall@20 early stopping selected on and the interest diversity the re4 model logs
(mean pairwise cosine between a user's K interests, averaged over users; lower = more diverse).

Usage: python3 scripts/render_re4_results.py RUNS_DIR [--splice docs/results.md SECTION]
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

COLS = ["recall@20", "recall@50", "ndcg@20", "ndcg@50", "hit@20", "hit@50"]
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


def main(root):
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
            opt = f" -o {out}" if out != "runs/re4-results" else ""
            m = f" -m \"{' '.join(labels)}\"" if labels else ""
            print(f"`scripts/re4-results.sh{opt} -s \"{seeds}\"{m} configs/{base}.textproto`  ")
        print()
        print(f"{d['users']:,} users, {d['items']:,} items after filtering; train {d['train_interactions']:,} / valid "
              f"{d['valid_interactions']:,} / test {d['test_interactions']:,}. Test metrics (full ranking), mean ± sample std "
              f"over the seeds in column `n`; `valid r@20`: mean validation Recall@20 (early stopping's metric); "
              f"`interest cos`: mean pairwise cosine between a user's K = 4 interests (lower = more diverse); "
              f"`fit s`: mean training time in seconds on the shared, heavily loaded 2-core machine.\n")
        print("| model | n | " + " | ".join(COLS) + " | valid r@20 | interest cos | fit s |")
        print("|---|---|" + "---|" * (len(COLS) + 3))
        for label, e in g["models"].items():
            cells = [fmt([t[c] for t in e["test"] if c in t]) for c in COLS]
            vm, _, _ = stats(e["valid"])
            fm, _, _ = stats(e["fit"])
            print(f"| {label} | {len(e['test'])} | " + " | ".join(cells) + f" | {vm:.4f} | {fmt(e['div'], 3)} | {fm:.0f} |")
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
    if len(sys.argv) == 5 and sys.argv[2] == "--splice":
        buf = io.StringIO()
        sys.stdout, real = buf, sys.stdout
        main(sys.argv[1])
        sys.stdout = real
        splice(sys.argv[3], sys.argv[4], buf.getvalue())
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit("usage: render_re4_results.py RUNS_DIR [--splice DOC SECTION]")
