"""PyTorch's OpInfo database as data: every sample input of op_db (float32 and
int64, up to 4 samples per OpInfo; float64 samples with requires_grad for the
gradients), each with the result Python gets, written as JSON for the
TypeScript harness (test/conformance/run.ts) to replay through typed-torch's
public API.

    /usr/bin/python3 test/conformance/opdb.py OUT.json

Every sample is drawn from a seed derived from the OpInfo's name, so the file
is the same on every run. Random ops are called right after
torch.manual_seed(0); the harness seeds typed-torch the same way, so both
draw the same numbers from the same libtorch generator.
"""
import json
import math
import sys
import types
import zlib
import base64
import inspect
import warnings

# op_db's module imports `expecttest` for its TestCase base class only; Debian
# does not package it. A stand-in with what common_utils reads is enough.
try:
    import expecttest  # noqa: F401
except ImportError:
    import unittest
    shim = types.ModuleType('expecttest')
    shim.ACCEPT = False
    shim.TestCase = unittest.TestCase
    sys.modules['expecttest'] = shim

import torch
from torch.testing._internal.common_methods_invocations import op_db

warnings.simplefilter('ignore')
torch.set_num_threads(1)

SAMPLES_PER_OP = 4
VALUE_DTYPES = (torch.float32, torch.int64)


class Unencodable(Exception):
    pass


def dtype_name(dt):
    return str(dt).replace('torch.', '')


class Encoder:
    """Values to JSON; tensors by their bytes, the same tensor twice as a reference."""

    def __init__(self, grad_inputs=None):
        self.seen = {}
        # Tensors that require grad, in the order autograd.grad is asked for them.
        self.grad_inputs = grad_inputs
        # Parts of sparse tensors, kept alive so that no other tensor reuses their id().
        self.parts = []

    def __call__(self, v):
        if isinstance(v, torch.Tensor):
            return self.tensor(v)
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return v if abs(v) <= 2 ** 53 else {'$int': str(v)}
        if isinstance(v, float):
            return number(v)
        if isinstance(v, complex):
            return {'$complex': [number(v.real), number(v.imag)]}
        if v is None:
            return None
        if isinstance(v, str):
            return str(v)
        if isinstance(v, (list, tuple, torch.Size)):
            return [self(x) for x in v]
        if isinstance(v, torch.dtype):
            return {'$dtype': dtype_name(v)}
        if isinstance(v, torch.memory_format):
            return {'$memory_format': str(v).replace('torch.', '')}
        if isinstance(v, torch.device):
            return {'$device': str(v)}
        if isinstance(v, torch.layout):
            return {'$layout': str(v).replace('torch.', '')}
        if isinstance(v, slice):
            return {'$slice': [self(v.start), self(v.stop), self(v.step)]}
        if v is Ellipsis:
            return {'$ellipsis': True}
        if isinstance(v, torch.nn.PairwiseDistance):
            return {'$pairwise_distance': {'p': v.norm, 'eps': v.eps, 'keepdim': v.keepdim}}
        if type(v).__module__ == 'numpy' and hasattr(v, 'item'):
            return self(v.item())
        raise Unencodable(type(v).__name__)

    def tensor(self, t):
        key = id(t)
        if key in self.seen:
            return {'$ref': self.seen[key]}
        self.seen[key] = len(self.seen)
        if t.layout != torch.strided:
            return self.sparse(t, self.seen[key])
        out = {
            '$tensor': dtype_name(t.dtype),
            'id': self.seen[key],
            'shape': list(t.shape),
            'data': base64.b64encode(tensor_bytes(t)).decode('ascii'),
        }
        if t.requires_grad and self.grad_inputs is not None:
            out['grad'] = len(self.grad_inputs)
            self.grad_inputs.append(t)
        return out


    def sparse(self, t, id):
        """A sparse tensor as its layout, size and parts (strided tensors):
        COO's stored indices and values, or a compressed layout's compressed
        and plain indices and values."""
        layout = str(t.layout).replace('torch.', '')
        if layout == 'sparse_coo':
            parts, coalesced = [t._indices(), t._values()], t.is_coalesced()
        elif layout in ('sparse_csr', 'sparse_bsr'):
            parts, coalesced = [t.crow_indices(), t.col_indices(), t.values()], True
        else:
            parts, coalesced = [t.ccol_indices(), t.row_indices(), t.values()], True
        parts = [p.detach() for p in parts]
        self.parts += parts
        out = {'$sparse': layout, 'id': id, 'shape': list(t.shape), 'coalesced': coalesced,
               'parts': [self.tensor(p) for p in parts]}
        if t.requires_grad and self.grad_inputs is not None:
            out['grad'] = len(self.grad_inputs)
            self.grad_inputs.append(t)
        return out


def plain(t):
    """The tensor's values as a plain strided tensor: no lazy conjugation or
    negation, no efficient-zero tensor (autograd's stand-in for a zero gradient)."""
    t = t.detach()
    if t._is_zerotensor():
        return torch.zeros(t.shape, dtype=t.dtype)
    return t.resolve_conj().resolve_neg()


def tensor_bytes(t):
    """Row-major little-endian bytes, whatever the strides (numpy copies in C order)."""
    t = plain(t)
    if t.is_complex():
        t = torch.view_as_real(t)
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def number(x):
    if math.isnan(x):
        return {'$float': 'nan'}
    if math.isinf(x):
        return {'$float': 'inf' if x > 0 else '-inf'}
    return x


def encode_result(v):
    """A result as values to compare: tensors as dtype, shape and element values."""
    if isinstance(v, torch.Tensor):
        layout = str(v.layout).replace('torch.', '')
        if layout != 'strided':
            # A sparse result: its layout, and its values as a dense tensor.
            return {**encode_result(v.to_dense()), 'layout': layout}
        t = plain(v)
        if t.dtype in (torch.float16, torch.bfloat16):
            values = t.float().reshape(-1).tolist()
        elif t.is_complex():
            values = [[number(z.real), number(z.imag)] for z in t.reshape(-1).tolist()]
        else:
            values = t.reshape(-1).tolist()
        enc = Encoder()
        return {
            '$tensor': dtype_name(t.dtype),
            'shape': list(t.shape),
            'values': [x if isinstance(x, list) else enc(x) for x in values],
        }
    if isinstance(v, (list, tuple)) and not isinstance(v, torch.Size):
        return [encode_result(x) for x in v]
    return Encoder()(v)


def target_of(op):
    """How the harness finds the op in typed-torch: by its Python path, or a custom entry."""
    f = op.op
    mod = getattr(f, '__module__', None) or ''
    if getattr(f, '__name__', '') == '<lambda>' or 'testing' in mod:
        return {'kind': 'custom'}
    if op.name.startswith('sparse.'):
        return {'kind': 'sparse', 'name': op.name[len('sparse.'):]}
    if mod.startswith('torch.masked'):
        return {'kind': 'masked', 'name': op.name.split('.')[-1]}
    if op.name.startswith('nn.functional.'):
        return {'kind': 'functional', 'name': op.name[len('nn.functional.'):]}
    if isinstance(f, (types.MethodDescriptorType, types.WrapperDescriptorType)) or mod == 'torch._tensor':
        return {'kind': 'method', 'name': f.__name__}
    # torch.X, torch.linalg.X, torch.special.X, torch.fft.X: the flat name (linalg_svd)
    return {'kind': 'torch', 'name': op.name.replace('.', '_')}


def signature_of(op):
    """The op's positional parameters: [(name, required)], from Python or from the aten schemas."""
    f = op.op
    # F.max_pool2d and the other boolean_dispatch functions take (*args, **kwargs):
    # their parameters are those of the _with_indices form they dispatch to.
    if op.name.startswith('nn.functional.'):
        f = getattr(torch.nn.functional, op.name.split('.')[2] + '_with_indices', f)
    try:
        params = inspect.signature(f).parameters.values()
        return [[[p.name, p.default is p.empty] for p in params
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]]
    except (ValueError, TypeError):
        pass
    name = getattr(f, '__name__', None)
    if not name:
        return []
    schemas = torch._C._jit_get_schemas_for_operator('aten::' + name)
    return [[[a.name, not a.has_default_value()] for a in s.arguments if not a.kwarg_only] for s in schemas]


def positional_call(sample, signatures):
    """Python's call as the harness makes it: a keyword argument that names a
    required positional parameter goes into its position (TypeScript has no
    keywords for those); every other keyword stays a named option."""
    args = list(sample.args)
    kwargs = dict(sample.kwargs)
    given = 1 + len(args)
    for sig in signatures:
        moved = []
        for name, required in sig[given:]:
            if name in kwargs and required:
                moved.append(name)
            else:
                break
        if moved:
            args += [kwargs.pop(n) for n in moved]
            break
    return args, kwargs


def seed_of(name):
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def run_op(op, sample):
    torch.manual_seed(0)
    return op(sample.input, *sample.args, **sample.kwargs)


def encode_call(sample, signatures, enc):
    """The sample's call as the harness makes it (input, args, kwargs), or why it cannot be written."""
    try:
        args, kwargs = positional_call(sample, signatures)
        return {'input': enc(sample.input), 'args': [enc(a) for a in args], 'kwargs': {k: enc(v) for k, v in kwargs.items()}}
    except Unencodable as e:
        return {'skipped': f'an argument Python passes is a {e}'}


def python_error(e):
    return {'$error': f'{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""}'}


def value_samples(op, dtype):
    out = []
    torch.manual_seed(seed_of(f'{op.name}.{op.variant_test_name}.{dtype}'))
    try:
        samples = list(_take(op.sample_inputs('cpu', dtype, requires_grad=False), SAMPLES_PER_OP))
    except Exception as e:  # noqa: BLE001
        return [{'skipped': f'sample_inputs raised {type(e).__name__}: {e}'}]
    signatures = signature_of(op)
    for sample in samples:
        entry = encode_call(sample, signatures, Encoder())
        if 'skipped' in entry:
            out.append(entry)
            continue
        try:
            result = run_op(op, sample)
            entry['expected'] = encode_result(result)
        except Unencodable as e:
            entry['expected'] = {'$unencodable': str(e)}
        except Exception as e:  # noqa: BLE001
            entry['expected'] = python_error(e)
        out.append(entry)
    return out


def grad_samples(op):
    if not op.supports_autograd or torch.float64 not in op.supported_backward_dtypes('cpu'):
        return []
    out = []
    torch.manual_seed(seed_of(f'{op.name}.{op.variant_test_name}.grad'))
    try:
        samples = list(_take(op.sample_inputs('cpu', torch.float64, requires_grad=True), SAMPLES_PER_OP))
    except Exception as e:  # noqa: BLE001
        return [{'skipped': f'sample_inputs raised {type(e).__name__}: {e}'}]
    signatures = signature_of(op)
    for sample in samples:
        inputs = []
        entry = encode_call(sample, signatures, Encoder(inputs))
        if 'skipped' in entry:
            out.append(entry)
            continue
        try:
            result = run_op(op, sample)
            outputs = [t for t in flatten(result) if t.requires_grad and (t.is_floating_point() or t.is_complex())]
            if not outputs or not inputs:
                continue
            torch.manual_seed(1)
            cotangents = [cotangent_like(t) for t in outputs]
            entry['cotangents'] = [Encoder()(c) for c in cotangents]
            grads = torch.autograd.grad(outputs, inputs, cotangents, allow_unused=True)
            entry['expected'] = [None if g is None else encode_result(g) for g in grads]
        except Unencodable as e:
            entry['expected'] = {'$unencodable': str(e)}
        except Exception as e:  # noqa: BLE001
            entry['expected'] = python_error(e)
        out.append(entry)
    return out


def cotangent_like(t):
    """A random cotangent for an output: normal samples, for a sparse output
    at its stored positions and in its layout (randn_like refuses sparse)."""
    if t.layout == torch.strided:
        return torch.randn_like(t)
    if t.layout not in (torch.sparse_coo, torch.sparse_csr):
        raise Unencodable(f'{t.layout} output')
    pattern = t.detach().coalesce() if t.layout == torch.sparse_coo else t.detach().to_sparse()
    c = torch.randn(t.shape, dtype=t.dtype).sparse_mask(pattern)
    return c if t.layout == torch.sparse_coo else c.to_sparse_csr()


def flatten(v):
    if isinstance(v, torch.Tensor):
        return [v]
    if isinstance(v, (list, tuple)):
        return [t for x in v for t in flatten(x)]
    return []


def _take(it, n):
    for i, x in enumerate(it):
        if i >= n:
            break
        yield x


def main():
    ops = []
    for op in op_db:
        dtypes = op.supported_dtypes('cpu')
        entry = {
            'name': op.name,
            'variant': op.variant_test_name,
            'target': target_of(op),
            'values': {dtype_name(dt): value_samples(op, dt) for dt in VALUE_DTYPES if dt in dtypes},
            'grads': grad_samples(op),
        }
        ops.append(entry)
    with open(sys.argv[1], 'w') as f:
        json.dump({'torch': torch.__version__, 'ops': ops}, f)


if __name__ == '__main__':
    main()
