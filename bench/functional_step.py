"""Python twin of bench/functional-step.ts: one training step of the
Fashion-MNIST MLP (batch 64, SGD with momentum 0.9, lr 0.05, weight decay
5e-4 on the weights) imperatively (module, backward, torch.optim.SGD) and
functionally (functorch.grad_and_value over functional_call, SGD on dicts).

Prints one JSON object. Usage: functional_step.py THREADS BATCH STEPS REPEATS
"""
import json
import sys
import time

import torch
from functorch import grad_and_value
from torch.nn.utils.stateless import functional_call

from fashion_mnist_idx import idx

threads, batch, steps, repeats = (int(a) for a in sys.argv[1:5])
LR, MOMENTUM, WEIGHT_DECAY = 0.05, 0.9, 5e-4
torch.set_num_threads(threads)
torch.manual_seed(1)
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
x = idx("t10k-images-idx3-ubyte")[:batch].reshape(batch, 1, 28, 28).float() / 255
y = idx("t10k-labels-idx1-ubyte")[:batch].long()
F = torch.nn.functional


def best_ms_per_step(step):
    best = float("inf")
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        if r > 0:  # run 0 warms up
            best = min(best, (time.perf_counter() - t0) * 1e3 / steps)
    return best


named = list(net.named_parameters())
opt = torch.optim.SGD([
    {"params": [p for n, p in named if n.endswith(".weight")], "weight_decay": WEIGHT_DECAY},
    {"params": [p for n, p in named if n.endswith(".bias")]},
], lr=LR, momentum=MOMENTUM)


def imperative():
    opt.zero_grad()
    F.cross_entropy(net(x), y).backward()
    opt.step()


gradient = grad_and_value(lambda p, x, y: F.cross_entropy(functional_call(net, p, (x,)), y))
state = {"params": {n: p.detach().clone() for n, p in named}, "velocity": None}


def sgd(params, velocity, grads):
    d = {n: g + WEIGHT_DECAY * params[n] if n.endswith(".weight") else g for n, g in grads.items()}
    v = d if velocity is None else {n: velocity[n] * MOMENTUM + d[n] for n in d}
    return {"params": {n: params[n] - LR * v[n] for n in params}, "velocity": v}


def functional():
    global state
    grads, _ = gradient(state["params"], x, y)
    with torch.no_grad():
        state = sgd(state["params"], state["velocity"], grads)


print(json.dumps({"imperative_ms": best_ms_per_step(imperative), "functional_ms": best_ms_per_step(functional)}))
