// torch.profiler: what each libtorch op of a piece of code costs, from
// libtorch's own RecordFunction observers (native/src/profiler.cpp), as
// Python's torch.profiler reports it: events with self and total CPU time,
// averages by name (keyAverages().table(), sorted as asked), and a Chrome
// trace (chrome://tracing, Perfetto). The time outside every op, what the
// JS code, the binding's conversions and the garbage collector took, is a
// row of its own, so that the binding's cost shows.
import { writeFileSync } from 'node:fs';
import { native } from '../core/native.ts';
import { isPromiseLike } from '../core/scope.ts';

/** libtorch's RecordScope names, by value. */
const SCOPES = ['function', 'backward', 'torchscript', 'kernel dtype', 'custom class', 'build feature', 'lite interpreter', 'user', 'static runtime op', 'static runtime model'] as const;

/** The row that stands for the time spent outside libtorch's ops. */
export const OUTSIDE_OPS = '[outside ops: JS, binding, GC]';

/** One op call (or autograd node) as the profiler saw it; times in µs. */
export interface ProfilerEvent {
  name: string;
  /** 'function' for ops, 'backward' for autograd nodes evaluated by the engine, ... (libtorch's RecordScope). */
  scope: (typeof SCOPES)[number];
  thread: number;
  startUs: number;
  endUs: number;
  /** endUs - startUs. */
  totalUs: number;
  /** totalUs less the time of the events nested in it on its thread. */
  selfUs: number;
  /** How many events enclose it. */
  depth: number;
  /** Its inputs' shapes ([] for a non-tensor input), with recordShapes. */
  inputShapes?: number[][];
}

/** A row of keyAverages(): one op name (and input shapes, when grouped by them). */
export interface KeyAverage {
  name: string;
  inputShapes?: string;
  count: number;
  selfUs: number;
  totalUs: number;
}

export interface ProfileOptions {
  /** Record each op's input shapes (as Python's record_shapes; costs a little per op). */
  recordShapes?: boolean;
}

export interface TableOptions {
  /** 'selfCpuTimeTotal' (default), 'cpuTimeTotal' or 'count'. */
  sortBy?: 'selfCpuTimeTotal' | 'cpuTimeTotal' | 'count';
  /** The most rows shown (default 20; all: Infinity). */
  rowLimit?: number;
}

const formatUs = (us: number) => (us >= 1e6 ? `${(us / 1e6).toFixed(3)}s` : us >= 1e3 ? `${(us / 1e3).toFixed(3)}ms` : `${us.toFixed(3)}us`);

export class Profile {
  /** Every event, in start order. */
  readonly events: readonly ProfilerEvent[];
  /** The profiled code's wall time, in µs. */
  readonly wallUs: number;

  constructor(events: ProfilerEvent[], wallUs: number) {
    this.events = events;
    this.wallUs = wallUs;
  }

  /** Time outside every op: the wall time less the ops at depth 0 of the profiled thread. */
  get outsideOpsUs(): number {
    const main = this.events[0]?.thread;
    const inOps = this.events.filter((e) => e.depth === 0 && e.thread === main).reduce((a, e) => a + e.totalUs, 0);
    return Math.max(0, this.wallUs - inOps);
  }

  /** Events averaged by name (Python's key_averages()), with the time outside ops as a row; by name and input shapes with `groupByInputShape`. */
  keyAverages(options: { groupByInputShape?: boolean } = {}): KeyAverage[] {
    const rows = new Map<string, KeyAverage>();
    for (const e of this.events) {
      const shapes = options.groupByInputShape ? JSON.stringify(e.inputShapes ?? []) : undefined;
      const key = shapes === undefined ? e.name : `${e.name}\u0000${shapes}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { name: e.name, ...(shapes !== undefined ? { inputShapes: shapes } : {}), count: 0, selfUs: 0, totalUs: 0 }));
      row.count++;
      row.selfUs += e.selfUs;
      row.totalUs += e.totalUs;
    }
    const outside = this.outsideOpsUs;
    return [...rows.values(), { name: OUTSIDE_OPS, count: 1, selfUs: outside, totalUs: outside }];
  }

  /** keyAverages() as a text table, like Python's prof.key_averages().table(sort_by='self_cpu_time_total'). */
  table(options: TableOptions & { groupByInputShape?: boolean } = {}): string {
    const sortBy = options.sortBy ?? 'selfCpuTimeTotal';
    const key = (r: KeyAverage) => (sortBy === 'count' ? r.count : sortBy === 'cpuTimeTotal' ? r.totalUs : r.selfUs);
    const all = this.keyAverages(options);
    // Self times add up to the wall time whatever the grouping.
    const selfTotal = all.reduce((a, r) => a + r.selfUs, 0);
    const rows = all.sort((a, b) => key(b) - key(a)).slice(0, options.rowLimit ?? 20);
    const header = ['Name', 'Self CPU %', 'Self CPU', 'CPU total %', 'CPU total', 'CPU time avg', '# of Calls', ...(options.groupByInputShape ? ['Input Shapes'] : [])];
    const cells = rows.map((r) => [
      r.name, `${((100 * r.selfUs) / selfTotal).toFixed(2)}%`, formatUs(r.selfUs), `${((100 * r.totalUs) / selfTotal).toFixed(2)}%`, formatUs(r.totalUs), formatUs(r.totalUs / r.count), String(r.count),
      ...(options.groupByInputShape ? [r.inputShapes ?? ''] : []),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
    const rule = '-'.repeat(line(header).length);
    return [rule, line(header), rule, ...cells.map(line), rule, `Self CPU time total: ${formatUs(selfTotal)} (wall ${formatUs(this.wallUs)})`].join('\n');
  }

  /** The events in the Chrome trace format (chrome://tracing, ui.perfetto.dev): one complete event each. */
  chromeTrace(): { traceEvents: object[]; displayTimeUnit: 'ms' } {
    const t0 = this.events[0]?.startUs ?? 0;
    return {
      displayTimeUnit: 'ms',
      traceEvents: this.events.map((e) => ({
        name: e.name, cat: e.scope, ph: 'X', ts: e.startUs - t0, dur: e.totalUs, pid: process.pid, tid: e.thread,
        ...(e.inputShapes ? { args: { 'Input Dims': e.inputShapes } } : {}),
      })),
    };
  }

  /** Writes chromeTrace() as JSON (Python's export_chrome_trace). */
  exportChromeTrace(path: string): string {
    writeFileSync(path, JSON.stringify(this.chromeTrace()));
    return path;
  }
}

/** Self times and depths: on each thread, an event's children are the events that start and end inside it. */
function nest(raw: ReturnType<ReturnType<typeof native>['profilerStop']>['events']): ProfilerEvent[] {
  const events: ProfilerEvent[] = raw.map(([name, startUs, endUs, thread, scope, shapes]) => ({
    name, scope: SCOPES[scope] ?? 'function', thread, startUs, endUs, totalUs: endUs - startUs, selfUs: endUs - startUs, depth: 0,
    ...(shapes ? { inputShapes: shapes } : {}),
  }));
  // Start order; an enclosing event (same start, longer) before what it encloses.
  events.sort((a, b) => a.startUs - b.startUs || b.endUs - a.endUs);
  const open = new Map<number, ProfilerEvent[]>();
  for (const e of events) {
    const stack = open.get(e.thread) ?? [];
    open.set(e.thread, stack);
    while (stack.length > 0 && stack[stack.length - 1]!.endUs <= e.startUs) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && e.endUs <= parent.endUs) {
      parent.selfUs -= e.totalUs;
      e.depth = stack.length;
    }
    stack.push(e);
  }
  return events;
}

function finish(startUs: number): Profile {
  const { events, nowUs } = native().profilerStop();
  return new Profile(nest(events), nowUs - startUs);
}

/**
 * Runs `fn` (or awaits it, when it returns a promise) with the profiler on,
 * and returns its result and what it ran: `const [, prof] = profile(() =>
 * step()); console.log(prof.table())`. One profile at a time.
 */
export function profile<R>(fn: () => Promise<R>, options?: ProfileOptions): Promise<[R, Profile]>;
export function profile<R>(fn: () => R, options?: ProfileOptions): [R, Profile];
export function profile<R>(fn: () => R | Promise<R>, options: ProfileOptions = {}): [R, Profile] | Promise<[R, Profile]> {
  if (typeof fn !== 'function') throw new TypeError('profile: give the code to profile as a function');
  const startUs = native().profilerStart(options.recordShapes ?? false);
  let result: R | Promise<R>;
  try {
    result = fn();
  } catch (e) {
    native().profilerStop();
    throw e;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then(
      (value) => [value, finish(startUs)] as [R, Profile],
      (e) => {
        native().profilerStop();
        throw e;
      },
    );
  }
  return [result, finish(startUs)];
}
