# The Python twin of examples/tabular.ts: the same folds (sklearn's
# StratifiedKFold / KFold assignment, shuffled with torch.randperm from the same
# seeds), the same standardisation, models, recipes and seeds in plain torch,
# on the same vendored files; and, where python3-sklearn is installed,
# sklearn's own LogisticRegression, MLPClassifier and LinearRegression on the
# same folds for reference.
#
#   /usr/bin/python3 bench/tabular.py THREADS DATASET REPEATS
# (the tests import its fold functions to check the library's against them)
# prints one JSON line: per-repeat scores of each model, ms per fit, sklearn's scores (or null).
import csv, gzip, json, math, os, sys, time
import torch
import torch.nn.functional as F

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'tabular')
try:
    import warnings
    warnings.filterwarnings('ignore')
    import sklearn.linear_model, sklearn.neural_network, sklearn.preprocessing
    have_sklearn = True
except ImportError:
    have_sklearn = False


def read_sklearn(name):
    if name == 'diabetes':
        with gzip.open(os.path.join(root, 'diabetes_data_raw.csv.gz'), 'rt') as f:
            x = [[float(v) for v in line.split()] for line in f if line.strip()]
        with gzip.open(os.path.join(root, 'diabetes_target.csv.gz'), 'rt') as f:
            y = [float(line) for line in f if line.strip()]
        return torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    file = {'iris': 'iris.csv', 'wine': 'wine_data.csv', 'breast_cancer': 'breast_cancer.csv', 'digits': 'digits.csv.gz'}[name]
    opener = gzip.open if file.endswith('.gz') else open
    with opener(os.path.join(root, file), 'rt') as f:
        rows = [r for r in csv.reader(f) if r]
    if name != 'digits':
        rows = rows[1:]  # the "rows,features,class names" line
    return torch.tensor([[float(v) for v in r[:-1]] for r in rows], dtype=torch.float64), torch.tensor([int(r[-1]) for r in rows])


def stratified_folds(y, k, seed):
    g = torch.Generator().manual_seed(seed)
    labels = y.tolist()
    order = {}
    for l in labels:
        order.setdefault(l, len(order))
    encoded = [order[l] for l in labels]
    alloc = [[0] * len(order) for _ in range(k)]
    for i, c in enumerate(sorted(encoded)):
        alloc[i % k][c] += 1
    test_fold = [0] * len(labels)
    for c in range(len(order)):
        blocks = [f for f in range(k) for _ in range(alloc[f][c])]
        perm = torch.randperm(len(blocks), generator=g).tolist()
        rows = [i for i, e in enumerate(encoded) if e == c]
        for j, i in enumerate(rows):
            test_fold[i] = blocks[perm[j]]
    return [(torch.tensor([i for i, f in enumerate(test_fold) if f != fold]), torch.tensor([i for i, f in enumerate(test_fold) if f == fold])) for fold in range(k)]


def k_folds(n, k, seed):
    rows = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    test_fold, start = [0] * n, 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        for i in rows[start:start + size]:
            test_fold[i] = fold
        start += size
    return [(torch.tensor([i for i, f in enumerate(test_fold) if f != fold]), torch.tensor([i for i, f in enumerate(test_fold) if f == fold])) for fold in range(k)]


def standardised(x, train, test):
    std, mean = torch.std_mean(x[train], 0, correction=0)
    scale = torch.where(std < mean.abs().clamp(min=1) * (10 * 2.220446049250313e-16), torch.ones_like(std), std)
    z = ((x - mean) / scale).float()
    return z[train], z[test]


def fit_logistic(x, y, classes, C=1.0, steps=500):
    model = torch.nn.Linear(x.shape[1], classes)
    with torch.no_grad():
        model.weight.zero_(); model.bias.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    penalty = 1 / (2 * C * x.shape[0])
    for _ in range(steps):
        loss = F.cross_entropy(model(x), y) + model.weight.square().sum() * penalty
        opt.zero_grad(); loss.backward(); opt.step()
    return model


class SklearnMLP(torch.nn.Module):
    def __init__(self, inputs, outputs):
        super().__init__()
        self.hidden = torch.nn.Linear(inputs, 100)
        self.out = torch.nn.Linear(100, outputs)
        for layer in (self.hidden, self.out):
            bound = math.sqrt(6 / (layer.in_features + layer.out_features))
            torch.nn.init.uniform_(layer.weight, -bound, bound)
            torch.nn.init.uniform_(layer.bias, -bound, bound)

    def forward(self, x):
        return self.out(self.hidden(x).relu())


def fit_mlp(x, y, classes, epochs=200, alpha=1e-4):
    model = SklearnMLP(x.shape[1], classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = x.shape[0]
    batch = min(200, n)
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch):
            rows = order.narrow(0, start, min(batch, n - start))
            l2 = (model.hidden.weight.square().sum() + model.out.weight.square().sum()) * (alpha / 2 / rows.shape[0])
            loss = F.cross_entropy(model(x.index_select(0, rows)), y.index_select(0, rows)) + l2
            opt.zero_grad(); loss.backward(); opt.step()
    return model


def accuracy(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def classification(name, repeats):
    x, y = read_sklearn(name)
    classes = int(y.max()) + 1
    out = {'logistic': [], 'mlp': [], 'msPerFit': {'logistic': 0.0, 'mlp': 0.0}, 'sklearn': {'logistic': [], 'mlp': []} if have_sklearn else None}
    for r in range(repeats):
        scores = {'logistic': [], 'mlp': []}
        sk = {'logistic': [], 'mlp': []}
        for k, (train, test) in enumerate(stratified_folds(y, 5, r)):
            ztrain, ztest = standardised(x, train, test)
            for model in ('logistic', 'mlp'):
                torch.manual_seed(1000 * r + k)
                t0 = time.perf_counter()
                fitted = fit_logistic(ztrain, y[train], classes) if model == 'logistic' else fit_mlp(ztrain, y[train], classes)
                out['msPerFit'][model] += (time.perf_counter() - t0) * 1000 / (repeats * 5)
                with torch.no_grad():
                    scores[model].append(accuracy(fitted(ztest), y[test]))
            if have_sklearn:
                xtr, xte = ztrain.double().numpy(), ztest.double().numpy()
                lr = sklearn.linear_model.LogisticRegression(C=1.0, max_iter=2000).fit(xtr, y[train].numpy())
                sk['logistic'].append(lr.score(xte, y[test].numpy()))
                mlp = sklearn.neural_network.MLPClassifier(random_state=1000 * r + k).fit(xtr, y[train].numpy())
                sk['mlp'].append(mlp.score(xte, y[test].numpy()))
        for m in ('logistic', 'mlp'):
            out[m].append(sum(scores[m]) / len(scores[m]))
            if have_sklearn:
                out['sklearn'][m].append(sum(sk[m]) / len(sk[m]))
    return out


def r_squared(pred, y):
    return 1 - (pred - y).square().sum().item() / (y - y.mean()).square().sum().item()


def diabetes(repeats):
    x, y = read_sklearn('diabetes')
    out = {'leastSquares': [], 'sklearn': {'linear': []} if have_sklearn else None}
    for r in range(repeats):
        ours, sk = [], []
        for train, test in k_folds(x.shape[0], 5, r):
            with_intercept = lambda rows: torch.cat([x[rows], torch.ones(rows.shape[0], 1, dtype=torch.float64)], 1)
            coef = torch.linalg.lstsq(with_intercept(train), y[train].unsqueeze(1)).solution
            ours.append(r_squared((with_intercept(test) @ coef).squeeze(1), y[test]))
            if have_sklearn:
                sk.append(sklearn.linear_model.LinearRegression().fit(x[train].numpy(), y[train].numpy()).score(x[test].numpy(), y[test].numpy()))
        out['leastSquares'].append(sum(ours) / len(ours))
        if have_sklearn:
            out['sklearn']['linear'].append(sum(sk) / len(sk))
    return out


# Fair's affairs: the categorical columns in schema order, levels sorted numerically.
CATEGORICAL = ['rate_marriage', 'children', 'religious', 'educ', 'occupation', 'occupation_husb']
NUMERIC = ['age', 'yrs_married']


def embedding_size(levels):
    return min(600, int(math.floor(1.6 * levels ** 0.56 + 0.5)))  # JavaScript's Math.round


class TabularModel(torch.nn.Module):
    def __init__(self, numeric, cardinalities, out, hidden=(200, 100), dropout=0.1):
        super().__init__()
        dims = [embedding_size(c) for c in cardinalities]
        self.embeddings = torch.nn.ModuleList([torch.nn.Embedding(c, d) for c, d in zip(cardinalities, dims)])
        widths = [numeric + sum(dims), *hidden]
        self.layers = torch.nn.ModuleList([torch.nn.Linear(widths[i], w) for i, w in enumerate(widths[1:])])
        self.head = torch.nn.Linear(widths[-1], out)
        self.dropout = dropout

    def forward(self, x, codes):
        h = torch.cat([torch.cat([e(codes[:, j]) for j, e in enumerate(self.embeddings)], 1), x], 1)
        for layer in self.layers:
            h = F.dropout(layer(h).relu(), self.dropout, self.training)
        return self.head(h)


def affairs(seed=0, epochs=10):
    with open(os.path.join(root, 'fair.csv')) as f:
        rows = list(csv.DictReader(f))
    levels = {c: sorted({r[c] for r in rows}, key=float) for c in CATEGORICAL}
    codes = torch.tensor([[levels[c].index(r[c]) for c in CATEGORICAL] for r in rows])
    one_hot = torch.cat([F.one_hot(codes[:, j], len(levels[c])) for j, c in enumerate(CATEGORICAL)], 1).float()
    x = torch.tensor([[float(r[c]) for c in NUMERIC] for r in rows], dtype=torch.float64)
    y = torch.tensor([1 if float(r['affairs']) > 0 else 0 for r in rows])
    out = {'one-hot logistic': [], 'entity embeddings': [], 'sklearn': {'one-hot logistic': []} if have_sklearn else None}
    for k, (train, test) in enumerate(stratified_folds(y, 5, seed)):
        ztrain, ztest = standardised(x, train, test)
        score = lambda logits: {'accuracy': accuracy(logits, y[test]), 'logLoss': F.cross_entropy(logits, y[test]).item()}
        torch.manual_seed(k)
        wide_train, wide_test = torch.cat([ztrain, one_hot[train]], 1), torch.cat([ztest, one_hot[test]], 1)
        logistic = fit_logistic(wide_train, y[train], 2)
        with torch.no_grad():
            out['one-hot logistic'].append(score(logistic(wide_test)))
        torch.manual_seed(k)
        model = TabularModel(len(NUMERIC), [len(levels[c]) for c in CATEGORICAL], 2)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        n = train.shape[0]
        for _ in range(epochs):
            model.train()
            order = torch.randperm(n)
            for start in range(0, n, 256):
                rows_ = order.narrow(0, start, min(256, n - start))
                loss = F.cross_entropy(model(ztrain.index_select(0, rows_), codes[train].index_select(0, rows_)), y[train].index_select(0, rows_))
                opt.zero_grad(); loss.backward(); opt.step()
        model.eval()
        with torch.no_grad():
            out['entity embeddings'].append(score(model(ztest, codes[test])))
        if have_sklearn:
            lr = sklearn.linear_model.LogisticRegression(C=1.0, max_iter=2000).fit(wide_train.double().numpy(), y[train].numpy())
            out['sklearn']['one-hot logistic'].append({'accuracy': lr.score(wide_test.double().numpy(), y[test].numpy())})
    return out


if __name__ == '__main__':
    threads, dataset, repeats = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(threads)
    result = diabetes(repeats) if dataset == 'diabetes' else affairs() if dataset == 'affairs' else classification(dataset, repeats)
    print(json.dumps(result))
