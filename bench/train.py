"""Python side of bench/train.ts: the same models, data pipeline, batch size,
seed and thread count, timed per training step.

Usage: train.py THREADS MODEL WARMUP STEPS   (MODEL: cnn | mlp)
       train.py THREADS accuracy EPOCHS       (pytorch/examples' MNIST script, run on Fashion-MNIST)
Prints one JSON object.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from fashion_mnist_idx import idx  # bench/ is on the path: the script's folder

MEAN, STD = 0.286, 0.353


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(128, 10), nn.LogSoftmax(1))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10), nn.LogSoftmax(1))


def batches(images, labels, batch_size, generator):
    """bench/train.ts's loader: a seeded DataLoader's draws, batches gathered and normalised whole."""
    torch.empty((), dtype=torch.int64).random_(generator=generator)  # the loader's base seed
    order = torch.randperm(len(labels), generator=generator)
    mean, std = torch.as_tensor((MEAN,)).view(-1, 1, 1), torch.as_tensor((STD,)).view(-1, 1, 1)
    for start in range(0, len(labels), batch_size):
        i = order[start:start + batch_size]
        yield (images.index_select(0, i).float().div(255) - mean) / std, labels.index_select(0, i)


class Net(nn.Module):
    """pytorch/examples mnist/main.py's network, as written there."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return F.log_softmax(self.fc2(x), dim=1)


class FashionMNIST(torch.utils.data.Dataset):
    """What torchvision's FashionMNIST with ToTensor() and Normalize() yields."""

    def __init__(self, split):
        prefix = "train" if split == "train" else "t10k"
        self.images = idx(f"{prefix}-images-idx3-ubyte").unsqueeze(1)
        self.labels = idx(f"{prefix}-labels-idx1-ubyte").long()
        self.mean = torch.as_tensor((MEAN,)).view(-1, 1, 1)
        self.std = torch.as_tensor((STD,)).view(-1, 1, 1)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.images[i].float().div(255).sub_(self.mean).div_(self.std), self.labels[i]


def example(epochs):
    """The example's main(): seed 1, Adadelta lr 1.0, StepLR gamma 0.7, batch 64 (test batches of 1000)."""
    torch.manual_seed(1)
    train_loader = torch.utils.data.DataLoader(FashionMNIST("train"), batch_size=64, shuffle=True)
    test_loader = torch.utils.data.DataLoader(FashionMNIST("test"), batch_size=1000)
    model = Net()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for data, target in train_loader:
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for data, target in test_loader:
                correct += model(data).argmax(dim=1).eq(target).sum().item()
        accuracies.append(correct / len(test_loader.dataset))
        scheduler.step()
    return accuracies


def main():
    torch.set_num_threads(int(sys.argv[1]))
    if sys.argv[2] == "accuracy":
        print(json.dumps({"accuracy": example(int(sys.argv[3]))}))
        return
    torch.manual_seed(1)
    images = idx("train-images-idx3-ubyte").unsqueeze(1)
    labels = idx("train-labels-idx1-ubyte").long()
    model = cnn() if sys.argv[2] == "cnn" else mlp()
    opt = torch.optim.Adadelta(model.parameters(), lr=1.0)
    gen = torch.Generator().manual_seed(1)

    def step(x, y):
        loss = F.nll_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    warmup, steps = int(sys.argv[3]), int(sys.argv[4])
    it = batches(images, labels, 64, gen)
    for _ in range(warmup):
        step(*next(it))
    t0 = time.perf_counter()
    for _ in range(steps):
        step(*next(it))
    print(json.dumps({"ms": (time.perf_counter() - t0) / steps * 1000}))


if __name__ == "__main__":  # bench/profile_step.py imports the models
    main()
