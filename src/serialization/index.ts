// torch.save / torch.load for state dicts, in PyTorch's file format: files
// written here load in Python with torch.load as an OrderedDict of tensors,
// and files from Python's torch.save(state_dict) load here. The zip and
// pickle codec is in reader.ts and writer.ts (libtorch 1.13's own pickle
// reader cannot read Python's OrderedDict).
import { native } from '../core/native.ts';
import { Tensor, wrap } from '../core/tensor.ts';
import { ELEMENT_BYTES } from '../core/dtype.ts';
import * as aten from '../ops/generated/aten.ts';
import { readCheckpoint, CheckpointError } from './reader.ts';
import { writeCheckpoint, type TensorRecord } from './writer.ts';
import { STORAGE_CLASS } from './format.ts';

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
    if (STORAGE_CLASS[t.dtype] === undefined) throw new TypeError(`save: '${name}' is ${t.dtype}, which PyTorch's format cannot store`);
    return [name, { dtype: t.dtype, shape: t.shape, bytes: new Uint8Array(native().toBuffer(t._h, true)) }];
  });
  writeCheckpoint(path, records);
}

/**
 * Reads a dict of tensors saved by Python's torch.save (e.g. a state_dict) or
 * by save(). As in Python, each tensor is a view of its storage record, and
 * tensors saved as views of one storage share it again (a stride-0 view of a
 * few bytes stays a few bytes). A truncated, corrupt or forged file throws a
 * CheckpointError naming the file and the problem.
 */
export function load(path: string): StateDict {
  const stored = readCheckpoint(path);
  const out: StateDict = new Map();
  const storages = new Map<string, Tensor>();
  try {
    for (const [name, s] of stored) {
      const elem = ELEMENT_BYTES[s.dtype];
      if (s.storage.byteLength % elem !== 0) {
        throw new CheckpointError(path, `storage of '${name}' has ${s.storage.byteLength} bytes, not a whole number of ${s.dtype}`);
      }
      const numel = s.storage.byteLength / elem;
      // The last element the view reaches must lie inside the storage.
      let last = s.offset;
      s.shape.forEach((size, i) => {
        if (size > 0) last += (size - 1) * s.stride[i]!;
      });
      const empty = s.shape.some((size) => size === 0);
      if (!empty && last >= numel) throw new CheckpointError(path, `'${name}' reaches element ${last} of a storage with ${numel}`);
      if (s.offset > numel) throw new CheckpointError(path, `'${name}' starts at element ${s.offset} of a storage with ${numel}`);
      let storage = storages.get(s.key);
      if (storage === undefined) {
        storage = wrap(native().fromBuffer(s.storage, [numel], s.dtype));
        storages.set(s.key, storage);
      } else if (storage.dtype !== s.dtype) {
        throw new CheckpointError(path, `storage ${s.key} is read as ${storage.dtype} and as ${s.dtype}`);
      }
      const t = aten.as_strided(storage, s.shape, s.stride, s.offset);
      if (s.requiresGrad) t.requiresGrad = true;
      out.set(name, t);
    }
  } catch (e) {
    for (const t of out.values()) t.dispose();
    throw e;
  } finally {
    // The views hold their storages; the flat tensors themselves are not returned.
    for (const t of storages.values()) t.dispose();
  }
  return out;
}
