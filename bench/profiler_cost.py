"""Python twin of bench/profiler-cost.ts: what torch.profiler adds to a tiny
op. One round: N adds of 1-element tensors unprofiled, then N under
torch.profiler (CPU activity, as the node side records every op). Prints one
JSON line per round: {"plainUs", "profiledUs"} per op.

Usage: profiler_cost.py THREADS N ROUNDS
"""
import json
import sys
import time

import torch

threads, n, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
a, b = torch.ones(1), torch.ones(1)
for _ in range(n):
    a.add(b)
for _ in range(rounds):
    t = time.perf_counter()
    for _ in range(n):
        a.add(b)
    plain = (time.perf_counter() - t) / n * 1e6
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]):
        t = time.perf_counter()
        for _ in range(n):
            a.add(b)
        profiled = (time.perf_counter() - t) / n * 1e6
    print(json.dumps({"plainUs": plain, "profiledUs": profiled}), flush=True)
