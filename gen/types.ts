// The generator's data model, shared by its stages (selection, the model of
// the typed API, shape rules, emitters): types only.
import type { Schema, SchemaArg } from './schema.ts';
import type { SpecEntry } from './spec.ts';

/** A schema of the spec chosen for generation. */
export interface Selected {
  entry: SpecEntry;
  schema: Schema;
  /** Whether the public API has the free function `torch.name` / the method `t.name`. */
  asFunction: boolean;
  asMethod: boolean;
}

/** A schema left out of the public API, and why. */
export interface Skipped {
  func: string;
  reason: string;
}

/** One argument of a public signature. */
export interface Param {
  /** Schema argument name. */
  schemaName: string;
  /** TS identifier (camelCase, reserved words escaped). */
  ident: string;
  /** Option-object key (camelCase). */
  key: string;
  tsType: string;
  arg: SchemaArg;
}

/** One schema overload under a public name. */
export interface OverloadModel {
  schema: Schema;
  /** 'add.Tensor' */
  qualified: string;
  /** Identifier of the overload's entry in overloads.ts ('add__Tensor'). */
  constName: string;
  /** Name of the function of the untyped layer (aten.ts) that calls it ('add_Tensor'). */
  atenName: string;
  asFunction: boolean;
  asMethod: boolean;
}

/** One TS signature of one overload, for the function or the method form. */
export interface SignatureModel {
  typeParams: string[];
  /** Parameters before the optional tail (including `this` for methods). */
  required: { name: string; type: string }[];
  /** Optional positional parameters, in order; each prefix may be followed by the options object. */
  optional: { name: string; type: string }[];
  /** The options object's members, or none. */
  options: { key: string; type: string; required: boolean }[];
  returnType: string;
  /** The curated shape rule applied, if any. */
  ruleName?: string;
  /** Whether a parameter type carries a shape check. */
  checks: boolean;
}

/** All overloads of one public name. */
export interface OpModel {
  /** JS name (camelCase, trailing _ for in-place). */
  name: string;
  schemaName: string;
  /** Python's submodule for the op ('linalg' for linalg_svd: torch.linalg.svd), from the spec's python_module. */
  pythonModule?: string;
  overloads: OverloadModel[];
}

/** How an overload's TS signature computes its result type. */
export interface Rule {
  typeParams: string[];
  /** Parameter types that replace the schema-derived ones, by schema name. */
  paramTypes: Map<string, string>;
  /** The `this` type of the method form. */
  selfType: string;
  returnType: string;
  /** The name of the curated rule applied, if any (for the coverage report). */
  ruleName?: string;
  /** Whether a parameter type carries a shape check. */
  checks?: boolean;
}

/** What a curated rule gets to work with. */
export interface RuleContext {
  schema: Schema;
  params: Param[];
  method: boolean;
  /** The schema argument names of tensor parameters bound to type parameters. */
  typeParamOf: Map<string, string>;
}

/** A rule of the curated table (gen/shape-rules.ts). */
export interface CuratedRule {
  name: string;
  typeParams: string[];
  paramTypes: Map<string, string>;
  returnType?: string;
  /** Whether a parameter type carries a shape check. */
  checks?: boolean;
}

/** A file the generator writes. */
export interface GeneratedFile {
  path: string;
  text: string;
}
