#!/usr/bin/env python3
"""Independent PyTorch reference for the `xsimgcl` plugin (issue 17): XSimGCL as RecBole-GNN's xsimgcl.py
defines it (noise sign(E) * normalize(U[0,1)) * eps after every layer, final = mean of layers 1..K, BPR on the
perturbed final embeddings, reg on the batch's layer-0 rows, lambda * (InfoNCE_users + InfoNCE_items) between the
final and the layer-l* embeddings of the batch's distinct users / positive items), trained with dense Adam and
negatives outside the user's training items, evaluated by full ranking with train (and valid, for test) masked.

Same protocol as `recbole-default` on ml-100k (random 80/10/10 per user, seeded), but its own split: compare
means over seeds, not single runs. --cl-weight 0 --eps 0 --layer0 gives LightGCN.

Usage: /usr/bin/python3 mic-bench/peers/xsimgcl_ref.py ../shared/data/ml-100k [--seed 2020] [--eps 0.2] ...
(Debian's python3-torch; one thread by default.)
"""
import argparse
import gzip
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_split(path, seed):
    f = os.path.join(path, "u.data")
    lines = open(f) if os.path.exists(f) else gzip.open(f + ".gz", "rt")
    rows = [line.split("\t")[:2] for line in lines]
    users = sorted({u for u, _ in rows}, key=int)
    items = sorted({i for _, i in rows}, key=int)
    uid = {u: k for k, u in enumerate(users)}
    iid = {i: k for k, i in enumerate(items)}
    per_user = [[] for _ in users]
    for u, i in rows:
        per_user[uid[u]].append(iid[i])
    rng = random.Random(seed)
    train, valid, test = [], [], []
    for u, its in enumerate(per_user):
        its = its[:]
        rng.shuffle(its)
        n = len(its)
        a, b = int(round(n * 0.8)), int(round(n * 0.9))
        train.append(its[:a])
        valid.append(its[a:b])
        test.append(its[b:])
    return len(users), len(items), train, valid, test


def norm_adj(nu, ni, train):
    us, its = [], []
    for u, l in enumerate(train):
        for i in set(l):
            us.append(u)
            its.append(nu + i)
    r = torch.tensor(us + its)
    c = torch.tensor(its + us)
    n = nu + ni
    deg = torch.bincount(r, minlength=n).float()
    d = deg.pow(-0.5)
    d[torch.isinf(d)] = 0
    v = d[r] * d[c]
    return torch.sparse_coo_tensor(torch.stack([r, c]), v, (n, n)).coalesce()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--eps", type=float, default=0.2)
    ap.add_argument("--cl-weight", type=float, default=0.1)
    ap.add_argument("--temperature", type=float, default=0.2)
    ap.add_argument("--cl-layer", type=int, default=1)
    ap.add_argument("--reg", type=float, default=1e-4)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--batch", type=int, default=2048)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--patience", type=int, default=10)
    ap.add_argument("--layer0", action="store_true", help="include layer 0 in the mean (LightGCN)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    nu, ni, train, valid, test = load_split(a.data, a.seed)
    adj = norm_adj(nu, ni, train)
    emb = torch.nn.Parameter(torch.empty(nu + ni, a.dim))
    torch.nn.init.xavier_normal_(emb.data[:nu])
    torch.nn.init.xavier_normal_(emb.data[nu:])
    opt = torch.optim.Adam([emb], lr=a.lr)
    pairs = np.array([(u, i) for u, l in enumerate(train) for i in l])
    seen = [set(l) for l in train]

    def forward(perturbed):
        e = emb
        layers = [e] if a.layer0 else []
        cl = e
        for k in range(a.layers):
            e = torch.sparse.mm(adj, e)
            if perturbed and a.eps > 0:
                e = e + torch.sign(e) * F.normalize(torch.rand_like(e), dim=-1) * a.eps
            layers.append(e)
            if k == a.cl_layer - 1:
                cl = e
        return torch.stack(layers, 1).mean(1), cl

    def info_nce(x1, x2):
        x1, x2 = F.normalize(x1, dim=-1), F.normalize(x2, dim=-1)
        logits = x1 @ x2.t() / a.temperature
        return (torch.logsumexp(logits, 1) - logits.diagonal()).mean()

    def evaluate(split, masks):
        with torch.no_grad():
            f, _ = forward(False)
            scores = f[:nu] @ f[nu:].t()
            for m in masks:
                for u, l in enumerate(m):
                    if l:
                        scores[u, l] = -1e9
            top = scores.topk(10, 1).indices.numpy()
        ndcg, recall, n = 0.0, 0.0, 0
        for u, l in enumerate(split):
            if not l:
                continue
            t = set(l)
            dcg = sum(1 / math.log2(r + 2) for r, i in enumerate(top[u]) if i in t)
            idcg = sum(1 / math.log2(r + 2) for r in range(min(len(t), 10)))
            ndcg += dcg / idcg
            recall += sum(1 for i in top[u] if i in t) / len(t)
            n += 1
        return ndcg / n, recall / n

    best, best_epoch, best_state = -1, 0, None
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        order = np.random.permutation(len(pairs))
        total = 0.0
        for s in range(0, len(order), a.batch):
            b = pairs[order[s:s + a.batch]]
            u = torch.from_numpy(b[:, 0])
            p = torch.from_numpy(b[:, 1])
            neg = []
            for uu in b[:, 0]:
                x = np.random.randint(ni)
                for _ in range(100):
                    if x not in seen[uu]:
                        break
                    x = np.random.randint(ni)
                neg.append(x)
            n = torch.tensor(neg)
            f, cl = forward(True)
            fu, fp, fn = f[u], f[nu + p], f[nu + n]
            loss = F.softplus((fu * fn).sum(1) - (fu * fp).sum(1)).mean()
            e0 = emb
            loss = loss + a.reg / 2 * ((e0[u] ** 2).sum() + (e0[nu + p] ** 2).sum() + (e0[nu + n] ** 2).sum()) / len(b)
            if a.cl_weight > 0:
                uu = torch.unique(u)
                pp = torch.unique(p) + nu
                loss = loss + a.cl_weight * (info_nce(f[uu], cl[uu]) + info_nce(f[pp], cl[pp]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        v = evaluate(valid, [train])
        print(f"epoch {epoch} loss {total / math.ceil(len(order) / a.batch):.5f} valid ndcg@10 {v[0]:.5f} ({time.time() - t0:.1f} s)", flush=True)
        if v[0] > best:
            best, best_epoch, best_state = v[0], epoch, emb.data.clone()
        elif epoch - best_epoch >= a.patience:
            break
    emb.data.copy_(best_state)
    t = evaluate(test, [train, valid])
    print(f"best epoch {best_epoch} valid ndcg@10 {best:.4f}; test ndcg@10 {t[0]:.4f} recall@10 {t[1]:.4f}")


if __name__ == "__main__":
    main()
