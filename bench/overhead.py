"""Python side of bench/overhead.ts: the same measurements on the same libtorch.

Prints one JSON object. Usage: overhead.py THREADS WHAT [N]
"""
import json
import resource
import sys
import time

import torch

threads, what = int(sys.argv[1]), sys.argv[2]
torch.set_num_threads(threads)


def per_op(fn, n, repeats=5):
    """Best-of-repeats mean time per call, in microseconds."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(n)
        best = min(best, (time.perf_counter() - t0) / n * 1e6)
    return best


if what == "add":
    x, y = torch.ones(1), torch.ones(1)

    def loop(n):
        for _ in range(n):
            z = x + y  # noqa: F841 - the result is freed when z is rebound

    loop(20000)
    print(json.dumps({"us": per_op(loop, int(sys.argv[3]))}))
elif what == "matmul":
    torch.manual_seed(0)
    a, b = torch.randn(1000, 1000), torch.randn(1000, 1000)

    def loop(n):
        for _ in range(n):
            c = a @ b  # noqa: F841

    loop(3)
    print(json.dumps({"us": per_op(loop, int(sys.argv[3]), repeats=3)}))
elif what == "rss":
    n = int(sys.argv[3])
    for _ in range(n):
        t = torch.ones(262144)  # 1 MB of float32, freed when rebound
    del t
    print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
