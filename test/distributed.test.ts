// torch.distributed on c10d/gloo: collectives against hand-computed values
// (two ranks started by `typed-torch run`), a node rank and a Python rank
// in one group, DistributedDataParallel against one-process training and a
// plain model, DistributedSampler against Python's, and the faults: a rank
// that dies or stalls, a launcher whose rank fails, a port in use, wrong
// world sizes. Everything runs on loopback with short timeouts, and every
// process a test starts is stopped.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { native } from '../src/core/native.ts';
import { parseRun } from '../src/cli/run.ts';
import { PYTHON, py } from './helpers/python.ts';
import { TSX, alive, freePort, killStarted, results, runProcess } from './helpers/processes.ts';

const dist = torch.distributed;
const fixture = (name: string) => `test/fixtures/distributed/${name}`;
/** `typed-torch run` from the sources. */
const launch = (args: string[], env: NodeJS.ProcessEnv = {}, deadlineMs = 60_000) =>
  runProcess(process.execPath, [...TSX, 'scripts/cli.ts', 'run', ...args], { env, deadlineMs });
const rankEnv = (rank: number, worldSize: number, port: number, extra: NodeJS.ProcessEnv = {}) => ({
  RANK: String(rank), WORLD_SIZE: String(worldSize), MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), ...extra,
});

afterEach(killStarted);

describe('collectives on two ranks started by typed-torch run', () => {
  it('give the hand-computed results, and the async forms leave the event loop running', async () => {
    const port = await freePort();
    const r = await launch(['--nproc', '2', '--master-port', String(port), fixture('collectives.ts')]);
    expect(r.code, r.stderr).toBe(0);
    // The launcher prefixes every line with its rank.
    expect(r.stdout.split('\n').filter(Boolean).every((l) => /^\[rank [01]\] /.test(l))).toBe(true);
    const out = results<Record<string, unknown>>(r.stdout).sort((a, b) => (a.rank as number) - (b.rank as number));
    expect(out.map((o) => o.rank)).toEqual([0, 1]);
    for (const o of out) {
      expect(o.size).toBe(2);
      expect(o.sum).toEqual([3, 6, 9]);
      expect(o.product).toEqual([2, 8, 18]);
      expect(o.min).toEqual([1, 2, 3]);
      expect(o.max).toEqual([2, 4, 6]);
      expect(o.avg).toEqual([1.5, 3, 4.5]);
      expect(o.bor).toEqual([3, 4]);
      expect(o.broadcast).toEqual([7, 8]);
      expect(o.allGather).toEqual([[0, 10], [1, 11]]);
      expect(o.asyncSum).toBe(3);
      expect(o.asyncBroadcast).toBe(9);
      expect(o.barrier).toBe(true);
    }
    expect(out[0]!.gather).toEqual([[0], [5]]);
    expect(out[1]!.gather).toBeNull();
    expect(out[0]!.scatter).toEqual([1, 1]);
    expect(out[1]!.scatter).toEqual([2, 2]);
    expect(out[1]!.reduce).toBe(3);
    // inputs: rank 0 [[0, 0], [0, 0]], rank 1 [[1, 1], [10, 10]]: summed, rank r keeps row r.
    expect(out[0]!.reduceScatter).toEqual([1, 1]);
    expect(out[1]!.reduceScatter).toEqual([10, 10]);
    expect(out[1]!.recv).toEqual([42, 43]);
    // Rank 1 joined the async allreduce 400 ms late; rank 0's 20 ms timer kept firing meanwhile.
    expect(out[0]!.ticksWhileWaiting as number).toBeGreaterThanOrEqual(5);
  }, 90_000);
});

describe('a node rank and a Python rank in one process group', () => {
  it.each([
    ['node is rank 0', 'node', 'python'],
    ['Python is rank 0', 'python', 'node'],
  ])('allreduce, broadcast and allgather together (%s)', async (_, first, second) => {
    const port = await freePort();
    const start = (who: string, rank: number) =>
      who === 'node'
        ? runProcess(process.execPath, [...TSX, fixture('node_rank.ts'), String(port), String(rank)], { deadlineMs: 60_000 })
        : runProcess(PYTHON, [fixture('python_rank.py'), String(port), String(rank)], { deadlineMs: 60_000 });
    const finished = await Promise.all([start(first, 0), start(second, 1)]);
    for (const f of finished) expect(f.code, f.stderr).toBe(0);
    const out = finished.map((f) => results<Record<string, unknown>>(f.stdout)[0]!);
    expect(out.map((o) => o.rank)).toEqual([0, 1]);
    for (const o of out) {
      expect(o.sum).toEqual([3, 6, 9]);
      expect(o.max).toEqual([1]);
      expect(o.broadcast).toEqual([5, 6]);
      expect(o.allGather).toEqual([[0, 10], [1, 11]]);
    }
  }, 90_000);
});

/** The largest absolute difference between two state dicts saved by examples/distributed.ts. */
function maxDifference(a: string, b: string): number {
  const x = torch.load(a) as Map<string, torch.Tensor>;
  const y = torch.load(b) as Map<string, torch.Tensor>;
  expect([...x.keys()]).toEqual([...y.keys()]);
  return Math.max(...[...x].map(([k, t]) => t.sub(y.get(k)!).abs().max().item() as number));
}

describe('DistributedDataParallel', () => {
  it('trains the Fashion-MNIST MLP on 2 ranks at batch 32 to the parameters of one process at batch 64 (50 steps), and the CNN likewise (short run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-ddp-'));
    for (const [model, steps, extra] of [['mlp', '50', []], ['cnn', '4', ['--no-dropout']]] as const) {
      const save = join(dir, model);
      const args = ['examples/distributed.ts', '--model', model, '--steps', steps, '--batch', '64', '--save', save, ...extra];
      const port = await freePort();
      const ranks = await launch(['--nproc', '2', '--master-port', String(port), ...args], {}, 120_000);
      expect(ranks.code, ranks.stderr).toBe(0);
      const plain = await runProcess(process.execPath, [...TSX, ...args, '--plain'], { deadlineMs: 120_000 });
      expect(plain.code, plain.stderr).toBe(0);
      // The replicas are equal to each other exactly (same averaged gradients, same steps) ...
      expect(maxDifference(`${save}.rank0.pt`, `${save}.rank1.pt`)).toBe(0);
      // ... and to the one-process run up to the rounding of two half-batch means against one mean.
      expect(maxDifference(`${save}.rank0.pt`, `${save}.plain.pt`)).toBeLessThan(1e-5);
    }
  }, 300_000);

  it('copies rank 0\'s weights at construction, keeps gradients local under noSync and averages the accumulated sum after', async () => {
    const port = await freePort();
    const r = await launch(['--nproc', '2', '--master-port', String(port), fixture('no-sync.ts')]);
    expect(r.code, r.stderr).toBe(0);
    type Out = { rank: number; startWeight: number[][]; noSyncGrad: number[][]; plainGrad1: number[][]; syncedGrad: number[][]; expected: number[][]; stateKeys: string[] };
    const [a, b] = results<Out>(r.stdout).sort((x, y) => x.rank - y.rank) as [Out, Out];
    expect(a.startWeight).toEqual(b.startWeight);
    for (const o of [a, b]) {
      expect(o.noSyncGrad).toEqual(o.plainGrad1);
      o.syncedGrad.flat().forEach((g, i) => expect(g).toBeCloseTo(o.expected.flat()[i]!, 5));
      expect(o.stateKeys).toEqual(['module.weight', 'module.bias']);
    }
    expect(a.noSyncGrad).not.toEqual(b.noSyncGrad);
    expect(a.syncedGrad).toEqual(b.syncedGrad);
  }, 90_000);
});

describe('DistributedSampler', () => {
  it("gives each rank the indices Python's DistributedSampler gives it", () => {
    const cases = [
      { n: 10, replicas: 3, shuffle: true, seed: 5, dropLast: false, epoch: 0 },
      { n: 10, replicas: 3, shuffle: true, seed: 5, dropLast: false, epoch: 1 },
      { n: 10, replicas: 3, shuffle: false, seed: 0, dropLast: true, epoch: 0 },
      { n: 11, replicas: 4, shuffle: true, seed: 2, dropLast: true, epoch: 3 },
      { n: 2, replicas: 5, shuffle: false, seed: 0, dropLast: false, epoch: 0 },
    ];
    const expected = py<number[][][]>(`
from torch.utils.data import DistributedSampler
out = []
for c in ${JSON.stringify(cases).replace(/true/g, 'True').replace(/false/g, 'False')}:
    ranks = []
    for r in range(c['replicas']):
        s = DistributedSampler(range(c['n']), num_replicas=c['replicas'], rank=r, shuffle=c['shuffle'], seed=c['seed'], drop_last=c['dropLast'])
        s.set_epoch(c['epoch'])
        ranks.append(list(s))
    out.append(ranks)
`);
    cases.forEach((c, k) => {
      const got = Array.from({ length: c.replicas }, (_, rank) => {
        const s = new dist.DistributedSampler({ length: c.n }, { numReplicas: c.replicas, rank, shuffle: c.shuffle, seed: c.seed, dropLast: c.dropLast });
        s.setEpoch(c.epoch);
        expect(s.indices().length).toBe(s.length);
        return s.indices();
      });
      expect(got).toEqual(expected[k]);
    });
  });

  it('drives a DataLoader: batches of its indices, its length', async () => {
    const ds = new torch.data.TensorDataset({ x: torch.arange(10) });
    const sampler = new dist.DistributedSampler(ds, { numReplicas: 2, rank: 1, shuffle: false });
    const loader = new torch.data.DataLoader(ds, { batchSize: 2, sampler });
    expect(loader.length).toBe(3);
    const seen: number[][] = [];
    for await (const { x } of loader) seen.push(x.toArray() as number[]);
    expect(seen).toEqual([[1, 3], [5, 7], [9]]);
    expect(() => new torch.data.DataLoader(ds, { sampler, shuffle: true })).toThrow(/a sampler or shuffle, not both/);
    expect(() => new dist.DistributedSampler(ds)).toThrow(/give numReplicas and rank, or initialize the default process group first/);
    expect(() => new dist.DistributedSampler(ds, { numReplicas: 2, rank: 2 })).toThrow(/invalid rank 2, rank should be in the interval \[0, 1\]/);
  });
});

describe('faults end in clear errors, in time', () => {
  it('a rank that exits mid-training makes the other fail at once, naming what happened', async () => {
    const port = await freePort();
    const ranks = await Promise.all(
      [0, 1].map((rank) => runProcess(process.execPath, [...TSX, fixture('dies.ts')], { env: rankEnv(rank, 2, port, { FAULT: 'exit', TIMEOUT_MS: '20000' }), deadlineMs: 60_000 })),
    );
    expect(ranks[1]!.code).toBe(3);
    expect(ranks[0]!.code, ranks[0]!.stderr).toBe(2);
    const failure = JSON.parse(ranks[0]!.stdout.split('\n').find((l) => l.startsWith('{'))!) as { step: number; name: string; message: string };
    expect(failure).toEqual({
      step: 5,
      name: 'DistributedError',
      message: 'allReduce on rank 0 of 2: another rank closed its connection (it exited or crashed), so this process group cannot go on',
    });
    // Well before the 20 s timeout: the closed connection is seen as soon as it closes.
    expect(ranks[0]!.ms).toBeLessThan(15_000);
  }, 90_000);

  it('a rank that stops calling collectives makes the other time out with the timeout in the message', async () => {
    const port = await freePort();
    const [first, second] = [0, 1].map((rank) =>
      runProcess(process.execPath, [...TSX, fixture('dies.ts')], { env: rankEnv(rank, 2, port, { FAULT: 'stall', TIMEOUT_MS: '3000' }), deadlineMs: 60_000 }),
    );
    const r0 = await first!;
    killStarted(); // the stalled rank
    await second;
    expect(r0.code, r0.stderr).toBe(2);
    const failure = JSON.parse(r0.stdout.split('\n').find((l) => l.startsWith('{'))!) as { message: string };
    expect(failure.message).toMatch(/^allReduce on rank 0 of 2: timed out after 3 s waiting for the other ranks \(one may be stuck, have exited, or not be calling allReduce\)/);
    // It exits soon after its timeout, although the stalled rank still holds its connections.
    expect(r0.ms).toBeLessThan(25_000);
  }, 90_000);

  it('typed-torch run stops the other ranks when one fails and names it', async () => {
    const port = await freePort();
    const r = await launch(['--nproc', '2', '--master-port', String(port), fixture('dies.ts')], { FAULT: 'throw', TIMEOUT_MS: '20000' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[rank 1\] .*rank 1 fails on purpose/);
    expect(r.stderr).toMatch(/typed-torch run: rank 1 of 2 exited with code 1; the other ranks were stopped\n$/);
    // Rank 0 idled for a minute: it was stopped, not waited for.
    expect(r.ms).toBeLessThan(30_000);
    const pids = [...r.stdout.matchAll(/\[rank (\d)\] pid (\d+)/g)].map((m) => Number(m[2]));
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 90_000);

  it('ranks started with different world sizes, or a missing rank, fail with the reason', async () => {
    const port = await freePort();
    const mixed = await Promise.all(
      [[0, 2], [1, 3]].map(([rank, size]) => runProcess(process.execPath, [...TSX, fixture('init.ts')], { env: rankEnv(rank!, size!, port), deadlineMs: 60_000 })),
    );
    const messages = mixed.map((m) => results<{ ok: boolean; message: string }>(m.stdout)[0]!);
    expect(messages[0]).toMatchObject({ ok: false, message: 'initProcessGroup on rank 0 of 2: the ranks were started with different world sizes (this one has 2); give every rank the same WORLD_SIZE' });
    expect(messages[1]).toMatchObject({ ok: false, message: 'initProcessGroup on rank 1 of 3: the ranks were started with different world sizes (this one has 3); give every rank the same WORLD_SIZE' });
    const lonely = await runProcess(process.execPath, [...TSX, fixture('init.ts')], { env: rankEnv(1, 2, await freePort(), { TIMEOUT_MS: '2000' }), deadlineMs: 60_000 });
    const alone = results<{ ok: boolean; message: string; ms: number }>(lonely.stdout)[0]!;
    expect(alone.message).toMatch(/^initProcessGroup on rank 1 of 2: could not reach the rendezvous at 127\.0\.0\.1:\d+ within 2 s: is rank 0 running, at that address and port\?$/);
    expect(alone.ms).toBeLessThan(20_000);
  }, 90_000);

  it('a rendezvous port in use, a bad configuration or a missing group are refused by name', async () => {
    const server = createServer();
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)));
    try {
      await expect(dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeout: 5000 })).rejects.toThrow(
        `initProcessGroup on rank 0 of 1: the rendezvous port 127.0.0.1:${port} is already in use (another run, or a rank left over from one); choose another port (MASTER_PORT, or the port in tcp://)`,
      );
    } finally {
      server.close();
    }
    expect(dist.isInitialized()).toBe(false);
    await expect(dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29999', rank: 2, worldSize: 2 })).rejects.toThrow('initProcessGroup: rank 2 is out of range for worldSize 2 (ranks are 0 .. 1)');
    await expect(dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1', rank: 0, worldSize: 1 })).rejects.toThrow('initProcessGroup: tcp://127.0.0.1 has no port (tcp://HOST:PORT)');
    await expect(dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29999', worldSize: 1 })).rejects.toThrow('initProcessGroup: rank is not given: pass { rank } or add ?rank= to the URL');
    await expect(dist.initProcessGroup({ backend: 'nccl' as 'gloo' })).rejects.toThrow("initProcessGroup: backend 'nccl' is not available (NCCL needs CUDA, which Debian's libtorch is built without); use 'gloo'");
    const noMaster = { ...process.env, RANK: '0', WORLD_SIZE: '1', MASTER_ADDR: undefined };
    expect(() => dist.parseInitMethod('env://', undefined, undefined, noMaster)).toThrow('initProcessGroup: env:// needs MASTER_ADDR (the address of rank 0), which is not set');
    expect(() => dist.parseInitMethod('env://', undefined, undefined, {})).toThrow('initProcessGroup: rank is not given: pass { rank } or set RANK (typed-torch run sets it)');
    expect(dist.parseInitMethod('env://', undefined, undefined, { RANK: '1', WORLD_SIZE: '3', MASTER_ADDR: 'h', MASTER_PORT: '7' })).toMatchObject({ store: 'tcp', host: 'h', port: 7, rank: 1, worldSize: 3 });
    expect(() => dist.allReduce(torch.ones([2]))).toThrow('allReduce: the default process group is not initialized; call `await distributed.initProcessGroup(...)` first');
    expect(() => dist.getRank()).toThrow(/not initialized/);
  });

  it('collectives check their arguments on a one-rank group (file:// rendezvous)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-dist-'));
    const group = await dist.initProcessGroup({ initMethod: `file://${join(dir, 'store')}`, rank: 0, worldSize: 1, timeout: 10_000 });
    try {
      expect([dist.getRank(), dist.getWorldSize(), group.initMethod]).toEqual([0, 1, `file://${join(dir, 'store')}`]);
      // One rank: every reduction is the identity, avg divides by 1.
      expect(dist.allReduce(torch.tensor([1.5, -2]), { op: 'avg' }).toArray()).toEqual([1.5, -2]);
      await expect(dist.initProcessGroup({ initMethod: `file://${join(dir, 'other')}`, rank: 0, worldSize: 1 })).rejects.toThrow(/already initialized/);
      expect(() => dist.broadcast(torch.ones([2]), 1)).toThrow('broadcast: src 1 is not a rank of this group (0 .. 0)');
      expect(() => dist.allGather([torch.zeros([2]), torch.zeros([2])], torch.ones([2]))).toThrow('allGather: tensorList must hold one tensor per rank (1), got 2');
      expect(() => dist.allGather([torch.zeros([3])], torch.ones([2]))).toThrow('allGather: tensorList[0] is float32 [3], but the tensor is float32 [2]; they must match');
      expect(() => dist.allReduce(torch.ones([3, 4]).t())).toThrow(/allReduce: tensor is not contiguous/);
      expect(() => dist.allReduce(torch.ones([2], { device: 'meta' }))).toThrow("allReduce: tensor is on meta; gloo works on CPU tensors (move it with .to('cpu'))");
      expect(() => dist.allReduce(torch.ones([2], { dtype: 'int64' }), { op: 'avg' })).toThrow(/op 'avg' needs floating-point tensors/);
      expect(() => dist.allReduce(torch.ones([2]), { op: 'mean' as 'avg' })).toThrow(/unknown op 'mean'/);
      expect(() => dist.send(torch.ones([1]), 0)).toThrow('send: rank 0 cannot send to itself');
      expect(() => dist.gather(torch.ones([1]), undefined, 0)).toThrow('gather: rank 0 (dst) must pass a gatherList with one tensor per rank');
      const t = torch.ones([1]);
      t.dispose();
      expect(() => dist.allReduce(t)).toThrow('allReduce: tensor was disposed');
      expect(() => new dist.DistributedDataParallel(new torch.nn.Linear(2, 2).requiresGrad_(false))).toThrow(/no parameter that requires grad/);
    } finally {
      dist.destroyProcessGroup();
    }
    expect(dist.isInitialized()).toBe(false);
    expect(() => dist.barrier({ group })).toThrow('barrier: the process group was destroyed (destroyProcessGroup)');
  });

  it('without gloo in the build, says which package to install', async () => {
    const addon = native() as { distributedAvailable: boolean };
    addon.distributedAvailable = false;
    try {
      expect(dist.isAvailable()).toBe(false);
      await expect(dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29999', rank: 0, worldSize: 1 })).rejects.toThrow(
        /torch\.distributed is not in this build of typed-torch's addon: gloo's headers were missing when it was compiled\. On Debian: `apt install libgloo-dev`/,
      );
    } finally {
      addon.distributedAvailable = true;
    }
  });
});

describe('typed-torch run', () => {
  it('reads its options up to the script and leaves the rest to the script', () => {
    expect(parseRun(['--nproc', '4', '--master-port=1234', 'train.ts', '--nproc', '9'])).toEqual({ nproc: 4, masterAddr: '127.0.0.1', masterPort: 1234, script: 'train.ts', args: ['--nproc', '9'] });
    expect(parseRun(['--nproc_per_node=2', '--', 'x.js'])).toMatchObject({ nproc: 2, script: 'x.js', args: [] });
    expect(() => parseRun(['--nproc', '0', 'x.js'])).toThrow('--nproc must be a positive integer');
    expect(() => parseRun(['--gpus', '2', 'x.js'])).toThrow("unknown option --gpus (the script's own options go after the script)");
    expect(() => parseRun(['--nproc', '2'])).toThrow(/which script\?/);
  });
});
