// torch.save / torch.load for state dicts, in PyTorch's file format: files
// written here load in Python with torch.load as an OrderedDict of tensors,
// and files from Python's torch.save(state_dict) load here. The zip and
// pickle codec is in reader.ts and writer.ts (libtorch 1.13's own pickle
// reader cannot read Python's OrderedDict).
import { native } from '../core/native.ts';
import { Tensor, wrap } from '../core/tensor.ts';
import { scope } from '../core/scope.ts';
import { ELEMENT_BYTES } from '../core/dtype.ts';
import * as aten from '../ops/generated/aten.ts';
import { readCheckpoint, CheckpointError } from './reader.ts';
import { writeCheckpoint, type TensorRecord } from './writer.ts';

export { CheckpointError };

/** A state dict: parameter and buffer tensors by dotted name. */
export type StateDict = Map<string, Tensor>;

/**
 * Writes tensors by name to `path` in PyTorch's format; Python's torch.load
 * reads it as an OrderedDict of tensors (a state_dict). Tensors are saved
 * detached; they must be on the CPU.
 */
export function save(state: StateDict | Record<string, Tensor>, path: string): void {
  const entries = state instanceof Map ? [...state.entries()] : Object.entries(state);
  const records = entries.map(([name, t]): [string, TensorRecord] => {
    if (!(t instanceof Tensor)) throw new TypeError(`save: '${name}' is not a Tensor`);
    if (t.isDisposed) throw new TypeError(`save: '${name}' is a disposed tensor`);
    if (t.device !== 'cpu') throw new TypeError(`save: '${name}' is on ${t.device}; move it to 'cpu' before saving`);
    return [name, { dtype: t.dtype, shape: t.shape, bytes: new Uint8Array(native().toBuffer(t._h, true)) }];
  });
  writeCheckpoint(path, records);
}

/**
 * Reads a dict of tensors saved by Python's torch.save (e.g. a state_dict) or
 * by save(). Each tensor is a fresh contiguous CPU tensor; a truncated or
 * corrupt file throws a CheckpointError naming the problem.
 */
export function load(path: string): StateDict {
  const stored = readCheckpoint(path);
  const out: StateDict = new Map();
  try {
    for (const [name, s] of stored) {
      const t = scope(() => {
        const elem = ELEMENT_BYTES[s.dtype];
        if (s.storage.byteLength % elem !== 0) {
          throw new CheckpointError(path, `storage of '${name}' has ${s.storage.byteLength} bytes, not a whole number of ${s.dtype}`);
        }
        const numel = s.storage.byteLength / elem;
        let last = s.offset;
        s.shape.forEach((size, i) => {
          if (size > 0) last += (size - 1) * s.stride[i]!;
        });
        if (s.shape.every((size) => size > 0) && last >= numel) {
          throw new CheckpointError(path, `'${name}' reaches element ${last} of a storage with ${numel}`);
        }
        const flat = wrap(native().fromBuffer(s.storage.slice(), [numel], s.dtype));
        return aten.clone(aten.as_strided(flat, s.shape, s.stride, s.offset));
      });
      if (s.requiresGrad) t.requiresGrad = true;
      out.set(name, t);
    }
  } catch (e) {
    for (const t of out.values()) t.dispose();
    throw e;
  }
  return out;
}

