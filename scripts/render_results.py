"""Renders run directories (metrics.json) as the markdown tables of docs/results.md."""
import glob
import io
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

def splice(doc, section, text):
    """Replaces the text between <!-- section:begin --> and <!-- section:end --> in doc."""
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
    else:
        main(sys.argv[1])
