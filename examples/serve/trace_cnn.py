"""Traces the Fashion-MNIST CNN for serving: reads the checkpoint that
`npm run demo` (or examples/fashion-mnist.ts --checkpoint) writes, a state
dict of the pytorch/examples MNIST network as nn.Sequential, and saves it as
TorchScript with torch.jit.trace, in eval mode (dropout off).

Usage: trace_cnn.py CHECKPOINT OUT
"""
import sys

import torch

checkpoint, out = sys.argv[1], sys.argv[2]
net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Dropout(0.25), torch.nn.Flatten(), torch.nn.Linear(9216, 128), torch.nn.ReLU(), torch.nn.Dropout(0.5),
    torch.nn.Linear(128, 10), torch.nn.LogSoftmax(1))
net.load_state_dict(torch.load(checkpoint))
net.eval()
with torch.no_grad():
    traced = torch.jit.trace(net, torch.zeros(1, 1, 28, 28))
traced.save(out)
print(f"traced {checkpoint} to {out}")
