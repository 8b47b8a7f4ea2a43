#!/usr/bin/env python3
"""hnswlib and faiss HNSW on the vectors io.mic.bench.AnnSweep wrote (data.f32, queries.f32 and the
exact ground truth truth.i32 in the work dir), with AnnSweep's protocol: one build with T threads
(wall time and RSS growth), then per ef a warm-up pass and a timed single-thread search loop of at
least min-seconds over all queries; recall@10 against the same ground truth.

Same graph budget as the Java index (degree 32 on the base layer, construction beam 100): hnswlib
M = 16 (2M = 32 links on layer 0), faiss IndexHNSWFlat M = 16, efConstruction 100; inner product.
Queries go in as one batch per pass with one search thread: each library's best single-thread case
(no Python call per query). A library that cannot be imported is reported as unavailable.

usage: ann_peers.py WORK_DIR OUT_DIR --threads T --min-seconds S [--efs 10,16,...] [--libs hnswlib,faiss]
"""
import argparse
import json
import os
import platform
import time

import numpy as np


def read(path, dtype):
    hdr = np.fromfile(path, dtype="<i4", count=2)
    return np.fromfile(path, dtype=dtype, offset=8).reshape(int(hdr[0]), int(hdr[1]))


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def recall(found, truth):
    hits = 0
    for a, b in zip(found, truth):
        hits += len(set(a.tolist()) & set(b.tolist()))
    return hits / truth.size


def sweep(search, queries, truth, efs, min_seconds, k):
    points = []
    for ef in efs:
        found = search(queries, ef, k)
        r = recall(found, truth)
        n = 0
        t0 = time.perf_counter()
        while True:
            search(queries, ef, k)
            n += len(queries)
            if time.perf_counter() - t0 >= min_seconds:
                break
        qps = n / (time.perf_counter() - t0)
        print(f"#   ef {ef}: recall@10 {r:.4f}, {qps:.0f} QPS", flush=True)
        points.append({"ef": ef, "recall": r, "qps": qps})
    return points


def run_hnswlib(data, queries, truth, a, efs):
    import hnswlib
    before = rss_kb()
    t0 = time.perf_counter()
    c0 = time.process_time()
    idx = hnswlib.Index(space="ip", dim=data.shape[1])
    idx.init_index(max_elements=len(data), ef_construction=100, M=16, random_seed=100)
    idx.add_items(data, np.arange(len(data)), num_threads=a.threads)
    build = time.perf_counter() - t0
    build_cpu = time.process_time() - c0
    mem = (rss_kb() - before) // 1024
    print(f"# hnswlib build {build:.1f} s ({build_cpu:.1f} CPU s), +{mem} MB", flush=True)

    def search(q, ef, k):
        idx.set_ef(max(ef, k))
        labels, _ = idx.knn_query(q, k=k, num_threads=1)
        return labels

    version = getattr(hnswlib, "__version__", None)
    return {"library": "hnswlib" + (" " + version if version else ""), "params": "M 16, efConstruction 100",
            "build_seconds": build, "build_cpu_seconds": build_cpu, "memory_mb": mem,
            "points": sweep(search, queries, truth, efs, a.min_seconds, 10)}


def run_faiss(data, queries, truth, a, efs):
    import faiss
    faiss.omp_set_num_threads(a.threads)
    before = rss_kb()
    t0 = time.perf_counter()
    idx = faiss.IndexHNSWFlat(data.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    idx.hnsw.efConstruction = 100
    idx.add(data)
    build = time.perf_counter() - t0
    mem = (rss_kb() - before) // 1024
    print(f"# faiss build {build:.1f} s, +{mem} MB", flush=True)
    faiss.omp_set_num_threads(1)

    def search(q, ef, k):
        idx.hnsw.efSearch = max(ef, k)
        _, labels = idx.search(q, k)
        return labels

    return {"library": "faiss " + faiss.__version__ + " IndexHNSWFlat", "params": "M 16, efConstruction 100",
            "build_seconds": build, "memory_mb": mem, "points": sweep(search, queries, truth, efs, a.min_seconds, 10)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-seconds", type=float, default=2.0)
    ap.add_argument("--efs", default="10,16,24,28,32,36,40,44,48,56,64,80,96,128,160,200,256")
    ap.add_argument("--libs", default="hnswlib,faiss", help="comma-separated subset of hnswlib,faiss")
    a = ap.parse_args()
    data = np.ascontiguousarray(read(os.path.join(a.work, "data.f32"), "<f4"))
    queries = np.ascontiguousarray(read(os.path.join(a.work, "queries.f32"), "<f4"))
    truth = read(os.path.join(a.work, "truth.i32"), "<i4")
    efs = [int(e) for e in a.efs.split(",")]
    for name, fn in (("hnswlib", run_hnswlib), ("faiss", run_faiss)):
        if name not in a.libs.split(","):
            continue
        print(f"# {name} on {data.shape[0]} x {data.shape[1]}", flush=True)
        try:
            res = fn(data, queries, truth, a, efs)
            res.update({"available": True})
        except ImportError as e:
            res = {"library": name, "available": False, "reason": str(e), "points": []}
        res.update({"n": int(data.shape[0]), "dim": int(data.shape[1]), "queries": int(len(queries)), "k": 10,
                    "build_threads": a.threads, "search_threads": 1, "python": platform.python_version()})
        with open(os.path.join(a.out, f"ann-{name}.json"), "w") as f:
            json.dump(res, f)
            f.write("\n")


if __name__ == "__main__":
    main()
