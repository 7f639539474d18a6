"""pytorch/examples' vae/main.py, run on Fashion-MNIST: the Python twin of
examples/vae.ts (torchvision's FashionMNIST with ToTensor() emulated: the
IDX files read here, pixels / 255; or, with DATA torchvision, torchvision's
own FashionMNIST and ToTensor, the script's pipeline, where
python3-torchvision is installed).

    /usr/bin/python3 bench/vae.py THREADS EPOCHS [BATCHES|all [SEED [idx|torchvision]]]   per-epoch JSON lines (seed 1, the script's default)
    /usr/bin/python3 bench/vae.py THREADS steps N            the first N training losses (for the test)
"""
import contextlib
import gzip
import json
import os
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim

from fashion_mnist_idx import ROOT, idx  # bench/ is on the path: the script's folder


class FashionMNIST(torch.utils.data.Dataset):
    """What torchvision's FashionMNIST with ToTensor() yields: [1, 28, 28] floats in [0, 1], and the label."""

    def __init__(self, split):
        prefix = "train" if split == "train" else "t10k"
        self.images = idx(f"{prefix}-images-idx3-ubyte").unsqueeze(1)
        self.labels = idx(f"{prefix}-labels-idx1-ubyte").long()

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.images[i].float().div(255), self.labels[i]


@contextlib.contextmanager
def torchvision_fashion_mnist():
    """torchvision's FashionMNIST("train") and ("test") with ToTensor(), read from a
    temporary folder holding the raw IDX files it expects (Debian's, unpacked)."""
    from torchvision import datasets, transforms

    with tempfile.TemporaryDirectory() as d:
        raw = os.path.join(d, "FashionMNIST", "raw")
        os.makedirs(raw)
        for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
            with gzip.open(os.path.join(ROOT, name + ".gz")) as f, open(os.path.join(raw, name), "wb") as g:
                g.write(f.read())
        to_tensor = transforms.ToTensor()
        yield (datasets.FashionMNIST(d, train=True, download=False, transform=to_tensor),
               datasets.FashionMNIST(d, train=False, download=False, transform=to_tensor))


# The example's model and loss, as written there.
class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD


def main():
    with contextlib.ExitStack() as stack:
        if len(sys.argv) > 5 and sys.argv[5] == "torchvision":
            train_set, test_set = stack.enter_context(torchvision_fashion_mnist())
        else:
            train_set, test_set = FashionMNIST("train"), FashionMNIST("test")
        run(train_set, test_set)


def run(train_set, test_set):
    torch.set_num_threads(int(sys.argv[1]))
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=128, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=128, shuffle=False)
    model = VAE()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    if sys.argv[2] == "steps":
        losses = []
        for data, _ in train_loader:
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss = loss_function(recon, data, mu, logvar)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if len(losses) == int(sys.argv[3]):
                break
        print(json.dumps({"losses": losses}))
        return
    epochs = int(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != "all" else None
    for epoch in range(1, epochs + 1):
        model.train()
        train_loss, seen, examples = 0.0, 0, 0
        started = time.perf_counter()
        for data, _ in train_loader:
            if limit is not None and seen == limit:
                break
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss = loss_function(recon, data, mu, logvar)
            loss.backward()
            train_loss += loss.item()
            optimizer.step()
            seen += 1
            examples += len(data)
        ms = 1000 * (time.perf_counter() - started) / seen
        model.eval()
        test_loss = 0.0
        with torch.no_grad():
            for data, _ in test_loader:
                recon, mu, logvar = model(data)
                test_loss += loss_function(recon, data, mu, logvar).item()
        test_loss /= len(test_loader.dataset)
        with torch.no_grad():  # the script's sample_N.png: 64 codes from the prior, decoded
            model.decode(torch.randn(64, 20))
        print(json.dumps({"epoch": epoch, "trainLoss": train_loss / examples, "testLoss": test_loss, "msPerStep": ms}), flush=True)


if __name__ == "__main__":
    main()
