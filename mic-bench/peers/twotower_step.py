#!/usr/bin/env python3
"""PyTorch peer of io.mic.bench.TwoTowerStepBenchmark: the same two-tower InfoNCE training step.

Two id tables (vocab x dim), nn.Embedding(sparse=True), ids uniform over the vocabulary, L2
normalised towers, in-batch softmax with temperature 0.1 and the logQ correction
(logits = q.c / tau - logQ(c)), cross-entropy against the diagonal, Adagrad with sparse gradients
(lr 0.05, initial accumulator 0.1, eps 1e-7 = the Java runtime's defaults). One process per
vocabulary size so its peak RSS is its own. Writes one JSON object.

usage: twotower_step.py --ids N [--batch 256 --dim 64 --threads T --warmup-s 3 --measure-s 10 --out f.json]
"""
import argparse
import math

import torch

import step_timing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", type=int, required=True)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup-s", type=float, default=3.0)
    ap.add_argument("--measure-s", type=float, default=10.0)
    ap.add_argument("--optimizer", choices=["adagrad", "sparseadam"], default="adagrad")
    ap.add_argument("--out")
    a = ap.parse_args()

    torch.manual_seed(7)
    torch.set_num_threads(a.threads)
    users = torch.nn.Embedding(a.ids, a.dim, sparse=True)
    items = torch.nn.Embedding(a.ids, a.dim, sparse=True)
    with torch.no_grad():
        users.weight.normal_(0, 1 / math.sqrt(a.dim))
        items.weight.normal_(0, 1 / math.sqrt(a.dim))
    params = list(users.parameters()) + list(items.parameters())
    if a.optimizer == "adagrad":
        opt = torch.optim.Adagrad(params, lr=0.05, initial_accumulator_value=0.1, eps=1e-7)
    else:
        opt = torch.optim.SparseAdam(params, lr=0.001)
    labels = torch.arange(a.batch)
    logq = torch.full((a.batch,), -math.log(a.ids))
    gen = torch.Generator().manual_seed(11)

    def step():
        u = torch.randint(a.ids, (a.batch,), generator=gen)
        i = torch.randint(a.ids, (a.batch,), generator=gen)
        q = torch.nn.functional.normalize(users(u), dim=1, eps=1e-6)
        c = torch.nn.functional.normalize(items(i), dim=1, eps=1e-6)
        logits = q @ c.t() / 0.1 - logq[None, :]
        loss = torch.nn.functional.cross_entropy(logits, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    steps, ms = step_timing.measure(step, a.warmup_s, a.measure_s)
    step_timing.report({"optimizer": a.optimizer, "ids": a.ids, "batch": a.batch, "dim": a.dim, "threads": a.threads}, steps, ms, a.out)


if __name__ == "__main__":
    main()
