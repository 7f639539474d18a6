"""Python side of bench/train.ts: the same models, data pipeline, batch size,
seed and thread count, timed per training step.

Usage: train.py THREADS MODEL WARMUP STEPS   (MODEL: cnn | mlp)
       train.py THREADS accuracy EPOCHS       (the example's accuracy run)
Prints one JSON object.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.286, 0.353


def idx(name):
    with gzip.open(f"{ROOT}/{name}.gz", "rb") as f:
        raw = f.read()
    ndims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndims)]
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(shape).copy())


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, 10), nn.LogSoftmax(1))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10), nn.LogSoftmax(1))


def batches(images, labels, batch_size, generator):
    order = torch.randperm(len(labels), generator=generator)
    for start in range(0, len(labels), batch_size):
        i = order[start:start + batch_size]
        yield (images.index_select(0, i).float().mul(1 / 255) - MEAN) / STD, labels.index_select(0, i)


def main():
    torch.set_num_threads(int(sys.argv[1]))
    torch.manual_seed(1)
    images = idx("train-images-idx3-ubyte").unsqueeze(1)
    labels = idx("train-labels-idx1-ubyte").long()
    model = cnn() if sys.argv[2] in ("cnn", "accuracy") else mlp()
    opt = torch.optim.Adadelta(model.parameters(), lr=1.0)
    gen = torch.Generator().manual_seed(1)

    def step(x, y):
        loss = F.nll_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    if sys.argv[2] == "accuracy":
        test_images = idx("t10k-images-idx3-ubyte").unsqueeze(1)
        test_labels = idx("t10k-labels-idx1-ubyte").long()
        sched = torch.optim.lr_scheduler.StepLR(opt, 1, 0.7)
        accs = []
        for _ in range(int(sys.argv[3])):
            model.train()
            for x, y in batches(images, labels, 64, gen):
                step(x, y)
            sched.step()
            model.eval()
            with torch.no_grad():
                x = (test_images.float().mul(1 / 255) - MEAN) / STD
                accs.append((model(x).argmax(1) == test_labels).float().mean().item())
        print(json.dumps({"accuracy": accs}))
        return

    warmup, steps = int(sys.argv[3]), int(sys.argv[4])
    it = batches(images, labels, 64, gen)
    for _ in range(warmup):
        step(*next(it))
    t0 = time.perf_counter()
    for _ in range(steps):
        step(*next(it))
    print(json.dumps({"ms": (time.perf_counter() - t0) / steps * 1000}))


main()
