// module_db's samples as moduledb.py writes them, and the run of moduledb.py
// that writes them (one Python process, about 6 s).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../helpers/python.ts';
import type { Encoded, Expected } from '../conformance/samples.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface ModuleSample {
  desc: string;
  dtype: 'float64' | 'float32';
  mode: 'train' | 'eval';
  /** Set when the sample could not be written (an argument JSON cannot carry). */
  skipped?: string;
  constructor?: { args: Encoded[]; kwargs: Record<string, Encoded> };
  /** The module's state dict before forward (after a lazy module's materialization). */
  state?: Record<string, Encoded>;
  args?: Encoded[];
  kwargs?: Record<string, Encoded>;
  /** One per output tensor that requires grad, in order. */
  cotangents?: Encoded[];
  expected?:
    | {
        output: Expected;
        buffers: Record<string, Expected>;
        /** Gradient of each input tensor that requires grad (null: unused). */
        inputGrads?: (Expected | null)[];
        paramGrads?: Record<string, Expected | null>;
      }
    | { $error: string }
    | { $unencodable: string };
}

export interface ModuleEntry {
  /** module_db's name (nn.Conv2d, ao.nn.quantized.MaxPool2d). */
  name: string;
  /** The torch.nn class it is (MaxPool2d). */
  class: string;
  /** The Python constructor's parameters in order: [name, required]. */
  params: [string, boolean][];
  samples: ModuleSample[];
}

export interface ModuleDb {
  torch: string;
  modules: ModuleEntry[];
}

/** Runs moduledb.py into build/conformance and reads what it wrote. */
export function loadModuleDb(root: string): ModuleDb {
  const dir = join(root, 'build', 'conformance');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'modules.json');
  const r = spawnSync(PYTHON, [join(here, 'moduledb.py'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`moduledb.py failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as ModuleDb;
}
