// op_db's samples as opdb.py writes them, and the run of opdb.py that
// writes them (one Python process, about 5 s).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../helpers/python.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A value as opdb.py encodes it: JSON, with tagged objects for what JSON lacks. */
export type Encoded =
  | null
  | boolean
  | number
  | string
  | Encoded[]
  | EncodedTensor
  | EncodedSparse
  | { $ref: number }
  | { $int: string }
  | { $float: 'nan' | 'inf' | '-inf' }
  | { $complex: [Encoded, Encoded] }
  | { $dtype: string }
  | { $memory_format: string }
  | { $device: string }
  | { $layout: string }
  | { $slice: [Encoded, Encoded, Encoded] }
  | { $ellipsis: true }
  | { $pairwise_distance: { p: number; eps: number; keepdim: boolean } }
  | { $function: string };

/** An argument tensor: its bytes (little-endian, row-major), and its place among the grad inputs. */
export interface EncodedTensor {
  $tensor: string;
  id: number;
  shape: number[];
  data: string;
  grad?: number;
}

/** An argument sparse tensor: its layout and size, and its parts (COO's indices and values, or compressed and plain indices and values). */
export interface EncodedSparse {
  $sparse: 'sparse_coo' | 'sparse_csr' | 'sparse_csc' | 'sparse_bsr' | 'sparse_bsc';
  id: number;
  shape: number[];
  coalesced: boolean;
  parts: EncodedTensor[];
  grad?: number;
}

/** An expected tensor: dtype, shape and element values (complex ones as [re, im]); a sparse one's layout, its values dense. */
export interface ExpectedTensor {
  $tensor: string;
  shape: number[];
  values: (Encoded | [Encoded, Encoded])[];
  layout?: string;
}

export type Expected = ExpectedTensor | Expected[] | Encoded | { $error: string } | { $unencodable: string };

export interface Sample {
  /** Set when the sample could not be written (an argument JSON cannot carry). */
  skipped?: string;
  input: Encoded;
  args: Encoded[];
  kwargs: Record<string, Encoded>;
  /** The result Python got: for a gradient sample, the gradient of each grad input (null: unused). */
  expected: Expected;
  /** Gradient samples: the vector of each differentiable output. */
  cotangents?: Encoded[];
}

/** Where typed-torch has the op: by its Python path, or an entry in the custom table. */
export type Target =
  | { kind: 'torch'; name: string }
  | { kind: 'functional'; name: string }
  | { kind: 'masked'; name: string }
  | { kind: 'sparse'; name: string }
  | { kind: 'method'; name: string }
  | { kind: 'custom' };

export interface OpEntry {
  name: string;
  variant: string;
  target: Target;
  /** Samples by dtype: float32, int64. */
  values: Record<string, Sample[]>;
  /** float64 samples with requires_grad. */
  grads: Sample[];
}

export interface OpDb {
  torch: string;
  ops: OpEntry[];
}

/** The OpInfo's id: its name, and its variant's name when it has one (polygamma.polygamma_n_0). */
export const opId = (op: Pick<OpEntry, 'name' | 'variant'>): string => (op.variant ? `${op.name}.${op.variant}` : op.name);

/** Runs opdb.py into build/conformance and reads what it wrote. */
export function loadOpDb(root: string): OpDb {
  const dir = join(root, 'build', 'conformance');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'samples.json');
  const r = spawnSync(PYTHON, [join(here, 'opdb.py'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`opdb.py failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as OpDb;
}
