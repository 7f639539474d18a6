"""Python side of bench/distributed.ts, on Python's torch.distributed over the
same gloo, one rank per process (env:// from the environment the benchmark
sets). Prints one JSON object (rank 0).

Usage: distributed.py allreduce SIZES_MB ITERS
           medians of ITERS allreduces of each size (after a warm-up), a barrier before each
       distributed.py train MODEL STEPS BATCH [plain]
           examples/distributed.ts's training: the model of bench/train.py, SGD (lr 0.05,
           momentum 0.9), a DistributedSampler (seed 1) giving each rank BATCH / WORLD_SIZE
           examples a step, DistributedDataParallel (none with `plain`); examples/s over all ranks
"""
import json
import statistics
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from fashion_mnist_idx import idx  # bench/ is on the path: the script's folder
from train import MEAN, STD, cnn, mlp


def allreduce(sizes, iters):
    out = {}
    for size in sizes.split(','):
        t = torch.ones(round(float(size) * 1024 * 1024 / 4))
        for _ in range(3):
            dist.all_reduce(t)
        times = []
        for _ in range(iters):
            dist.barrier()
            start = time.perf_counter()
            dist.all_reduce(t)
            times.append((time.perf_counter() - start) * 1000)
        out[size] = statistics.median(times)
    return out


def train(model_name, steps, batch, plain):
    rank, world = (0, 1) if plain else (dist.get_rank(), dist.get_world_size())
    torch.manual_seed(1)
    model = cnn() if model_name == 'cnn' else mlp()
    net = model if plain else DistributedDataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    images, labels = idx('train-images-idx3-ubyte'), idx('train-labels-idx1-ubyte')
    order = torch.tensor(list(DistributedSampler(range(len(labels)), num_replicas=world, rank=rank, seed=1)))
    per_rank = batch // world
    start = time.perf_counter()
    for step in range(steps):
        i = order[step * per_rank:(step + 1) * per_rank]
        x = (images.index_select(0, i).unsqueeze(1).float().div(255) - MEAN) / STD
        y = labels.index_select(0, i).long()
        opt.zero_grad(set_to_none=True)  # as the node side's zeroGrad()
        F.nll_loss(net(x), y).backward()
        opt.step()
    return {'examplesPerSecond': steps * batch / (time.perf_counter() - start)}


if __name__ == '__main__':
    mode = sys.argv[1]
    plain = mode == 'train' and sys.argv[-1] == 'plain'
    if not plain:
        dist.init_process_group('gloo')
    out = allreduce(sys.argv[2], int(sys.argv[3])) if mode == 'allreduce' else train(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), plain)
    if plain or dist.get_rank() == 0:
        print(json.dumps(out), flush=True)
    if not plain:
        dist.destroy_process_group()
