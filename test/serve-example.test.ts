// examples/serve: a CNN saved here, traced by Python (trace_cnn.py) and
// served from node answers as the typed model with the same weights does,
// batches concurrent requests into shared forward calls, and refuses bad
// requests with their status and reason.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { cnn } from '../examples/fashion-mnist.ts';
import { serve, type Prediction } from '../examples/serve/server.ts';
import { PYTHON } from './helpers/python.ts';

describe('examples/serve', () => {
  it('answers as the typed model does, in batches, and refuses bad requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-serve-'));
    torch.manualSeed(3);
    const model = cnn();
    torch.save(model.stateDict(), join(dir, 'cnn.pt'));
    execFileSync(PYTHON, [new URL('../examples/serve/trace_cnn.py', import.meta.url).pathname, join(dir, 'cnn.pt'), join(dir, 'traced.pt')]);
    const server = await serve(join(dir, 'traced.pt'), { maxBatch: 8, waitMs: 5 });
    try {
      const test = torch.data.fashionMnist({ split: 'test' });
      const n = 24;
      const pixels = test.tensors.images.narrow(0, 0, n).reshape([n, 784]).toArray() as number[][];
      const post = (body: string) => fetch(`${server.url}/predict`, { method: 'POST', body });
      const answers = await Promise.all(pixels.map(async (p) => (await (await post(JSON.stringify({ pixels: p }))).json()) as Prediction));
      // The typed model, same weights, eval mode, the same normalisation.
      model.eval();
      const expected = torch.noGrad(() => (model.forward(test.tensors.images.narrow(0, 0, n).to('float32').div(255).sub(0.286).div(0.353) as never) as torch.Tensor).exp().toArray() as number[][]);
      answers.forEach((a, i) => {
        a.probabilities.forEach((p, k) => expect(p).toBeCloseTo(expected[i]![k]!, 5));
        expect(a.class).toBe(expected[i]!.indexOf(Math.max(...expected[i]!)));
        expect(a.name).toBe(torch.data.FASHION_MNIST_CLASSES[a.class]);
      });
      // 24 concurrent requests in batches of at most 8: at least 3 forward calls, fewer than one per request.
      expect(server.stats.requests).toBe(n);
      expect(server.stats.batches).toBeGreaterThanOrEqual(3);
      expect(server.stats.batches).toBeLessThan(n);
      const refused = async (res: Promise<Response>) => {
        const r = await res;
        return [r.status, ((await r.json()) as { error: string }).error];
      };
      expect(await refused(post('{"pixels": [1, 2]}'))).toEqual([400, 'expected {"pixels": [...]} with 784 numbers in [0, 255] (a 28x28 image, row by row)']);
      expect(await refused(post('pixels'))).toEqual([400, 'the body is not JSON']);
      expect(await refused(post(JSON.stringify({ pixels: Array(784).fill(300) })))).toEqual([400, 'expected {"pixels": [...]} with 784 numbers in [0, 255] (a 28x28 image, row by row)']);
      expect(await refused(fetch(`${server.url}/predict`))).toEqual([405, 'POST a JSON body to /predict']);
      expect(await refused(fetch(`${server.url}/other`))).toEqual([404, 'no /other; POST /predict or GET /health']);
      expect((await refused(post('x'.repeat(70000))))[0]).toBe(413);
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ ok: true, requests: n, batches: server.stats.batches });
    } finally {
      await server.close();
    }
  }, 60000);
});
