"""PyTorch's ModuleInfo database as data: every ModuleInput of module_db, in
float64 and float32, in training and in evaluation mode, with what Python's
module computes, written as JSON for the TypeScript harness
(test/module-conformance/run.ts) to replay through typed-torch's torch.nn.

    /usr/bin/python3 test/module-conformance/moduledb.py OUT.json

For each sample: the constructor's arguments, the module's state dict before
the forward call (after a lazy module has materialized), the forward
arguments, and Python's results: the outputs, the buffers after forward, and
the gradients of the input tensors and of every parameter for seeded
cotangents. The module is built and moved to the dtype the way module_db's
own tests do it (`cls(*args, **kwargs).to(dtype)`). Every sample is drawn
from a seed derived from its module and mode, so the file is the same on
every run.
"""
import inspect
import json
import os
import sys
import warnings
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'conformance'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from opdb import Encoder, Unencodable, dtype_name, encode_result, flatten, python_error  # noqa: E402  (also installs the expecttest stand-in)

import torch  # noqa: E402
from torch.testing._internal.common_modules import module_db  # noqa: E402

warnings.simplefilter('ignore')
torch.set_num_threads(1)

DTYPES = (torch.float64, torch.float32)


class ModuleEncoder(Encoder):
    """op_db's encoder, plus the callables module constructors take (activation=F.gelu)."""

    def __call__(self, v):
        if callable(v) and not isinstance(v, (torch.Tensor, type)) and getattr(v, '__name__', None):
            return {'$function': v.__name__}
        return super().__call__(v)


def seed_of(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def is_lazy(cls):
    return issubclass(cls, torch.nn.modules.lazy.LazyModuleMixin)


def clone_inputs(v):
    if isinstance(v, torch.Tensor):
        return v.detach().clone()
    if isinstance(v, (list, tuple)):
        return type(v)(clone_inputs(x) for x in v)
    if isinstance(v, dict):
        return {k: clone_inputs(x) for k, x in v.items()}
    return v


def class_path(cls):
    """torch.nn's public name for the class (the quantized MaxPool2d in module_db is nn.MaxPool2d's subclass)."""
    for base in cls.__mro__:
        if getattr(torch.nn, base.__name__, None) is base:
            return base.__name__
    return cls.__name__


def constructor_params(cls):
    """The constructor's parameters in order: [name, required]."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return [[p.name, p.default is p.empty] for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def run_sample(cls, s, dtype, training):
    entry = {'desc': s.desc}
    c, f = s.constructor_input, s.forward_input
    try:
        enc = ModuleEncoder()
        entry['constructor'] = {'args': [enc(a) for a in c.args], 'kwargs': {k: enc(v) for k, v in c.kwargs.items()}}
    except Unencodable as e:
        return {'desc': s.desc, 'skipped': f'a constructor argument is a {e}'}
    try:
        m = cls(*c.args, **c.kwargs).to(dtype)
        m.train(training)
        if is_lazy(cls):
            with torch.no_grad():
                m(*clone_inputs(f.args), **clone_inputs(f.kwargs))
        entry['state'] = {k: encode_state(v) for k, v in m.state_dict().items()}
    except Exception as e:  # noqa: BLE001
        entry['expected'] = python_error(e)
        return entry
    inputs = []
    try:
        enc = ModuleEncoder(inputs)
        entry['args'] = [enc(a) for a in f.args]
        entry['kwargs'] = {k: enc(v) for k, v in f.kwargs.items()}
    except Unencodable as e:
        return {'desc': s.desc, 'skipped': f'a forward argument is a {e}'}
    try:
        torch.manual_seed(0)
        out = m(*f.args, **f.kwargs)
        expected = {'output': encode_result(out), 'buffers': {k: encode_result(b) for k, b in m.named_buffers()}}
        outputs = [t for t in flatten(out) if t.requires_grad]
        params = [p for _, p in m.named_parameters()]
        if outputs:
            torch.manual_seed(1)
            cotangents = [torch.randn_like(t) for t in outputs]
            entry['cotangents'] = [Encoder()(t) for t in cotangents]
            grads = torch.autograd.grad(outputs, inputs + params, cotangents, allow_unused=True)
            expected['inputGrads'] = [encode_grad(g) for g in grads[:len(inputs)]]
            expected['paramGrads'] = {n: encode_grad(g) for (n, _), g in zip(m.named_parameters(), grads[len(inputs):])}
        entry['expected'] = expected
    except Unencodable as e:
        entry['expected'] = {'$unencodable': str(e)}
    except Exception as e:  # noqa: BLE001
        entry['expected'] = python_error(e)
    return entry


def encode_state(t):
    return Encoder()(t.detach().clone())


def encode_grad(g):
    return None if g is None else encode_result(g)


def extra_entries():
    """Classes module_db lacks, with samples of our own (extra_modules.py), in the same form; named 'extra.nn.X'."""
    from extra_modules import CLASSES, extra_samples
    entries = {name: {'name': f'extra.nn.{name}', 'class': name, 'params': constructor_params(cls), 'samples': []} for name, cls in CLASSES.items()}
    for dtype in DTYPES:
        for training in (True, False):
            mode = 'train' if training else 'eval'
            for name, samples in extra_samples(dtype, training).items():
                for s in samples:
                    r = run_sample(CLASSES[name], s, dtype, training)
                    r['dtype'] = dtype_name(dtype)
                    r['mode'] = mode
                    entries[name]['samples'].append(r)
    return list(entries.values())


def main():
    modules = []
    for mi in module_db:
        cls = mi.module_cls
        entry = {'name': mi.name, 'class': class_path(cls), 'params': constructor_params(cls), 'samples': []}
        for dtype in DTYPES:
            for training in (True, False):
                mode = 'train' if training else 'eval'
                torch.manual_seed(seed_of(f'{mi.name}.{dtype}.{mode}'))
                try:
                    samples = mi.module_inputs_func(mi, device='cpu', dtype=dtype, requires_grad=True, training=training)
                except Exception as e:  # noqa: BLE001
                    entry['samples'].append({'dtype': dtype_name(dtype), 'mode': mode, 'skipped': f'module_inputs_func raised {e}'})
                    continue
                for s in samples:
                    r = run_sample(cls, s, dtype, training)
                    r['dtype'] = dtype_name(dtype)
                    r['mode'] = mode
                    entry['samples'].append(r)
        modules.append(entry)
    modules.extend(extra_entries())
    with open(sys.argv[1], 'w') as f:
        json.dump({'torch': torch.__version__, 'modules': modules}, f)


if __name__ == '__main__':
    main()
