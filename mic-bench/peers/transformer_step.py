#!/usr/bin/env python3
"""PyTorch peer of io.mic.bench.TransformerStepBenchmark: the same transformer training step.

Input: a batch of B sequences of L fed d-dim vectors (right-padded, lengths uniform in [L/2, L]),
plus learned positional embeddings; `layers` pre-LN encoder blocks (nn.TransformerEncoderLayer,
norm_first=True, `heads` heads, FFN 4d with GELU, dropout 0.1) with a causal mask and the padding
mask; a final LayerNorm; the output at each sequence's last real position is the user vector;
InfoNCE (temperature 0.1, in-batch negatives) against fed target vectors. Adam (lr 1e-3) on every
dense weight. Inputs are drawn once (4 batches, seeded) and cycled, as in the Java benchmark.
Writes one JSON object.

usage: transformer_step.py [--batch 256 --length 50 --dim 64 --layers 2 --heads 2 --threads T
                            --warmup-s 3 --measure-s 10 --out f.json]
"""
import argparse

import torch

import step_timing


class Model(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        self.pos = torch.nn.Parameter(torch.randn(a.length, a.dim) * 0.02)
        self.blocks = torch.nn.ModuleList([
            torch.nn.TransformerEncoderLayer(a.dim, a.heads, dim_feedforward=4 * a.dim, dropout=0.1, activation="gelu",
                                             batch_first=True, norm_first=True)
            for _ in range(a.layers)])
        self.norm = torch.nn.LayerNorm(a.dim)

    def forward(self, x, pad, causal, last):
        h = x + self.pos[None, :x.shape[1]]
        for b in self.blocks:
            h = b(h, src_mask=causal, src_key_padding_mask=pad)
        h = self.norm(h)
        return (h * last[:, :, None]).sum(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--length", type=int, default=50)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup-s", type=float, default=3.0)
    ap.add_argument("--measure-s", type=float, default=10.0)
    ap.add_argument("--out")
    a = ap.parse_args()

    torch.manual_seed(7)
    torch.set_num_threads(a.threads)
    model = Model(a)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    causal = torch.triu(torch.ones(a.length, a.length, dtype=torch.bool), diagonal=1)
    gen = torch.Generator().manual_seed(11)
    batches = []
    for _ in range(4):
        x = torch.randn(a.batch, a.length, a.dim, generator=gen)
        lengths = torch.randint(a.length // 2, a.length + 1, (a.batch,), generator=gen)
        pad = torch.arange(a.length)[None, :] >= lengths[:, None]
        x = x.masked_fill(pad[:, :, None], 0.0)
        last = torch.nn.functional.one_hot(lengths - 1, a.length).float()
        target = torch.randn(a.batch, a.dim, generator=gen)
        batches.append((x, pad, last, target))
    labels = torch.arange(a.batch)
    model.train()
    state = {"i": 0}

    def step():
        x, pad, last, target = batches[state["i"] % len(batches)]
        state["i"] += 1
        u = torch.nn.functional.normalize(model(x, pad, causal, last), dim=1, eps=1e-6)
        c = torch.nn.functional.normalize(target, dim=1, eps=1e-6)
        loss = torch.nn.functional.cross_entropy(u @ c.t() / 0.1, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    steps, ms = step_timing.measure(step, a.warmup_s, a.measure_s)
    step_timing.report({"model": "transformer", "batch": a.batch, "length": a.length, "dim": a.dim, "layers": a.layers,
            "heads": a.heads, "threads": a.threads}, steps, ms, a.out)


if __name__ == "__main__":
    main()
