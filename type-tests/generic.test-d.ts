// Generic user code: layers and functions written over type parameters.
// Where the dims are type parameters the rules give the best type they can
// (identical dims agree; a product of unknowns is unknown) and never a
// false error; where the caller's dims are concrete, the checks apply.
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type F32<S extends torch.Shape> = torch.Tensor<S, 'float32', 'cpu'>;

// A generic layer: weight [O, I], input [B, I] -> [B, O].
class MyLinear<I extends number, O extends number> extends torch.nn.Module {
  declare readonly __tensors: 'weight' | 'bias';
  constructor(readonly weight: F32<[O, I]>, readonly bias: F32<[O]>) {
    super();
  }
  forward<B extends torch.Dim>(x: F32<[B, I]>) {
    const y = torch.linear(x, this.weight, this.bias);
    expectType<F32<[B, O]>>(y);
    return y;
  }
}
const layer = new MyLinear(torch.zeros([4, 3]), torch.zeros([4]));
expectType<F32<[8, 4]>>(layer.forward(torch.zeros([8, 3])));
expectError(layer.forward(torch.zeros([8, 5])));

// A generic residual block: x + f(x), with a generic width C.
function residual<B extends torch.Dim, C extends number>(x: F32<[B, C]>, w: F32<[C, C]>): F32<[B, C]> {
  const h = x.matmul(w).relu();
  return x.add(h);
}
expectType<F32<[2, 5]>>(residual(torch.zeros([2, 5]), torch.zeros([5, 5])));
expectError(residual(torch.zeros([2, 5]), torch.zeros([5])));

// nn layers inside a generic module: the block's widths are type parameters.
class Block<I extends number, H extends number> extends torch.nn.Module {
  readonly fc1: torch.nn.Linear<I, H>;
  readonly fc2: torch.nn.Linear<H, I>;
  constructor(i: I, h: H) {
    super();
    this.fc1 = new torch.nn.Linear(i, h);
    this.fc2 = new torch.nn.Linear(h, i);
  }
  forward<B extends torch.Dim>(x: F32<[B, I]>) {
    const y = this.fc2.forward(this.fc1.forward(x).relu());
    expectType<F32<[B, I]>>(y);
    return x.add(y);
  }
}
expectType<F32<[3, 8]>>(new Block(8, 32).forward(torch.zeros([3, 8])));
expectError(new Block(8, 32).forward(torch.zeros([3, 9])));

// A generic convolution block: channels C, a 3x3 kernel with padding 1 keeps H and W.
function convBlock<B extends torch.Dim, C extends number>(x: F32<[B, C, 28, 28]>, w: F32<[C, C, 3, 3]>) {
  const y = torch.conv2d(x, w, { padding: 1 }).relu();
  expectType<F32<[B, C, 28, 28]>>(y);
  return y;
}
expectType<F32<[4, 16, 28, 28]>>(convBlock(torch.zeros([4, 16, 28, 28]), torch.zeros([16, 16, 3, 3])));
// Generic spatial sizes: accepted (the output size is known when H and W are).
function convAny<B extends torch.Dim, C extends number, H extends number, W extends number>(x: F32<[B, C, H, W]>, w: F32<[C, C, 3, 3]>) {
  return torch.conv2d(x, w, { padding: 1 });
}
expectType<F32<[1, 2, 10, 12]>>(convAny(torch.zeros([1, 2, 10, 12]), torch.zeros([2, 2, 3, 3])));

// A generic residual over a whole generic shape.
function skip<S extends torch.Shape>(x: torch.Tensor<S, 'float32', 'cpu'>) {
  return x.add(x.tanh());
}
expectType<F32<[3, 4]>>(skip(torch.zeros([3, 4])));

// Generic attention: softmax(q k^T / sqrt(C)) v over [B, T, C].
function attention<B extends torch.Dim, T extends torch.Dim, C extends number>(q: F32<[B, T, C]>, k: F32<[B, T, C]>, v: F32<[B, T, C]>) {
  const scores = q.matmul(k.transpose(-2, -1)).div(8);
  expectType<F32<[B, T, T]>>(scores);
  const out = scores.softmax(-1).matmul(v);
  expectType<F32<[B, T, C]>>(out);
  return out;
}
expectType<F32<[2, 7, 16]>>(attention(torch.zeros([2, 7, 16]), torch.zeros([2, 7, 16]), torch.zeros([2, 7, 16])));

// Undecidable in generic code (I against J): accepted, checked when concrete.
function project<B extends torch.Dim, I extends number, J extends number, O extends number>(x: F32<[B, I]>, w: F32<[O, J]>) {
  return torch.linear(x, w);
}
project(torch.zeros([2, 3]), torch.zeros([4, 3]));
// A structural mistake stays an error in generic code (a 3-D weight).
function wrongRank<B extends torch.Dim, I extends number>(x: F32<[B, I]>, w: F32<[4, I, 1]>) {
  // @ts-expect-error linear: weight must be 2-D
  return torch.linear(x, w);
}
void wrongRank;
