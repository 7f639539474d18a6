// Loads the N-API addon once, lazily: libtorch takes ~1 s to load, and a
// program that only type-checks or imports types should not pay for it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TorchError } from './errors.ts';
import { PACKAGE_ROOT } from './package-root.ts';

/** Argument description of an operator schema, as the addon reports it. */
export interface NativeArgInfo {
  name: string;
  type: string;
  kind: string;
  optional: boolean;
  n: number;
  hasDefault: boolean;
  kwargOnly: boolean;
}

export interface NativeRetInfo {
  name: string;
  type: string;
  kind: string;
  writeArg: number;
}

export interface NativeOpInfo {
  id: number;
  name: string;
  schema: string;
  args: NativeArgInfo[];
  returns: NativeRetInfo[];
  unsupported?: string;
  /** The C++ signature the addon calls it through, unboxed (the commonest schema shapes); absent: boxed. */
  unboxed?: string;
}

/** The addon's functions. Tensors cross the boundary as numeric handles. */
export interface NativeAddon {
  init(errorClass: typeof TorchError): void;
  lookupOp(name: string, overload: string): NativeOpInfo;
  callOp(id: number, ...args: unknown[]): unknown;
  /** Puts tensors in the process-wide hand-off registry for another JS thread; returns its token. */
  sendTensors(handles: readonly number[]): number;
  /** Takes the tensors sent under a token into this thread's table (new handles, in order). */
  receiveTensors(token: number): number[];
  /** Frees tensors sent under a token that will not be received. */
  dropParcel(token: number): void;
  listOps(): string[];
  fromBuffer(data: ArrayBufferView, shape: readonly number[], dtype: string): number;
  toBuffer(h: number, raw?: boolean): ArrayBuffer;
  item(h: number, asBigInt?: boolean): number | boolean | bigint;
  shape(h: number): number[];
  strides(h: number): number[];
  dtype(h: number): string;
  layout(h: number): string;
  device(h: number): string;
  numel(h: number): number;
  requiresGrad(h: number): boolean;
  setRequiresGrad(h: number, flag: boolean): void;
  isLeaf(h: number): boolean;
  gradFnName(h: number): string | null;
  grad(h: number, cached: number | null): number | null;
  setGrad(h: number, g: number | null): void;
  retainGrad(h: number): void;
  registerHook(h: number, fn: (grad: number) => number | null): number;
  removeHook(h: number, id: number): void;
  release(h: number): boolean;
  isLive(h: number): boolean;
  storageBytes(h: number): number;
  memory(): { tensors: number; bytes: number };
  /** The shared release queue: slot 0 is the count, slots 1.. the handles to free. */
  releaseQueue(): Float64Array;
  /** Frees the queued handles now. */
  flushReleases(): void;
  backward(
    tensors: number[],
    grads: (number | null)[] | null,
    retainGraph: boolean | undefined,
    createGraph: boolean,
    inputs: number[] | null,
  ): void;
  autogradGrad(
    outputs: number[],
    inputs: number[],
    gradOutputs: (number | null)[] | null,
    retainGraph: boolean | undefined,
    createGraph: boolean,
    allowUnused: boolean,
  ): (number | null)[];
  setGradEnabled(flag: boolean): boolean;
  isGradEnabled(): boolean;
  enterInferenceMode(enabled: boolean): number;
  exitInferenceMode(): void;
  isInferenceMode(): boolean;
  /** A new CPU generator (default seed when none is given); returns its id. */
  newGenerator(seed?: number | bigint): number;
  releaseGenerator(id: number): void;
  generatorManualSeed(id: number, seed: number | bigint): void;
  generatorInitialSeed(id: number): bigint;
  generatorSeed(id: number): bigint;
  /** The generator's state as a new uint8 tensor handle. */
  generatorGetState(id: number): number;
  generatorSetState(id: number, state: number): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  // functorch's machinery (native/src/functorch.cpp), for torch.func.
  pushLayer(kind: 'grad' | 'jvp' | 'vmap', batchSize?: number, randomness?: string): number;
  popLayer(kind: 'grad' | 'jvp' | 'vmap', level: number): void;
  layerDepth(): number;
  wrapForGrad(h: number, level: number): number;
  unwrapForGrad(h: number, level: number): number;
  unwrapIfDead(h: number): number;
  addBatchDim(h: number, dim: number, level: number): number;
  removeBatchDim(h: number, level: number, batchSize: number, outDim: number): number;
  enterDualLevel(): number;
  exitDualLevel(level: number): void;
  setFwdGradEnabled(flag: boolean): boolean;
  setInplaceRequiresGradAllowed(flag: boolean): boolean;
  // TorchScript modules (native/src/jit.cpp), for torch.jit. Tensors cross as { __tensorHandle }.
  jitLoad(bytes: Buffer, device: string | null): NativeScriptModule;
  jitMethods(m: NativeScriptModule): NativeMethodInfo[];
  jitCall(m: NativeScriptModule, name: string, args: unknown[], kwargs: Record<string, unknown>): unknown;
  jitNamedTensors(m: NativeScriptModule, kind: 'parameters' | 'buffers'): [string, { __tensorHandle: number }][];
  jitTrain(m: NativeScriptModule, mode?: boolean): boolean;
  jitSave(m: NativeScriptModule, path: string): void;
  jitDispose(m: NativeScriptModule): void;
  // The profiler's collector (native/src/profiler.cpp): RecordFunction events, times in µs on the steady clock.
  profilerStart(recordShapes: boolean): number;
  profilerStop(): { events: [name: string, startUs: number, endUs: number, thread: number, scope: number, shapes: number[][] | null][]; nowUs: number };
  // c10d (native/src/distributed.cpp), for torch.distributed; the dist* functions exist only where it is true.
  distributedAvailable: boolean;
  distInit(options: { store: 'tcp' | 'file'; host?: string; port?: number; path?: string; rank: number; worldSize: number; timeoutMs: number }): Promise<NativeProcessGroup>;
  distDestroy(g: NativeProcessGroup): void;
  /** The process is exiting: leave groups to the OS rather than wait for their threads. */
  distExiting(): void;
  distAllReduce(g: NativeProcessGroup, tensors: number[], op: string, async: boolean): Promise<void> | undefined;
  distReduce(g: NativeProcessGroup, tensors: number[], dst: number, op: string, async: boolean): Promise<void> | undefined;
  distBroadcast(g: NativeProcessGroup, tensors: number[], src: number, async: boolean): Promise<void> | undefined;
  distAllGather(g: NativeProcessGroup, outputs: number[], input: number, async: boolean): Promise<void> | undefined;
  distGather(g: NativeProcessGroup, outputs: number[], input: number, dst: number, async: boolean): Promise<void> | undefined;
  distScatter(g: NativeProcessGroup, output: number, inputs: number[], src: number, async: boolean): Promise<void> | undefined;
  distBarrier(g: NativeProcessGroup, async: boolean): Promise<void> | undefined;
  distSend(g: NativeProcessGroup, tensor: number, dst: number, tag: number, async: boolean): Promise<void> | undefined;
  distRecv(g: NativeProcessGroup, tensor: number, src: number, tag: number, async: boolean): Promise<void> | undefined;
  distBroadcastCoalesced(g: NativeProcessGroup, tensors: number[], bufferBytes: number, src: number): void;
  distVerifyParams(g: NativeProcessGroup, params: number[]): void;
  distReducer(g: NativeProcessGroup, params: number[], bucketCapBytes: number, findUnusedParameters: boolean, gradientAsBucketView: boolean): NativeReducer;
  distReducerStep(r: NativeReducer, phase: 'forward'): boolean;
  distReducerStep(r: NativeReducer, phase: 'backward', outputs: number[]): void;
  distReducerStep(r: NativeReducer, phase: 'release'): void;
}

/** A c10d process group (ProcessGroupGloo and its store), opaque to JS. */
export type NativeProcessGroup = { readonly __nativeProcessGroup: unique symbol };
/** A c10d Reducer (DistributedDataParallel's gradient bucketing), opaque to JS. */
export type NativeReducer = { readonly __nativeReducer: unique symbol };

/** A loaded TorchScript module, opaque to JS (an N-API External). */
export type NativeScriptModule = { readonly __nativeScriptModule: unique symbol };

/** A TorchScript method's schema: its text, and its arguments after self and its returns as TorchScript annotations. */
export interface NativeMethodInfo {
  name: string;
  schema: string;
  arguments: { name: string; type: string; hasDefault: boolean }[];
  returns: string[];
}

/** Where the install script (or `npm run setup` in a checkout) puts the addon. */
export const addonPath = resolve(PACKAGE_ROOT, 'build/Release/typed_torch.node');

let addon: NativeAddon | undefined;

function notBuilt(): Error {
  // A checkout of the repository has the generator; an installed package does not.
  const checkout = existsSync(resolve(PACKAGE_ROOT, 'gen'));
  const how = checkout
    ? 'run `npm run setup`'
    : 'its install script did not run: npm runs a dependency\'s install script only when the project allows it. ' +
      'Allow it and build:\n  npm pkg set allowScripts.typed-torch=true --json && npm rebuild typed-torch\n' +
      'or build it once by hand:\n  npx typed-torch build';
  return new Error(`typed-torch: the native addon is not built (${addonPath} is missing); ${how}`);
}

export function native(): NativeAddon {
  if (addon) return addon;
  if (!existsSync(addonPath)) throw notBuilt();
  const require = createRequire(import.meta.url);
  const loaded = require(addonPath) as NativeAddon;
  loaded.init(TorchError);
  addon = loaded;
  return loaded;
}
