"""The Python twin of examples/char-lm.ts: a character-level LSTM language
model on tiny-shakespeare (embedding 64, 1 x 256 LSTM, sequences of 64,
batches of 32, Adam 2e-3, gradient clipping at norm 1, seed 1), trained with
truncated BPTT on contiguous rows, as char-rnn batches.

    /usr/bin/python3 bench/char_lm.py THREADS budget SECONDS EVAL_EVERY   JSON lines at each validation
    /usr/bin/python3 bench/char_lm.py THREADS steps N                    the first N training losses
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

TEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tinyshakespeare", "input.txt")


class CharLM(nn.Module):
    def __init__(self, vocab, embedding=64, hidden=256, layers=1):
        super().__init__()
        self.embed = nn.Embedding(vocab, embedding)
        self.rnn = nn.LSTM(embedding, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        out, state = self.rnn(self.embed(x), state)
        return self.head(out), state


def rows(ids, batch):
    columns = len(ids) // batch
    return ids[: columns * batch].view(batch, columns)


def batches(data, seq):
    columns = data.shape[1]
    for i in range(0, columns - 1, seq):
        n = min(seq, columns - 1 - i)
        yield data[:, i:i + n], data[:, i + 1:i + 1 + n]


def evaluate(model, data, vocab):
    model.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for x, y in batches(data, 64):
            logits, state = model(x, state)
            total += F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1), reduction="sum").item()
            count += x.numel()
    model.train()
    return total / count


def main():
    torch.set_num_threads(int(sys.argv[1]))
    torch.manual_seed(1)
    text = open(TEXT, encoding="utf-8").read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    n = int(0.9 * len(ids))
    train, val = rows(ids[:n], 32), rows(ids[n:], 32)
    model = CharLM(len(chars))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    mode = sys.argv[2]
    limit = int(sys.argv[3]) if mode == "steps" else None
    budget = float(sys.argv[3]) if mode == "budget" else None
    every = float(sys.argv[4]) if mode == "budget" else None
    trained, steps, next_eval, losses = 0.0, 0, every, []
    while True:
        state = None
        for x, y in batches(train, 64):
            t0 = time.perf_counter()
            logits, state = model(x, state)
            loss = F.cross_entropy(logits.reshape(-1, len(chars)), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state = tuple(s.detach() for s in state)
            trained += time.perf_counter() - t0
            steps += 1
            losses.append(loss.item())
            if limit is not None and steps >= limit:
                print(json.dumps({"losses": losses}))
                return
            if budget is not None and (trained >= next_eval or trained >= budget):
                v = evaluate(model, val, len(chars))
                print(json.dumps({"seconds": trained, "steps": steps, "val": v, "bpc": v / math.log(2), "msPerStep": 1000 * trained / steps}), flush=True)
                next_eval += every
                if trained >= budget:
                    return


if __name__ == "__main__":
    main()
