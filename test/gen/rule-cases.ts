// The public overloads of the installed spec with the shape rule the generator gives each,
// for the tests that run the rules' claims through Python (pointwise-rules, reduction-rules).
import { DEFAULT_SPEC_DIR, loadSpec } from '../../gen/spec.ts';
import { select } from '../../gen/select.ts';
import { buildModel, signatureOf } from '../../gen/model.ts';
import type { OverloadModel, SignatureModel } from '../../gen/types.ts';

export interface RuledOverload {
  ov: OverloadModel;
  /** The signature of its function form (its method form where it has no function). */
  sig: SignatureModel;
  /** The overload's name in torch.ops.aten ('default' for the unnamed one). */
  overload: string;
}

let cached: RuledOverload[] | undefined;

/** Every public overload that has a shape rule. */
export function ruledOverloads(): RuledOverload[] {
  cached ??= buildModel(select(loadSpec(DEFAULT_SPEC_DIR).entries).selected)
    .flatMap((op) => op.overloads)
    .filter((ov) => ov.asFunction || ov.asMethod)
    .map((ov) => ({ ov, sig: signatureOf(ov, !ov.asFunction), overload: ov.schema.overload || 'default' }))
    .filter((r) => r.sig.ruleName !== undefined);
  return cached;
}
