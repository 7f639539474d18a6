"""Python twin of bench/inference.ts: batch-1 latency of the Fashion-MNIST CNN
and of a transformer encoder layer (d_model 64, 4 heads, feed-forward 256,
batch first, a sequence of 32) in eval mode under torch.inference_mode.

Usage: inference.py THREADS CALLS   Prints {"cnn_us": ..., "encoder_us": ...} (medians).
"""
import json
import sys
import time

import torch

from train import cnn  # bench/ is on the path: the script's folder

threads, calls = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)


def median_us(model, x):
    times = []
    with torch.inference_mode():
        for i in range(calls + 50):
            t0 = time.perf_counter()
            model(x)
            if i >= 50:  # the first 50 warm up
                times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    return times[len(times) // 2]


encoder = torch.nn.TransformerEncoderLayer(64, 4, dim_feedforward=256, batch_first=True).eval()
print(json.dumps({"cnn_us": median_us(cnn().eval(), torch.rand(1, 1, 28, 28)), "encoder_us": median_us(encoder, torch.randn(1, 32, 64))}))
