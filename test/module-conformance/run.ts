// Replays module_db's samples through typed-torch's torch.nn: each module is
// built with Python's constructor arguments, given the Python module's state
// dict, moved to the sample's dtype and mode, and called with the same
// inputs; outputs, buffers after forward, and the gradients of inputs and
// parameters (autograd.grad with Python's cotangents) are compared.
import * as torch from '../../src/index.ts';
import { Tensor } from '../../src/index.ts';
import type { Module } from '../../src/nn/index.ts';
import { camel } from '../../src/ops/names.ts';
import { describe, difference, firstLine, flatten, isZero } from '../conformance/compare.ts';
import { Decoder, Undecodable } from '../conformance/decode.ts';
import type { Encoded, Expected } from '../conformance/samples.ts';
import type { ModuleDb, ModuleEntry, ModuleSample } from './samples.ts';

export interface ModuleSampleResult {
  /** module_db's name (nn.Conv2d). */
  module: string;
  /** dtype and mode: 'float64 train'. */
  kind: string;
  /** The sample's place among those of its module and kind. */
  index: number;
  desc: string;
  ok: boolean;
  reason?: string;
}

/** Python classes whose __init__ takes (*args, **kwargs): their required parameters. */
const REQUIRED: Record<string, string[]> = {
  RNN: ['input_size', 'hidden_size'],
  LSTM: ['input_size', 'hidden_size'],
  GRU: ['input_size', 'hidden_size'],
};

type ModuleClass = new (...args: unknown[]) => Module & { forward(...args: unknown[]): unknown };

export function runModuleConformance(db: ModuleDb, only?: (name: string) => boolean): ModuleSampleResult[] {
  torch.setNumThreads(1);
  const results: ModuleSampleResult[] = [];
  for (const entry of db.modules) {
    if (only && !only(entry.name)) continue;
    const counts = new Map<string, number>();
    for (const s of entry.samples) {
      const kind = `${s.dtype} ${s.mode}`;
      const index = counts.get(kind) ?? 0;
      counts.set(kind, index + 1);
      const reason = torch.scope(() => attempt(entry, s));
      results.push({ module: entry.name, kind, index, desc: s.desc, ok: reason === undefined, ...(reason === undefined ? {} : { reason }) });
    }
  }
  return results;
}

function attempt(entry: ModuleEntry, s: ModuleSample): string | undefined {
  if (s.skipped) return `not replayable: ${s.skipped}`;
  const expected = s.expected!;
  if ('$unencodable' in expected) return `Python returns a value the harness cannot compare: ${expected.$unencodable}`;
  const pythonError = '$error' in expected ? expected.$error : undefined;
  let reason: string | undefined;
  try {
    reason = compare(entry, s);
  } catch (e) {
    if (pythonError !== undefined) return undefined; // both refuse
    if (e instanceof Undecodable) return `missing: ${e.message}`;
    return `throws ${(e as Error).constructor.name}: ${firstLine((e as Error).message)}`;
  }
  if (pythonError !== undefined) return `Python raises ${firstLine(pythonError)}, typed-torch does not`;
  return reason;
}

/** Python's call as TypeScript makes it: required parameters in place, the rest in a trailing options object. */
function pythonCall(decoder: Decoder, args: Encoded[], kwargs: Record<string, Encoded>, required: string[]): unknown[] {
  const out = args.map((a) => decoder.decode(a));
  const rest = { ...kwargs };
  for (const name of required.slice(out.length)) {
    if (!(name in rest)) break;
    out.push(decoder.decode(rest[name]!));
    delete rest[name];
  }
  const keys = Object.keys(rest);
  if (keys.length > 0) out.push(Object.fromEntries(keys.map((k) => [camel(k), decoder.decode(rest[k]!)])));
  return out;
}

function build(entry: ModuleEntry, s: ModuleSample): InstanceType<ModuleClass> {
  const Cls = (torch.nn as unknown as Record<string, ModuleClass | undefined>)[entry.class];
  if (typeof Cls !== 'function') throw new Undecodable(`typed-torch has no torch.nn.${entry.class}`);
  const required = REQUIRED[entry.class] ?? entry.params.filter(([, r]) => r).map(([n]) => n);
  const c = s.constructor!;
  return new Cls(...pythonCall(new Decoder(), c.args, c.kwargs, required));
}

function compare(entry: ModuleEntry, s: ModuleSample): string | undefined {
  const m = build(entry, s);
  m.to(s.dtype);
  m.train(s.mode === 'train');
  const stateDecoder = new Decoder();
  const state = new Map(Object.entries(s.state!).map(([k, v]) => [k, stateDecoder.decode(v) as Tensor]));
  m.loadStateDict(state);

  const decoder = new Decoder();
  const kwargs = { ...s.kwargs! };
  const args = [...s.args!];
  // Linear's sample passes its input by name.
  if ('input' in kwargs) {
    args.unshift(kwargs.input!);
    delete kwargs.input;
  }
  const forwardArgs = pythonCall(decoder, args, kwargs, []);
  torch.manualSeed(0);
  const output = m.forward(...forwardArgs);
  const expected = s.expected as Exclude<ModuleSample['expected'], { $error: string } | { $unencodable: string } | undefined>;

  const d = difference(output, expected.output, 'the output');
  if (d) return d;

  const buffers = new Map(m.namedBuffers());
  const want = Object.keys(expected.buffers);
  const names = [...buffers.keys()];
  if (want.join() !== names.join()) return `buffers [${names.join(', ')}], Python [${want.join(', ')}]`;
  for (const name of want) {
    const b = difference(buffers.get(name), expected.buffers[name]!, `buffer ${name} after forward`);
    if (b) return b;
  }

  if (!s.cotangents) return undefined;
  const outputs = flatten(output).filter((t) => t.requiresGrad);
  const cotangents = s.cotangents.map((c) => decoder.decode(c) as Tensor);
  if (outputs.length !== cotangents.length) return `${outputs.length} outputs require grad, Python ${cotangents.length}`;
  const params = m.namedParameters();
  const grads = torch.autograd.grad(outputs, [...decoder.gradInputs, ...params.map(([, p]) => p)], { gradOutputs: cotangents, allowUnused: true });
  const inputGrads = expected.inputGrads ?? [];
  for (let i = 0; i < inputGrads.length; i++) {
    const g = gradDifference(grads[i] ?? null, inputGrads[i] ?? null, `gradient of input ${i}`);
    if (g) return g;
  }
  const paramGrads = expected.paramGrads ?? {};
  for (let i = 0; i < params.length; i++) {
    const [name] = params[i]!;
    if (!(name in paramGrads)) return `parameter ${name}: Python has no such parameter`;
    const g = gradDifference(grads[decoder.gradInputs.length + i] ?? null, paramGrads[name] ?? null, `gradient of ${name}`);
    if (g) return g;
  }
  return undefined;
}

function gradDifference(got: Tensor | null, want: Expected | null, where: string): string | undefined {
  if (want === null || got === null) {
    if (want === null && (got === null || isZero(got))) return undefined;
    return `${where}: typed-torch ${got === null ? 'none' : describe(got)}, Python ${want === null ? 'none' : 'a tensor'}`;
  }
  return difference(got, want, where);
}
