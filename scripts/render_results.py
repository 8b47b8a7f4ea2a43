"""Renders run directories (metrics.json) as the markdown tables of docs/results.md."""
import glob
import json
import os
import sys

COLS = ["recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50", "hit@10", "hit@20", "hit@50"]

def main(root):
    for path in sorted(glob.glob(os.path.join(root, "*", "*", "metrics.json"))):
        cfg = os.path.basename(os.path.dirname(os.path.dirname(path)))
        m = json.load(open(path))
        d, raw = m["dataset"], m["dataset_raw"]
        print(f"### {d['name']}, protocol `{m['protocol']}` (configs/{cfg}.textproto, seed {m['seed']})\n")
        print(f"`./mic train -c configs/{cfg}.textproto`\n")
        print(f"Raw: {raw['users']:,} users, {raw['items']:,} items, {raw['interactions']:,} interactions. "
              f"After filtering: {d['users']:,} users, {d['items']:,} items, {d['interactions']:,} interactions "
              f"(train {d['train_interactions']:,} / valid {d['valid_interactions']:,} / test {d['test_interactions']:,}).\n")
        print("| model | " + " | ".join(COLS) + " |")
        print("|---|" + "---|" * len(COLS))
        for model in m["models"]:
            t = model["test"]
            print(f"| {model['label']} | " + " | ".join(f"{t[c]:.4f}" for c in COLS) + " |")
        print()

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from render_seed_results import render_to
    if len(sys.argv) == 5 and sys.argv[2] == "--splice":
        render_to(sys.argv[3:5], main, sys.argv[1])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit("usage: render_results.py RUNS_DIR [--splice DOC SECTION]")
