// Python's sample values as typed-torch values: tensors from their bytes,
// dtypes and memory formats by name, slices and ellipses in the indexing
// API's forms, nn.PairwiseDistance as the function it computes.
import * as torch from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import type { Encoded, EncodedSparse, EncodedTensor } from './samples.ts';

/** A value the harness cannot pass to typed-torch (the sample fails with this reason). */
export class Undecodable extends Error {}

/** Typed arrays that hold each dtype's bytes; float16/bfloat16 go through int16 and a dtype view. */
const STORAGE: Record<string, { make: (b: ArrayBuffer) => ArrayBufferView; dtype: string }> = {
  float32: { make: (b) => new Float32Array(b), dtype: 'float32' },
  float64: { make: (b) => new Float64Array(b), dtype: 'float64' },
  int64: { make: (b) => new BigInt64Array(b), dtype: 'int64' },
  int32: { make: (b) => new Int32Array(b), dtype: 'int32' },
  int16: { make: (b) => new Int16Array(b), dtype: 'int16' },
  int8: { make: (b) => new Int8Array(b), dtype: 'int8' },
  uint8: { make: (b) => new Uint8Array(b), dtype: 'uint8' },
  bool: { make: (b) => new Uint8Array(b), dtype: 'uint8' },
  float16: { make: (b) => new Int16Array(b), dtype: 'int16' },
  bfloat16: { make: (b) => new Int16Array(b), dtype: 'int16' },
  complex32: { make: (b) => new Int16Array(b), dtype: 'int16' },
  complex64: { make: (b) => new Float32Array(b), dtype: 'float32' },
  complex128: { make: (b) => new Float64Array(b), dtype: 'float64' },
};

export class Decoder {
  private readonly byId = new Map<number, Tensor>();
  /** The tensors autograd.grad is asked about, at their places. */
  readonly gradInputs: Tensor[] = [];

  decode(v: Encoded): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.decode(x));
    if ('$tensor' in v) return this.tensor(v);
    if ('$sparse' in v) return this.sparse(v);
    if ('$ref' in v) return this.byId.get(v.$ref);
    if ('$int' in v) return BigInt(v.$int);
    if ('$float' in v) return v.$float === 'nan' ? Number.NaN : v.$float === 'inf' ? Infinity : -Infinity;
    if ('$dtype' in v) return v.$dtype;
    if ('$memory_format' in v) return v.$memory_format;
    if ('$device' in v) return v.$device;
    if ('$layout' in v) return v.$layout;
    if ('$ellipsis' in v) return '...';
    if ('$slice' in v) {
      const [start, stop, step] = v.$slice.map((x) => (x === null ? '' : String(this.decode(x))));
      return step === '' ? `${start}:${stop}` : `${start}:${stop}:${step}`;
    }
    if ('$pairwise_distance' in v) {
      const o = v.$pairwise_distance;
      return (a: Tensor, b: Tensor) => torch.nn.functional.pairwiseDistance(a, b, { p: o.p, eps: o.eps, keepdim: o.keepdim });
    }
    if ('$function' in v) return v.$function; // activation: F.gelu is passed by name ('gelu')
    if ('$complex' in v) throw new Undecodable('a complex scalar');
    throw new Undecodable(`an unknown value ${JSON.stringify(v).slice(0, 60)}`);
  }

  /** A sparse tensor from its parts, through the public constructors. */
  private sparse(e: EncodedSparse): Tensor {
    const parts = e.parts.map((p) => this.tensor(p));
    let t: Tensor;
    if (e.$sparse === 'sparse_coo') {
      t = torch.sparseCooTensor(parts[0]!, parts[1]!, e.shape);
      if (e.coalesced) t = t.coalesce();
    } else {
      t = torch.sparseCompressedTensor(parts[0]!, parts[1]!, parts[2]!, e.shape, { layout: e.$sparse });
    }
    if (e.grad !== undefined) {
      t.requiresGrad_(true);
      this.gradInputs[e.grad] = t;
    }
    this.byId.set(e.id, t);
    return t;
  }

  private tensor(e: EncodedTensor): Tensor {
    const storage = STORAGE[e.$tensor];
    if (!storage) throw new Undecodable(`a ${e.$tensor} tensor`);
    const bytes = Buffer.from(e.data, 'base64');
    const aligned = new ArrayBuffer(bytes.length);
    new Uint8Array(aligned).set(bytes);
    const complex = e.$tensor.startsWith('complex');
    const shape = complex ? [...e.shape, 2] : e.shape;
    let t: Tensor = torch.tensor(storage.make(aligned) as Float32Array, { shape, dtype: storage.dtype as 'float32' });
    if (e.$tensor === 'bool') t = t.to('bool');
    else if (e.$tensor === 'float16' || e.$tensor === 'bfloat16') t = t.view(e.$tensor);
    else if (e.$tensor === 'complex32') t = torch.viewAsComplex(t.view('float16')).clone();
    else if (complex) t = torch.viewAsComplex(t).clone();
    if (e.grad !== undefined) {
      t.requiresGrad_(true);
      this.gradInputs[e.grad] = t;
    }
    this.byId.set(e.id, t);
    return t;
  }
}
