"""Python twin of bench/per-example-grads.ts: per-example gradients of the
Fashion-MNIST MLP (784-128-10, cross-entropy) by functorch's vmap(grad) and
by a loop of single-example gradients, on the same libtorch.

Prints one JSON object. Usage: per_example_grads.py THREADS BATCH REPEATS
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
from functorch import grad, make_functional, vmap

threads, batch, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(3)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
raw = gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()
images = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=16)[: batch * 784].copy()).reshape(batch, 1, 28, 28).float() / 255
labels = torch.tensor(list(gzip.open('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz').read()[8 : 8 + batch]))
fmodel, params = make_functional(model)


def loss(p, x, y):
    return torch.nn.functional.cross_entropy(fmodel(p, x.unsqueeze(0)), y.unsqueeze(0))


per_example = vmap(grad(loss), in_dims=(None, 0, 0))


def loop():
    out = []
    for i in range(batch):
        out.append(torch.autograd.grad(loss(params, images[i], labels[i]), params))
    return [torch.stack(g) for g in zip(*out)]


def best_ms(fn):
    fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    return best


grads = per_example(params, images, labels)
print(json.dumps({
    "vmap_ms": best_ms(lambda: per_example(params, images, labels)),
    "loop_ms": best_ms(loop),
    # A checksum of the result: the sum of each example's gradient norm (the same weights as the TypeScript side).
    "norm_sum": float(sum(g.flatten(1).norm(dim=1) for g in grads).sum()),
}))
