// Shape errors that surface at the call that makes them. A rule computes
// either a result or a ShapeError; the op's signature turns the error into
// the type of the offending parameter, so the editor says e.g.
//   Argument of type 'Tensor<[4, 5]>' is not assignable to parameter of type
//   '"matmul: inner dims 3 and 4 differ (shapes [2, 3] @ [4, 5])"'.
// (Returning `never` instead would show nothing until a later line.)

export interface ShapeError<M extends string> {
  readonly __shapeError: M;
}

/**
 * The message of a failed rule, else the parameter's real type.
 *
 * In generic user code (a layer over `I extends number`) R may be a rule
 * still waiting on type parameters. The outer test keeps this deferred in
 * the op's own declaration (P is a bare type parameter there) and lets it
 * resolve at a call; the inner test, with its check type wrapped in an
 * object, is then decided for every instantiation at once: when no choice
 * of the type parameters can make the rule fail, the parameter is P (the
 * rules in src/types are written so that a check that cannot be decided
 * takes its passing branch: see dims.ts). A structural mistake, which fails
 * for every instantiation (a 3-D weight for linear), is still the message.
 */
export type OrMsg<R, P> = [P] extends [unknown] ? ({ r: R } extends { r: ShapeError<infer M> } ? M : P) : never;

export type IsError<R> = [R] extends [ShapeError<string>] ? true : false;

/**
 * The result type of a rule: an erroring call returns an unknown shape, so
 * one mistake does not cascade into errors on every following line.
 */
export type Ok<R, Fallback = number[]> = [R] extends [ShapeError<string>] ? Fallback : R;
