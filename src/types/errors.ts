// Shape errors that surface at the call that makes them. A rule computes
// either a result or a ShapeError; the op's signature turns the error into
// the type of the offending parameter, so the editor says e.g.
//   Argument of type 'Tensor<[4, 5]>' is not assignable to parameter of type
//   '"matmul: inner dims 3 and 4 differ (shapes [2, 3] @ [4, 5])"'.
// (Returning `never` instead would show nothing until a later line.)

export interface ShapeError<M extends string> {
  readonly __shapeError: M;
}

/** The message of a failed rule, else the parameter's real type. */
export type OrMsg<R, P> = [R] extends [ShapeError<infer M>] ? M : P;

export type IsError<R> = [R] extends [ShapeError<string>] ? true : false;

/**
 * The result type of a rule: an erroring call returns an unknown shape, so
 * one mistake does not cascade into errors on every following line.
 */
export type Ok<R, Fallback = number[]> = [R] extends [ShapeError<string>] ? Fallback : R;
