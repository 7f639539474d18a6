// Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_.
import type { Tensor } from '../core/tensor.ts';
import { noGrad } from '../core/autograd.ts';
import { scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';

/**
 * Scales gradients so that their joint norm is at most maxNorm (as
 * torch.nn.utils.clip_grad_norm_); returns the norm before clipping.
 */
export function clipGradNorm(params: Tensor[], maxNorm: number, normType = 2): number {
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() =>
    scope(() => {
      const norms = grads.map((g) => (normType === Infinity ? aten.max(aten.abs(g)) : aten.linalg_vector_norm(g, normType)));
      const total = normType === Infinity ? aten.max(aten.stack(norms)) : aten.linalg_vector_norm(aten.stack(norms), normType);
      const coef = aten.clamp(aten.div_Tensor(aten.full_like(total, maxNorm), aten.add_Scalar(total, 1e-6)), null, 1);
      for (const g of grads) aten.mul__Tensor(g, coef);
      return total.item() as number;
    }),
  );
}

/** Clamps every gradient element to [-clipValue, clipValue]. */
export function clipGradValue(params: Tensor[], clipValue: number): void {
  noGrad(() => {
    for (const p of params) if (p.grad !== null) aten.clamp_(p.grad, -clipValue, clipValue);
  });
}
