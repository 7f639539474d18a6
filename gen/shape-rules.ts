// The curated table of shape and dtype rules (filled in by the type-level
// algebra work). A rule refines an overload's signature; ops without one
// return a dynamic Tensor, never a wrong one.
import type { RuleContext } from './rules.ts';

export interface CuratedRule {
  name: string;
  typeParams: string[];
  paramTypes: Map<string, string>;
  returnType?: string;
}

export function curatedRule(_ctx: RuleContext): CuratedRule | undefined {
  return undefined;
}
