"""Fashion-MNIST's IDX files (Debian's dataset-fashion-mnist) as uint8 tensors, for the Python twins."""
import gzip

import numpy as np
import torch

ROOT = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{ROOT}/{name}.gz", "rb") as f:
        raw = f.read()
    ndims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndims)]
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(shape).copy())
