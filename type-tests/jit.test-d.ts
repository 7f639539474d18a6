// A TorchScript module typed by the interface `typed-torch jit-types` wrote
// for it (fixtures/branchy.d.ts; test/jit.test.ts checks that the command
// still writes exactly this): calls are checked, results are typed.
import { expectError, expectType } from 'tsd';
import * as torch from 'typed-torch';
import type { Branchy } from './fixtures/branchy.d.ts';

declare const x: torch.Tensor<['B', 4], 'float32', 'cpu'>;
const m = torch.jit.load<Branchy>('branchy.pt').eval();
expectType<torch.Tensor<['B', 3]>>(m.forward(x));
expectType<torch.Tensor<['B', 3]>>(m.forward(x, 3));
expectType<[Record<string, torch.Tensor>, number | bigint]>(m.stats(x, ['mean', 'std']));
expectError(m.forward('x'));
expectError(m.forward(torch.zeros([2, 5])));
expectError(m.forward(x, 'three'));
expectError(m.stats(x, [1, 2]));
expectError(m.encode(x));
// Without an interface, calls go by name, untyped.
expectType<unknown>(torch.jit.load('other.pt').call('encode', x));
