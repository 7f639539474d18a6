# The Python twin of examples/gnn.ts: the same GCN / GAT / GraphSAGE, recipe
# and seeds in plain torch (no PyTorch Geometric), on the same files. Layers
# are built in the same order with the same initialisers, so a seed gives
# both sides the same weights and dropout masks.
#
#   /usr/bin/python3 bench/gnn.py THREADS MODEL DATASET SEEDS [EPOCHS [FIRST_SEED [HIDDEN DROPOUT WEIGHT_DECAY]]]
# prints one JSON line per seed: {"seed", "test", "val", "epoch", "msPerEpoch"}.
import json, math, os, sys, time
import torch
import torch.nn.functional as F

threads, model_name, dataset, seeds = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 200
# The seeds run: first_seed .. first_seed + seeds - 1 (bench/gnn.ts runs one at a time, alternating with its own).
first_seed = int(sys.argv[6]) if len(sys.argv) > 6 else 0
# The GCN's and GraphSAGE's hidden width and dropout, and Adam's weight decay (the papers' 16, 0.5, 5e-4).
hidden, dropout, decay = (int(sys.argv[7]), float(sys.argv[8]), float(sys.argv[9])) if len(sys.argv) > 9 else (16, 0.5, 5e-4)
torch.set_num_threads(threads)
data_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data')

def lines(path):
    with open(path) as f:
        return f.read().split('\n')[:-1]

def edge_pairs(path):
    return torch.tensor([[int(a) for a in l.split()] for l in lines(path)]).t()

if dataset == 'les-miserables':
    # One-hot identities; the first character of each group labelled; no validation nodes.
    root = os.path.join(data_root, 'miserables')
    y = torch.tensor([int(l.rsplit(' ', 1)[1]) for l in lines(os.path.join(root, 'miserables.nodes.txt'))])
    n, classes = y.shape[0], int(y.max()) + 1
    x = torch.eye(n)
    pairs = torch.tensor([[int(a) for a in l.split()[:2]] for l in lines(os.path.join(root, 'miserables.edges.txt'))]).t()
    train = torch.tensor([int((y == c).nonzero()[0]) for c in range(classes)])
    val = torch.tensor([], dtype=torch.long)
    test = torch.tensor([i for i in range(n) if i not in train.tolist()])
elif dataset.startswith('karate-'):
    # One-hot identities; one labelled node per class; no validation nodes (the last epoch counts).
    labels = dataset[len('karate-'):]
    y = torch.tensor([int(t) for t in lines(os.path.join(data_root, 'karate', f'karate.{labels}.txt'))])
    n, classes = 34, int(y.max()) + 1
    x = torch.eye(n)
    pairs = edge_pairs(os.path.join(data_root, 'karate', 'karate.edges.txt'))
    train = torch.tensor([0, 33] if labels == 'club' else [int((y == c).nonzero()[0]) for c in range(classes)])
    val = torch.tensor([], dtype=torch.long)
    test = torch.tensor([i for i in range(n) if i not in train.tolist()])
else:
    root = os.path.join(data_root, 'planetoid')
    meta = json.load(open(os.path.join(root, f'{dataset}.split.json')))
    n, classes = meta['nodes'], meta['classes']
    x = torch.zeros(n, meta['features'])
    for i, line in enumerate(lines(os.path.join(root, f'{dataset}.features.txt'))):
        ids = [int(t) for t in line.split()]
        if ids:
            x[i, ids] = 1
    x = x / x.sum(1, keepdim=True).clamp(min=1)
    y = torch.tensor([int(t) for t in lines(os.path.join(root, f'{dataset}.labels.txt'))])
    pairs = edge_pairs(os.path.join(root, f'{dataset}.edges.txt'))
    train, val, test = (torch.tensor(meta[k]) for k in ('train', 'val', 'test'))
edge_index = torch.cat([pairs, pairs.flip(0)], 1)

loops = torch.arange(n)
looped = torch.cat([edge_index, torch.stack([loops, loops])], 1)
src, dst = looped[0], looped[1]
deg = torch.zeros(n).index_add(0, dst, torch.ones(dst.numel()))
inv = deg.pow(-0.5)
norm = inv[src] * inv[dst]
adjacency = torch.sparse_coo_tensor(torch.stack([dst, src]), norm, (n, n)).coalesce()

def scatter_sum(values, index):
    return torch.zeros((n,) + values.shape[1:]).index_add(0, index, values)

class GCNConv(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = torch.nn.Linear(i, o, bias=False)
        torch.nn.init.xavier_uniform_(self.lin.weight)
        self.bias = torch.nn.Parameter(torch.zeros(o))
    def forward(self, h):
        return torch.sparse.mm(adjacency, self.lin(h)) + self.bias

class GATConv(torch.nn.Module):
    def __init__(self, i, o, heads):
        super().__init__()
        self.heads, self.o = heads, o
        self.lin = torch.nn.Linear(i, heads * o, bias=False)
        torch.nn.init.xavier_uniform_(self.lin.weight)
        self.att_src = torch.nn.Parameter(torch.empty(1, heads, o))
        self.att_dst = torch.nn.Parameter(torch.empty(1, heads, o))
        torch.nn.init.xavier_uniform_(self.att_src)
        torch.nn.init.xavier_uniform_(self.att_dst)
        self.bias = torch.nn.Parameter(torch.zeros(heads * o))
    def forward(self, h):
        h = self.lin(h).view(n, self.heads, self.o)
        a_src, a_dst = (h * self.att_src).sum(-1), (h * self.att_dst).sum(-1)
        e = F.leaky_relu(a_src[src] + a_dst[dst], 0.2)
        emax = torch.zeros(n, self.heads).scatter_reduce(0, dst.view(-1, 1).expand_as(e), e, 'amax', include_self=False)
        ex = (e - emax.detach()[dst]).exp()
        alpha = ex / scatter_sum(ex, dst)[dst]
        alpha = F.dropout(alpha, 0.6, self.training)
        return scatter_sum(h[src] * alpha.unsqueeze(-1), dst).reshape(n, self.heads * self.o) + self.bias

class SAGEConv(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin_l = torch.nn.Linear(i, o)
        self.lin_r = torch.nn.Linear(i, o, bias=False)
    def forward(self, h):
        s, d = edge_index[0], edge_index[1]
        count = torch.bincount(d, minlength=n).clamp(min=1).view(-1, 1)
        return self.lin_l(scatter_sum(h[s], d) / count) + self.lin_r(h)

class Net(torch.nn.Module):
    def __init__(self, name, i, c):
        super().__init__()
        self.name = name
        if name == 'gcn':
            self.conv1, self.conv2 = GCNConv(i, hidden), GCNConv(hidden, c)
        elif name == 'gat':
            self.conv1, self.conv2 = GATConv(i, 8, 8), GATConv(64, c, 1)
        else:
            self.conv1, self.conv2 = SAGEConv(i, hidden), SAGEConv(hidden, c)
    def forward(self, h):
        if self.name == 'gat':
            h = F.elu(self.conv1(F.dropout(h, 0.6, self.training)))
            return self.conv2(F.dropout(h, 0.6, self.training))
        h = F.dropout(F.relu(self.conv1(F.dropout(h, dropout, self.training))), dropout, self.training)
        return self.conv2(h)

def accuracy(logits, index):
    return (logits[index].argmax(1) == y[index]).float().mean().item()

for seed in range(first_seed, first_seed + seeds):
    torch.manual_seed(seed)
    model = Net(model_name, x.shape[1], classes)
    if model_name == 'gcn':
        opt = torch.optim.Adam([{'params': model.conv1.parameters(), 'weight_decay': decay}, {'params': model.conv2.parameters(), 'weight_decay': 0}], lr=0.01)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=0.005 if model_name == 'gat' else 0.01, weight_decay=decay)
    best = {'val': -1, 'test': 0, 'epoch': 0}
    train_time = 0.0
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        model.train()
        loss = F.cross_entropy(model(x)[train], y[train])
        opt.zero_grad()
        loss.backward()
        opt.step()
        train_time += time.perf_counter() - t0
        with torch.no_grad():
            model.eval()
            logits = model(x)
            v = epoch if val.numel() == 0 else accuracy(logits, val)
            if v > best['val']:
                best = {'val': v, 'test': accuracy(logits, test), 'epoch': epoch}
    print(json.dumps({'seed': seed, **best, 'msPerEpoch': 1000 * train_time / epochs}), flush=True)
