"""Python twin of bench/profile-step.ts: one training step of the
Fashion-MNIST CNN or MLP (Adadelta lr 1.0, batch 64, nll_loss on the
models' log-probabilities, zero_grad() as Python 1.13 does it: zeroing the
gradients in place) under torch.profiler, averaged over STEPS steps after
WARMUP warm-up steps (argument 4, default 3). Prints {name: [calls per step, self µs per step]} and
the wall time per step as JSON.

Usage: profile_step.py THREADS MODEL STEPS   (MODEL: cnn | mlp)
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

from train import cnn, mlp  # bench/ is on the path: the script's folder

threads, model_name, steps = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 3
torch.set_num_threads(threads)
torch.manual_seed(1)
model = cnn() if model_name == "cnn" else mlp()
opt = torch.optim.Adadelta(model.parameters(), lr=1.0)
x = torch.randn(64, 1, 28, 28)
y = torch.randint(0, 10, (64,))


def step():
    opt.zero_grad()
    F.nll_loss(model(x), y).backward()
    opt.step()


for _ in range(warmup):
    step()
with torch.profiler.profile() as prof:
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    wall = (time.perf_counter() - t0) / steps * 1e6
print(json.dumps({"wall_us": wall, "ops": {e.key: [e.count / steps, e.self_cpu_time_total / steps] for e in prof.key_averages()}}))
