"""Shared timing and output of the PyTorch step peers (twotower_step.py, transformer_step.py)."""
import json
import os
import platform
import resource
import time

import torch


def measure(step, warmup_s, measure_s):
    """Runs step() for warmup_s seconds, then at least once and until measure_s seconds have passed;
    returns (steps, ms per step) of the measured part."""
    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        step()
    steps = 0
    t0 = time.perf_counter()
    end = t0 + measure_s
    while True:
        step()
        steps += 1
        if time.perf_counter() >= end:
            break
    return steps, (time.perf_counter() - t0) * 1e3 / steps


def report(fields, steps, ms, out_path):
    """Prints one JSON object (the peer's versions, its own fields, the timing, peak RSS) and writes it
    to out_path when given."""
    out = {"peer": "pytorch", "torch": torch.__version__, "python": platform.python_version()}
    out.update(fields)
    out.update({
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"), "steps": steps, "ms_per_step": ms,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    })
    text = json.dumps(out)
    print(text)
    if out_path:
        with open(out_path, "w") as f:
            f.write(text + "\n")
