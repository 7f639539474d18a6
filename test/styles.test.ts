// docs/functional.md's three styles of one training (examples/styles/): they
// end with the same parameters, the document quotes their code and counts
// their lines as they are, and each run-time behaviour its table claims
// happens as it says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { BATCH_SIZE, LR, MOMENTUM, WEIGHT_DECAY, network, type Images, type Labels } from '../examples/styles/model.ts';
import { trainImperative } from '../examples/styles/imperative.ts';
import { initialState, stepOf, trainFunctional } from '../examples/styles/functional.ts';
import { trainPipeline } from '../examples/styles/pipeline.ts';
import { codeLines, largestDifference } from '../examples/styles/compare.ts';

/** The largest absolute difference between two tensors. */
const gap = (a: torch.Tensor, b: torch.Tensor) => torch.scope(() => a.sub(b).abs().max().item() as number);
const doc = readFileSync(new URL('../docs/functional.md', import.meta.url), 'utf8');
const STEPS = 25;

describe('the styles of docs/functional.md', () => {
  it('end with the same parameters, bit for bit, and the comparison tells another decay rule apart', async () => {
    const train = torch.data.fashionMnist();
    const reference = torch.func.tensorsOf(await trainImperative(STEPS, 1, train));
    const functional = await trainFunctional(STEPS, 1, train);
    const piped = await trainPipeline(STEPS, 1, train);
    expect(largestDifference(functional.params, reference)).toBe(0);
    expect(largestDifference(piped.params, reference)).toBe(0);
    // The same run, but decaying the biases too (one group): it must end elsewhere.
    torch.manualSeed(1);
    const net = network();
    const opt = new torch.optim.SGD(net.parameters(), { lr: LR, momentum: MOMENTUM, weightDecay: WEIGHT_DECAY });
    let step = 0;
    for await (const { images, labels } of new torch.data.DataLoader(train, { batchSize: BATCH_SIZE, shuffle: true })) {
      if (step++ === STEPS) break;
      torch.scope(() => {
        opt.zeroGrad();
        torch.nn.functional.crossEntropy(net.forward(images.to('float32').div(255).sub(0.286).div(0.353)), labels).backward();
        opt.step();
      });
    }
    expect(largestDifference(torch.func.tensorsOf(net), reference)).toBeGreaterThan(1e-6);
  });

  it('are quoted and counted in the document as the files have them', () => {
    const blocks = [...doc.matchAll(/```ts\n\/\/ (examples\/styles\/[a-z]+\.ts)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const [, file, code] of blocks) {
      expect(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), file).toContain(code);
    }
    for (const style of ['imperative', 'functional', 'pipeline']) {
      const lines = codeLines(`./${style}.ts`);
      expect(doc, style).toMatch(new RegExp(`\\n  ${style} +${lines} lines `));
    }
  });
});

describe('what the document says happens at run time', () => {
  const x = () => torch.randn([4, 1, 28, 28]) as unknown as Images;
  const y = (n: number) => torch.tensor(Array.from({ length: n }, (_, i) => i), { dtype: 'int64' }) as unknown as Labels;

  it('imperative: a misspelt name gives an empty parameter group, which SGD accepts; gradients accumulate until zeroed', () => {
    torch.scope(() => {
      const net = network();
      const named = net.namedParameters();
      const misspelt = named.filter(([name]) => name.endsWith('.wieght')).map(([, p]) => p);
      expect(misspelt).toEqual([]);
      const opt = new torch.optim.SGD([{ params: misspelt, weightDecay: WEIGHT_DECAY }, { params: named.map(([, p]) => p) }], { lr: LR });
      expect(opt.groups[0]!.params).toEqual([]);
      const input = x();
      const labels = y(4);
      torch.nn.functional.crossEntropy(net.forward(input), labels).backward();
      const once = net.at(3).weight.grad!.clone();
      torch.nn.functional.crossEntropy(net.forward(input), labels).backward();
      expect(gap(net.at(3).weight.grad!, once.mul(2))).toBeLessThan(1e-7);
    });
  });

  it('imperative: a replacement of the wrong shape is refused by loadStateDict, which also takes a functional record back', async () => {
    const net = network();
    const params = torch.func.tensorsOf(net);
    expect(() => net.loadStateDict({ ...params, '1.weight': torch.zeros([784, 128]) } as never)).toThrow(
      "loadStateDict: 1 problem:\n  '1.weight' has shape [784, 128], the module expects [128, 784]",
    );
    const trained = await trainFunctional(3, 2);
    net.loadStateDict(trained.params);
    const input = x();
    expect(gap(net.forward(input), torch.func.functionalCall(trained.net, trained.params, input))).toBe(0);
    expect(() => net.loadStateDict([] as never)).toThrow('loadStateDict: expected a Map or a record of tensors by name, got an array');
    expect(() => net.loadStateDict({ '1.weight': 3 } as never)).toThrow("loadStateDict: '1.weight' is not a tensor");
  });

  it('every style: labels of another batch are an error naming both sizes', () => {
    const net = network();
    expect(() => torch.nn.functional.crossEntropy(net.forward(x()), y(3))).toThrow('Expected input batch_size (4) to match target batch_size (3).');
    const loss = () => torch.nn.functional.crossEntropy(torch.func.functionalCall(net, torch.func.tensorsOf(net), x()), y(3));
    expect(loss).toThrow('Expected input batch_size (4) to match target batch_size (3).');
  });

  it('functional: a state read after the step freed it is an error naming the disposed argument', () => {
    const net = network();
    const before = initialState(net);
    const after = stepOf(net)(before, x(), y(4));
    expect(() => torch.func.functionalCall(net, before.params, x())).toThrow("aten::linear: argument 'weight' is a disposed tensor");
    expect(torch.func.functionalCall(net, after.params, x()).shape).toEqual([4, 10]);
    for (const t of torch.func.leaves(after)) t.dispose();
  });
});
