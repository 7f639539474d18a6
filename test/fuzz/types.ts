// The fuzzer's calls, type-checked: each call of a generated function or method, a
// Python-level function (torch.nn.functional, torch.masked, ...) or indexing that runs is
// also written as TypeScript a user would write (its tensors declared with their run-time
// shape, dtype and device: test/fuzz/calls.ts `Call.ts`) and compiled against the library's
// declarations. Where it compiles, its static result type must agree with what the call
// returned: every literal dim, dtype and device of the type equal to the result's (`number`,
// symbols and `DType` agree with anything). A disagreement is a type that is silently wrong.
//
//   tsx test/fuzz/types.ts [--seeds 1,2] [--calls 20000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as torch from '../../src/index.ts';
import { makeCall } from './calls.ts';
import { TSX, WORKER_DATA_BYTES } from './driver.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A tensor's run-time metadata. */
interface Meta {
  shape: number[];
  dtype: string;
  device: string;
}

/** What a call returned: a tensor, or a list or tuple of them. */
type Returned = { kind: 'tensor'; meta: Meta } | { kind: 'list'; metas: Meta[] };

interface Ran {
  index: number;
  declarations: string[];
  expression: string;
  returned: Returned;
  /** Whether a tensor argument had no elements (matmul of an empty [0] and a [0, 2] is [2]). */
  inputsEmpty: boolean;
}

export interface Disagreement {
  seed: number;
  index: number;
  expression: string;
  /** The static type, as tsc prints it. */
  type: string;
  /** What the call returned. */
  actual: string;
  why: string;
}

export interface TypeAgreementReport {
  seed: number;
  calls: number;
  /** Calls of the generated API that ran and returned tensors. */
  ran: number;
  /** Of those, the ones that compiled and were compared. */
  compared: number;
  /** The ones that ran but did not compile (arguments the types refuse; listed, not failed). */
  refused: number;
  refusedCalls: { index: number; expression: string; declarations: string[]; message: string }[];
  disagreements: Disagreement[];
}

const metaOf = (t: torch.Tensor): Meta => ({ shape: [...t.shape], dtype: t.dtype, device: t.device });

function returnedOf(value: unknown): Returned | undefined {
  if (value instanceof torch.Tensor) return { kind: 'tensor', meta: metaOf(value) };
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof torch.Tensor)) {
    return { kind: 'list', metas: value.map(metaOf) };
  }
  return undefined;
}

/**
 * Runs calls [0, count) of a seed in a child process whose heap is capped as the fuzz workers'
 * are (a call asking for gigabytes fails there at once), in a scratch directory (some ops write
 * files), and returns those with a TypeScript form that returned tensors.
 */
function run(seed: number, count: number): Ran[] {
  const cwd = mkdtempSync(join(tmpdir(), 'typed-torch-types-'));
  try {
    const out = execFileSync(
      'prlimit',
      [`--data=${WORKER_DATA_BYTES}`, '--', process.execPath, '--conditions=typed-torch-source', '--import', TSX, fileURLToPath(import.meta.url), '--run', String(seed), String(count)],
      { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return JSON.parse(out) as Ran[];
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The child's side of run(). */
function runHere(seed: number, count: number): Ran[] {
  const out: Ran[] = [];
  for (let index = 0; index < count; index++) {
    try {
      torch.scope(() => {
        const call = makeCall(seed, index);
        if (!call.ts) return;
        const returned = returnedOf(call.run());
        if (returned) out.push({ index, declarations: call.ts.declarations, expression: call.ts.expression, returned, inputsEmpty: call.ts.emptyInputs });
      });
    } catch {
      // Refused at run time: nothing to compare.
    }
  }
  return out;
}

/** The literal of a type, when it is one (a number, a string); undefined for `number`, `string`, unions. */
function literalOf(t: ts.Type): number | string | undefined {
  if (t.isNumberLiteral()) return t.value;
  if (t.isStringLiteral()) return t.value;
  return undefined;
}

/** Whether a static tensor type agrees with a result; the reason when it does not. */
function disagreement(checker: ts.TypeChecker, type: ts.Type, meta: Meta, inputsEmpty: boolean): string | undefined {
  const args = checker.getTypeArguments(type as ts.TypeReference);
  if (args.length !== 3) return undefined; // not Tensor<S, D, V> (e.g. a plain Tensor): nothing claimed
  const [shape, dtype, device] = args as [ts.Type, ts.Type, ts.Type];
  const d = literalOf(dtype);
  // An empty input skips the kernel, and with it the kernel's dtype check (log_softmax of an
  // empty bool tensor is an empty bool tensor), as do meta tensors (selu of an int64 meta tensor
  // is int64; on the CPU the call fails): libtorch's shortcuts, where the types give the dtype
  // of the calls that compute.
  const shortcut = meta.shape.includes(0) || meta.device === 'meta' || inputsEmpty;
  if (d !== undefined && d !== meta.dtype && !shortcut) return `dtype ${String(d)}, the result is ${meta.dtype}`;
  const v = literalOf(device);
  if (v !== undefined && v !== meta.device) return `device ${String(v)}, the result is on ${meta.device}`;
  if (checker.isTupleType(shape)) {
    const dims = checker.getTypeArguments(shape as ts.TypeReference);
    if (dims.length !== meta.shape.length) return `rank ${dims.length}, the result has rank ${meta.shape.length}`;
    for (let k = 0; k < dims.length; k++) {
      const n = literalOf(dims[k]!);
      if (typeof n === 'number' && n !== meta.shape[k]) return `dim ${k} is ${n}, the result's is ${meta.shape[k]}`;
    }
  }
  return undefined;
}

/** A static result type's tensors, one per returned tensor: a tuple's elements, an array's element type for each. */
function staticTensors(checker: ts.TypeChecker, type: ts.Type, count: number): ts.Type[] | undefined {
  if (checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type as ts.TypeReference);
    return elements.length === count ? [...elements] : undefined;
  }
  if (checker.isArrayType(type)) {
    const element = checker.getTypeArguments(type as ts.TypeReference)[0]!;
    return Array.from({ length: count }, () => element);
  }
  return undefined;
}

/** Compiles the calls (one function each) and compares their types with what they returned. */
function compare(seed: number, ran: Ran[]): Omit<TypeAgreementReport, 'seed' | 'calls'> {
  const dir = join(root, 'build', 'type-agreement');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${seed}.ts`);
  const lines = ["import * as torch from '../../src/index.ts';", ''];
  const starts: number[] = [];
  for (const [k, r] of ran.entries()) {
    starts.push(lines.length);
    const params = r.declarations.map((d) => d.replace(/^declare const /, '').replace(/;$/, ''));
    lines.push(`export function c${k}(${params.join(', ')}) {`, `  const result = ${r.expression};`, '  return result;', '}');
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const program = ts.createProgram([file], {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  // A call whose function has a diagnostic did not compile.
  const failing = new Map<number, string>();
  for (const d of ts.getPreEmitDiagnostics(program, source)) {
    if (d.file !== source || d.start === undefined) continue;
    const line = source.getLineAndCharacterOfPosition(d.start).line;
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > line) k--;
    if (!failing.has(k)) failing.set(k, ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 300));
  }
  const refusedCalls = [...failing].map(([k, message]) => ({ index: ran[k]!.index, expression: ran[k]!.expression, declarations: ran[k]!.declarations, message }));
  const disagreements: Disagreement[] = [];
  let compared = 0;
  let k = 0;
  ts.forEachChild(source, (node) => {
    if (!ts.isFunctionDeclaration(node)) return;
    const index = k++;
    if (failing.has(index)) return;
    const statement = node.body!.statements[0] as ts.VariableStatement;
    const declaration = statement.declarationList.declarations[0]!;
    const type = checker.getTypeAtLocation(declaration.name);
    const r = ran[index]!;
    compared++;
    const report = (actual: string, why: string) =>
      disagreements.push({ seed, index: r.index, expression: r.expression, type: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation), actual, why });
    if (r.returned.kind === 'tensor') {
      const why = disagreement(checker, type, r.returned.meta, r.inputsEmpty);
      if (why) report(JSON.stringify(r.returned.meta), why);
    } else {
      const metas = r.returned.metas;
      const types = staticTensors(checker, type, metas.length);
      if (!types) return; // a plain Tensor[] of another length, or not a list type: nothing claimed per element
      for (const [j, t] of types.entries()) {
        const why = disagreement(checker, t, metas[j]!, r.inputsEmpty);
        if (why) report(JSON.stringify(metas), `element ${j}: ${why}`);
      }
    }
  });
  return { ran: ran.length, compared, refused: failing.size, refusedCalls, disagreements };
}

export function typeAgreement(seed: number, calls: number): TypeAgreementReport {
  return { seed, calls, ...compare(seed, run(seed, calls)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--run') {
  process.removeAllListeners('warning');
  process.stdout.write(JSON.stringify(runHere(Number(process.argv[3]), Number(process.argv[4]))));
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1]! : fallback;
  };
  const seeds = arg('seeds', '1').split(',').map(Number);
  const calls = Number(arg('calls', '20000'));
  process.removeAllListeners('warning');
  let bad = 0;
  for (const seed of seeds) {
    const t0 = Date.now();
    const r = typeAgreement(seed, calls);
    console.log(`seed ${seed}: ${r.calls} calls, ${r.ran} ran and returned tensors, ${r.compared} compiled and compared, ${r.refused} refused by the types, ${r.disagreements.length} disagreements (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    for (const d of r.disagreements) console.log(`  call ${d.index}: ${d.expression}\n    type ${d.type}\n    ${d.why}`);
    if (process.argv.includes('--refused')) {
      for (const c of r.refusedCalls) console.log(`  refused ${c.index}: ${c.expression}   [${c.declarations.map((d) => d.replace(/^declare const /, '')).join(' ')}]\n    ${c.message}`);
    }
    bad += r.disagreements.length;
  }
  process.exitCode = bad === 0 ? 0 : 1;
}
