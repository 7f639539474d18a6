// Process groups: the rendezvous (TCPStore or FileStore) and gloo's
// ProcessGroup, made by native/src/distributed.cpp the way Python's
// init_process_group makes them, so that node and Python ranks can share one.
import { native, type NativeAddon, type NativeProcessGroup } from '../core/native.ts';
import { DistributedError, explain } from './errors.ts';

/** The communication backends this build has: gloo (CPU tensors, TCP). */
export type Backend = 'gloo';

export interface InitProcessGroupOptions {
  /** 'gloo', the default (the only backend of Debian's CPU libtorch). */
  backend?: Backend;
  /**
   * How the ranks find each other (Python's init_method): 'env://' (default:
   * MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE from the environment, as
   * `typed-torch run` sets them), 'tcp://HOST:PORT' (rank 0 serves the store
   * there) or 'file:///PATH' (a file every rank can reach). A URL may carry
   * `?rank=R&world_size=N`.
   */
  initMethod?: string;
  /** This process's rank, 0 .. worldSize - 1 (default: from initMethod or RANK). */
  rank?: number;
  /** How many ranks (default: from initMethod or WORLD_SIZE). */
  worldSize?: number;
  /** Milliseconds any rendezvous or collective may wait for the others (default 30 minutes, as Python's). */
  timeout?: number;
}

/** Python's default_pg_timeout: 30 minutes. */
export const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

/** A group of ranks that run collectives together (Python's ProcessGroup). */
export class ProcessGroup {
  readonly backend: Backend = 'gloo';
  /** @internal */
  _native: NativeProcessGroup | undefined;

  /** @internal */
  constructor(
    handle: NativeProcessGroup,
    /** This process's rank in the group. */
    readonly rank: number,
    /** How many ranks the group has. */
    readonly size: number,
    /** How long a collective may wait for the others, in ms. */
    readonly timeoutMs: number,
    /** Where the ranks met ('tcp://127.0.0.1:29500', 'file:///tmp/rdv'). */
    readonly initMethod: string,
  ) {
    this._native = handle;
  }

  /** @internal The native group; throws once destroyed. */
  _handle(op: string): NativeProcessGroup {
    if (this._native === undefined) throw new DistributedError(`${op}: the process group was destroyed (destroyProcessGroup)`);
    return this._native;
  }
}

let defaultGroup: ProcessGroup | undefined;
let initializing = false;

/** Whether this build of the addon has torch.distributed (it needs gloo's headers when compiled). */
export function isAvailable(): boolean {
  return native().distributedAvailable === true;
}

/** Python's is_gloo_available: the same as isAvailable() here (gloo is the one backend). */
export const isGlooAvailable = isAvailable;

/** The addon, or an error that says which package to install. */
export function distributedNative(op: string): NativeAddon {
  const addon = native();
  if (!addon.distributedAvailable) {
    throw new DistributedError(
      `${op}: torch.distributed is not in this build of typed-torch's addon: gloo's headers were missing when it was compiled. ` +
        'On Debian: `apt install libgloo-dev`, then rebuild the addon: `npx typed-torch build --force` ' +
        '(in a checkout of typed-torch: `node scripts/setup.mjs --rebuild-native`).',
    );
  }
  return addon;
}

/** Whether initProcessGroup has made the default group (and destroyProcessGroup has not yet ended it). */
export function isInitialized(): boolean {
  return defaultGroup !== undefined;
}

/** The default group, or the given one; a clear error when there is none. */
export function groupOf(op: string, group?: ProcessGroup): ProcessGroup {
  const g = group ?? defaultGroup;
  if (g === undefined) {
    throw new DistributedError(`${op}: the default process group is not initialized; call \`await distributed.initProcessGroup(...)\` first`);
  }
  return g;
}

/** This process's rank in the group (default: the default group). */
export function getRank(group?: ProcessGroup): number {
  return groupOf('getRank', group).rank;
}

/** How many ranks the group has (default: the default group). */
export function getWorldSize(group?: ProcessGroup): number {
  return groupOf('getWorldSize', group).size;
}

/** The group's backend name. */
export function getBackend(group?: ProcessGroup): Backend {
  return groupOf('getBackend', group).backend;
}

interface Rendezvous {
  store: 'tcp' | 'file';
  host?: string;
  port?: number;
  path?: string;
  rank: number;
  worldSize: number;
  address: string;
}

function integer(name: string, value: unknown, source: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new DistributedError(`initProcessGroup: ${name} must be an integer, got ${JSON.stringify(value)} (from ${source})`);
  }
  return n;
}

/** Reads initMethod (and the environment for env://) as Python's rendezvous handlers do. */
export function parseInitMethod(initMethod: string, rank: number | undefined, worldSize: number | undefined, env: NodeJS.ProcessEnv = process.env): Rendezvous {
  let url: URL;
  try {
    url = new URL(initMethod);
  } catch {
    throw new DistributedError(`initProcessGroup: initMethod '${initMethod}' is not a URL; use 'env://', 'tcp://HOST:PORT' or 'file:///PATH'`);
  }
  const query = url.searchParams;
  const pick = (name: string, given: number | undefined, key: string, envName?: string): number => {
    if (given !== undefined) return integer(name, given, 'the options');
    if (query.has(key)) return integer(name, query.get(key), `${initMethod}`);
    if (envName !== undefined && env[envName] !== undefined && env[envName] !== '') return integer(name, env[envName], `$${envName}`);
    throw new DistributedError(
      `initProcessGroup: ${name} is not given: pass { ${name} }${envName ? ` or set ${envName} (typed-torch run sets it)` : ` or add ?${key}= to the URL`}`,
    );
  };
  let r: Rendezvous;
  switch (url.protocol) {
    case 'env:': {
      const rk = pick('rank', rank, 'rank', 'RANK');
      const ws = pick('worldSize', worldSize, 'world_size', 'WORLD_SIZE');
      const host = env.MASTER_ADDR;
      if (!host) throw new DistributedError('initProcessGroup: env:// needs MASTER_ADDR (the address of rank 0), which is not set');
      const portText = env.MASTER_PORT;
      if (!portText) throw new DistributedError('initProcessGroup: env:// needs MASTER_PORT (the port rank 0 listens on), which is not set');
      const port = integer('MASTER_PORT', portText, '$MASTER_PORT');
      r = { store: 'tcp', host, port, rank: rk, worldSize: ws, address: `${host}:${port}` };
      break;
    }
    case 'tcp:': {
      if (!url.port) throw new DistributedError(`initProcessGroup: ${initMethod} has no port (tcp://HOST:PORT)`);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const port = Number(url.port);
      r = { store: 'tcp', host, port, rank: pick('rank', rank, 'rank'), worldSize: pick('worldSize', worldSize, 'world_size'), address: `${host}:${port}` };
      break;
    }
    case 'file:': {
      const path = decodeURIComponent(url.pathname);
      if (!path || path === '/') throw new DistributedError(`initProcessGroup: ${initMethod} has no path (file:///PATH)`);
      r = { store: 'file', path, rank: pick('rank', rank, 'rank'), worldSize: pick('worldSize', worldSize, 'world_size'), address: path };
      break;
    }
    default:
      throw new DistributedError(`initProcessGroup: unsupported initMethod '${initMethod}'; use 'env://', 'tcp://HOST:PORT' or 'file:///PATH'`);
  }
  if (r.worldSize < 1) throw new DistributedError(`initProcessGroup: worldSize must be at least 1, got ${r.worldSize}`);
  if (r.rank < 0 || r.rank >= r.worldSize) {
    throw new DistributedError(`initProcessGroup: rank ${r.rank} is out of range for worldSize ${r.worldSize} (ranks are 0 .. ${r.worldSize - 1})`);
  }
  if (r.port !== undefined && !(r.port >= 1 && r.port <= 65535)) {
    throw new DistributedError(`initProcessGroup: port ${r.port} is out of range (1 .. 65535)`);
  }
  return r;
}

/**
 * Joins the default process group (Python's init_process_group): resolves
 * once every rank has joined. The rendezvous and gloo's connections are made
 * off the event loop, so timers and servers keep running while it waits.
 */
export async function initProcessGroup(options: InitProcessGroupOptions = {}): Promise<ProcessGroup> {
  const backend = options.backend ?? 'gloo';
  if (backend !== 'gloo') {
    const why = (backend as string) === 'nccl' ? 'NCCL needs CUDA, which Debian\'s libtorch is built without' : `'${backend}' is not a backend of this build`;
    throw new DistributedError(`initProcessGroup: backend '${backend}' is not available (${why}); use 'gloo'`);
  }
  if (defaultGroup !== undefined || initializing) {
    throw new DistributedError('initProcessGroup: the default process group is already initialized; call destroyProcessGroup() first to make a new one');
  }
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new DistributedError(`initProcessGroup: timeout must be a positive number of milliseconds, got ${timeoutMs}`);
  const initMethod = options.initMethod ?? 'env://';
  const r = parseInitMethod(initMethod, options.rank, options.worldSize);
  const addon = distributedNative('initProcessGroup');
  initializing = true;
  watchExit(addon);
  try {
    const handle = await addon.distInit({ store: r.store, host: r.host, port: r.port, path: r.path, rank: r.rank, worldSize: r.worldSize, timeoutMs: Math.round(timeoutMs) });
    const shown = r.store === 'tcp' ? `tcp://${r.address}` : `file://${r.path}`;
    defaultGroup = new ProcessGroup(handle, r.rank, r.worldSize, timeoutMs, shown);
    return defaultGroup;
  } catch (e) {
    throw explain(e, { op: 'initProcessGroup', rank: r.rank, worldSize: r.worldSize, timeoutMs, address: r.address });
  } finally {
    initializing = false;
  }
}

let exitWatched = false;

/**
 * At exit, a group's threads may be waiting on a rank that is stuck; waiting
 * for them would keep a failing rank from exiting. The OS frees them instead.
 */
function watchExit(addon: NativeAddon): void {
  if (exitWatched) return;
  exitWatched = true;
  process.once('exit', () => addon.distExiting());
}

/** Leaves the group (default: the default group) and frees its connections and store. */
export function destroyProcessGroup(group?: ProcessGroup): void {
  const g = groupOf('destroyProcessGroup', group);
  if (g._native !== undefined) native().distDestroy(g._native);
  g._native = undefined;
  if (g === defaultGroup) defaultGroup = undefined;
}
