// Exact arithmetic on number-literal types, for shape computations with
// real model sizes (784 * 128, 50257, 28 * 28 * 64). Numbers become
// little-endian digit tuples, digit-level tables do the work, and results come
// back as number literals. Non-literal (`number`) operands give `number`.
// Everything is tail-recursive, so long operands stay within TS's limits.

// Digit tables, 10 x 10 entries each.
/** a + b: [digit, carry] */
export interface AddTable {
  '0': { '0': ['0', 0]; '1': ['1', 0]; '2': ['2', 0]; '3': ['3', 0]; '4': ['4', 0]; '5': ['5', 0]; '6': ['6', 0]; '7': ['7', 0]; '8': ['8', 0]; '9': ['9', 0] };
  '1': { '0': ['1', 0]; '1': ['2', 0]; '2': ['3', 0]; '3': ['4', 0]; '4': ['5', 0]; '5': ['6', 0]; '6': ['7', 0]; '7': ['8', 0]; '8': ['9', 0]; '9': ['0', 1] };
  '2': { '0': ['2', 0]; '1': ['3', 0]; '2': ['4', 0]; '3': ['5', 0]; '4': ['6', 0]; '5': ['7', 0]; '6': ['8', 0]; '7': ['9', 0]; '8': ['0', 1]; '9': ['1', 1] };
  '3': { '0': ['3', 0]; '1': ['4', 0]; '2': ['5', 0]; '3': ['6', 0]; '4': ['7', 0]; '5': ['8', 0]; '6': ['9', 0]; '7': ['0', 1]; '8': ['1', 1]; '9': ['2', 1] };
  '4': { '0': ['4', 0]; '1': ['5', 0]; '2': ['6', 0]; '3': ['7', 0]; '4': ['8', 0]; '5': ['9', 0]; '6': ['0', 1]; '7': ['1', 1]; '8': ['2', 1]; '9': ['3', 1] };
  '5': { '0': ['5', 0]; '1': ['6', 0]; '2': ['7', 0]; '3': ['8', 0]; '4': ['9', 0]; '5': ['0', 1]; '6': ['1', 1]; '7': ['2', 1]; '8': ['3', 1]; '9': ['4', 1] };
  '6': { '0': ['6', 0]; '1': ['7', 0]; '2': ['8', 0]; '3': ['9', 0]; '4': ['0', 1]; '5': ['1', 1]; '6': ['2', 1]; '7': ['3', 1]; '8': ['4', 1]; '9': ['5', 1] };
  '7': { '0': ['7', 0]; '1': ['8', 0]; '2': ['9', 0]; '3': ['0', 1]; '4': ['1', 1]; '5': ['2', 1]; '6': ['3', 1]; '7': ['4', 1]; '8': ['5', 1]; '9': ['6', 1] };
  '8': { '0': ['8', 0]; '1': ['9', 0]; '2': ['0', 1]; '3': ['1', 1]; '4': ['2', 1]; '5': ['3', 1]; '6': ['4', 1]; '7': ['5', 1]; '8': ['6', 1]; '9': ['7', 1] };
  '9': { '0': ['9', 0]; '1': ['0', 1]; '2': ['1', 1]; '3': ['2', 1]; '4': ['3', 1]; '5': ['4', 1]; '6': ['5', 1]; '7': ['6', 1]; '8': ['7', 1]; '9': ['8', 1] };
}
/** a + b + 1: [digit, carry] */
export interface AddCarryTable {
  '0': { '0': ['1', 0]; '1': ['2', 0]; '2': ['3', 0]; '3': ['4', 0]; '4': ['5', 0]; '5': ['6', 0]; '6': ['7', 0]; '7': ['8', 0]; '8': ['9', 0]; '9': ['0', 1] };
  '1': { '0': ['2', 0]; '1': ['3', 0]; '2': ['4', 0]; '3': ['5', 0]; '4': ['6', 0]; '5': ['7', 0]; '6': ['8', 0]; '7': ['9', 0]; '8': ['0', 1]; '9': ['1', 1] };
  '2': { '0': ['3', 0]; '1': ['4', 0]; '2': ['5', 0]; '3': ['6', 0]; '4': ['7', 0]; '5': ['8', 0]; '6': ['9', 0]; '7': ['0', 1]; '8': ['1', 1]; '9': ['2', 1] };
  '3': { '0': ['4', 0]; '1': ['5', 0]; '2': ['6', 0]; '3': ['7', 0]; '4': ['8', 0]; '5': ['9', 0]; '6': ['0', 1]; '7': ['1', 1]; '8': ['2', 1]; '9': ['3', 1] };
  '4': { '0': ['5', 0]; '1': ['6', 0]; '2': ['7', 0]; '3': ['8', 0]; '4': ['9', 0]; '5': ['0', 1]; '6': ['1', 1]; '7': ['2', 1]; '8': ['3', 1]; '9': ['4', 1] };
  '5': { '0': ['6', 0]; '1': ['7', 0]; '2': ['8', 0]; '3': ['9', 0]; '4': ['0', 1]; '5': ['1', 1]; '6': ['2', 1]; '7': ['3', 1]; '8': ['4', 1]; '9': ['5', 1] };
  '6': { '0': ['7', 0]; '1': ['8', 0]; '2': ['9', 0]; '3': ['0', 1]; '4': ['1', 1]; '5': ['2', 1]; '6': ['3', 1]; '7': ['4', 1]; '8': ['5', 1]; '9': ['6', 1] };
  '7': { '0': ['8', 0]; '1': ['9', 0]; '2': ['0', 1]; '3': ['1', 1]; '4': ['2', 1]; '5': ['3', 1]; '6': ['4', 1]; '7': ['5', 1]; '8': ['6', 1]; '9': ['7', 1] };
  '8': { '0': ['9', 0]; '1': ['0', 1]; '2': ['1', 1]; '3': ['2', 1]; '4': ['3', 1]; '5': ['4', 1]; '6': ['5', 1]; '7': ['6', 1]; '8': ['7', 1]; '9': ['8', 1] };
  '9': { '0': ['0', 1]; '1': ['1', 1]; '2': ['2', 1]; '3': ['3', 1]; '4': ['4', 1]; '5': ['5', 1]; '6': ['6', 1]; '7': ['7', 1]; '8': ['8', 1]; '9': ['9', 1] };
}
/** a - b: [digit, borrow] */
export interface SubTable {
  '0': { '0': ['0', 0]; '1': ['9', 1]; '2': ['8', 1]; '3': ['7', 1]; '4': ['6', 1]; '5': ['5', 1]; '6': ['4', 1]; '7': ['3', 1]; '8': ['2', 1]; '9': ['1', 1] };
  '1': { '0': ['1', 0]; '1': ['0', 0]; '2': ['9', 1]; '3': ['8', 1]; '4': ['7', 1]; '5': ['6', 1]; '6': ['5', 1]; '7': ['4', 1]; '8': ['3', 1]; '9': ['2', 1] };
  '2': { '0': ['2', 0]; '1': ['1', 0]; '2': ['0', 0]; '3': ['9', 1]; '4': ['8', 1]; '5': ['7', 1]; '6': ['6', 1]; '7': ['5', 1]; '8': ['4', 1]; '9': ['3', 1] };
  '3': { '0': ['3', 0]; '1': ['2', 0]; '2': ['1', 0]; '3': ['0', 0]; '4': ['9', 1]; '5': ['8', 1]; '6': ['7', 1]; '7': ['6', 1]; '8': ['5', 1]; '9': ['4', 1] };
  '4': { '0': ['4', 0]; '1': ['3', 0]; '2': ['2', 0]; '3': ['1', 0]; '4': ['0', 0]; '5': ['9', 1]; '6': ['8', 1]; '7': ['7', 1]; '8': ['6', 1]; '9': ['5', 1] };
  '5': { '0': ['5', 0]; '1': ['4', 0]; '2': ['3', 0]; '3': ['2', 0]; '4': ['1', 0]; '5': ['0', 0]; '6': ['9', 1]; '7': ['8', 1]; '8': ['7', 1]; '9': ['6', 1] };
  '6': { '0': ['6', 0]; '1': ['5', 0]; '2': ['4', 0]; '3': ['3', 0]; '4': ['2', 0]; '5': ['1', 0]; '6': ['0', 0]; '7': ['9', 1]; '8': ['8', 1]; '9': ['7', 1] };
  '7': { '0': ['7', 0]; '1': ['6', 0]; '2': ['5', 0]; '3': ['4', 0]; '4': ['3', 0]; '5': ['2', 0]; '6': ['1', 0]; '7': ['0', 0]; '8': ['9', 1]; '9': ['8', 1] };
  '8': { '0': ['8', 0]; '1': ['7', 0]; '2': ['6', 0]; '3': ['5', 0]; '4': ['4', 0]; '5': ['3', 0]; '6': ['2', 0]; '7': ['1', 0]; '8': ['0', 0]; '9': ['9', 1] };
  '9': { '0': ['9', 0]; '1': ['8', 0]; '2': ['7', 0]; '3': ['6', 0]; '4': ['5', 0]; '5': ['4', 0]; '6': ['3', 0]; '7': ['2', 0]; '8': ['1', 0]; '9': ['0', 0] };
}
/** a - b - 1: [digit, borrow] */
export interface SubBorrowTable {
  '0': { '0': ['9', 1]; '1': ['8', 1]; '2': ['7', 1]; '3': ['6', 1]; '4': ['5', 1]; '5': ['4', 1]; '6': ['3', 1]; '7': ['2', 1]; '8': ['1', 1]; '9': ['0', 1] };
  '1': { '0': ['0', 0]; '1': ['9', 1]; '2': ['8', 1]; '3': ['7', 1]; '4': ['6', 1]; '5': ['5', 1]; '6': ['4', 1]; '7': ['3', 1]; '8': ['2', 1]; '9': ['1', 1] };
  '2': { '0': ['1', 0]; '1': ['0', 0]; '2': ['9', 1]; '3': ['8', 1]; '4': ['7', 1]; '5': ['6', 1]; '6': ['5', 1]; '7': ['4', 1]; '8': ['3', 1]; '9': ['2', 1] };
  '3': { '0': ['2', 0]; '1': ['1', 0]; '2': ['0', 0]; '3': ['9', 1]; '4': ['8', 1]; '5': ['7', 1]; '6': ['6', 1]; '7': ['5', 1]; '8': ['4', 1]; '9': ['3', 1] };
  '4': { '0': ['3', 0]; '1': ['2', 0]; '2': ['1', 0]; '3': ['0', 0]; '4': ['9', 1]; '5': ['8', 1]; '6': ['7', 1]; '7': ['6', 1]; '8': ['5', 1]; '9': ['4', 1] };
  '5': { '0': ['4', 0]; '1': ['3', 0]; '2': ['2', 0]; '3': ['1', 0]; '4': ['0', 0]; '5': ['9', 1]; '6': ['8', 1]; '7': ['7', 1]; '8': ['6', 1]; '9': ['5', 1] };
  '6': { '0': ['5', 0]; '1': ['4', 0]; '2': ['3', 0]; '3': ['2', 0]; '4': ['1', 0]; '5': ['0', 0]; '6': ['9', 1]; '7': ['8', 1]; '8': ['7', 1]; '9': ['6', 1] };
  '7': { '0': ['6', 0]; '1': ['5', 0]; '2': ['4', 0]; '3': ['3', 0]; '4': ['2', 0]; '5': ['1', 0]; '6': ['0', 0]; '7': ['9', 1]; '8': ['8', 1]; '9': ['7', 1] };
  '8': { '0': ['7', 0]; '1': ['6', 0]; '2': ['5', 0]; '3': ['4', 0]; '4': ['3', 0]; '5': ['2', 0]; '6': ['1', 0]; '7': ['0', 0]; '8': ['9', 1]; '9': ['8', 1] };
  '9': { '0': ['8', 0]; '1': ['7', 0]; '2': ['6', 0]; '3': ['5', 0]; '4': ['4', 0]; '5': ['3', 0]; '6': ['2', 0]; '7': ['1', 0]; '8': ['0', 0]; '9': ['9', 1] };
}
/** a * b: [low digit, high digit] */
export interface MulTable {
  '0': { '0': ['0', '0']; '1': ['0', '0']; '2': ['0', '0']; '3': ['0', '0']; '4': ['0', '0']; '5': ['0', '0']; '6': ['0', '0']; '7': ['0', '0']; '8': ['0', '0']; '9': ['0', '0'] };
  '1': { '0': ['0', '0']; '1': ['1', '0']; '2': ['2', '0']; '3': ['3', '0']; '4': ['4', '0']; '5': ['5', '0']; '6': ['6', '0']; '7': ['7', '0']; '8': ['8', '0']; '9': ['9', '0'] };
  '2': { '0': ['0', '0']; '1': ['2', '0']; '2': ['4', '0']; '3': ['6', '0']; '4': ['8', '0']; '5': ['0', '1']; '6': ['2', '1']; '7': ['4', '1']; '8': ['6', '1']; '9': ['8', '1'] };
  '3': { '0': ['0', '0']; '1': ['3', '0']; '2': ['6', '0']; '3': ['9', '0']; '4': ['2', '1']; '5': ['5', '1']; '6': ['8', '1']; '7': ['1', '2']; '8': ['4', '2']; '9': ['7', '2'] };
  '4': { '0': ['0', '0']; '1': ['4', '0']; '2': ['8', '0']; '3': ['2', '1']; '4': ['6', '1']; '5': ['0', '2']; '6': ['4', '2']; '7': ['8', '2']; '8': ['2', '3']; '9': ['6', '3'] };
  '5': { '0': ['0', '0']; '1': ['5', '0']; '2': ['0', '1']; '3': ['5', '1']; '4': ['0', '2']; '5': ['5', '2']; '6': ['0', '3']; '7': ['5', '3']; '8': ['0', '4']; '9': ['5', '4'] };
  '6': { '0': ['0', '0']; '1': ['6', '0']; '2': ['2', '1']; '3': ['8', '1']; '4': ['4', '2']; '5': ['0', '3']; '6': ['6', '3']; '7': ['2', '4']; '8': ['8', '4']; '9': ['4', '5'] };
  '7': { '0': ['0', '0']; '1': ['7', '0']; '2': ['4', '1']; '3': ['1', '2']; '4': ['8', '2']; '5': ['5', '3']; '6': ['2', '4']; '7': ['9', '4']; '8': ['6', '5']; '9': ['3', '6'] };
  '8': { '0': ['0', '0']; '1': ['8', '0']; '2': ['6', '1']; '3': ['4', '2']; '4': ['2', '3']; '5': ['0', '4']; '6': ['8', '4']; '7': ['6', '5']; '8': ['4', '6']; '9': ['2', '7'] };
  '9': { '0': ['0', '0']; '1': ['9', '0']; '2': ['8', '1']; '3': ['7', '2']; '4': ['6', '3']; '5': ['5', '4']; '6': ['4', '5']; '7': ['3', '6']; '8': ['2', '7']; '9': ['1', '8'] };
}

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** Little-endian digits: 120 is ['0', '2', '1']. */
type Digits = Digit[];

interface NextDigit {
  '0': '1'; '1': '2'; '2': '3'; '3': '4'; '4': '5'; '5': '6'; '6': '7'; '7': '8'; '8': '9'; '9': '9';
}

type Head<D extends Digits> = D extends [infer H extends Digit, ...Digits] ? H : '0';
type Tail<D extends Digits> = D extends [Digit, ...infer T extends Digits] ? T : [];

type ToDigits<S extends string, Acc extends Digits = []> = S extends `${infer H extends Digit}${infer T}`
  ? ToDigits<T, [H, ...Acc]>
  : Acc;

type FromDigits<D extends Digits, Acc extends string = ''> = D extends [infer H extends Digit, ...infer T extends Digits]
  ? FromDigits<T, `${H}${Acc}`>
  : Acc;

/** Drops high-order zeros (at the end, digits being little-endian). */
type Trim<D extends Digits> = D extends [...infer Rest extends Digits, '0'] ? (Rest extends [] ? ['0'] : Trim<Rest>) : D;

type NumOf<S extends string> = S extends `${infer N extends number}` ? N : never;

/** A non-negative integer literal (not `number`, not negative, not fractional). */
export type IsNat<N> = N extends number
  ? number extends N
    ? false
    : `${N}` extends `-${string}` | `${string}.${string}` | `${string}e${string}`
      ? false
      : true
  : false;

type AddD<A extends Digits, B extends Digits, C extends 0 | 1 = 0, Acc extends Digits = []> = [A, B] extends [[], []]
  ? C extends 1
    ? [...Acc, '1']
    : Acc
  : (C extends 0 ? AddTable : AddCarryTable)[Head<A>][Head<B>] extends [infer D extends Digit, infer C2 extends 0 | 1]
    ? AddD<Tail<A>, Tail<B>, C2, [...Acc, D]>
    : never;

/** Marks a subtraction that went below zero. */
type Negative = 'negative';

type SubD<A extends Digits, B extends Digits, Br extends 0 | 1 = 0, Acc extends Digits = []> = A extends []
  ? B extends []
    ? Br extends 1
      ? Negative
      : Acc
    : Negative
  : (Br extends 0 ? SubTable : SubBorrowTable)[Head<A>][Head<B>] extends [infer D extends Digit, infer B2 extends 0 | 1]
    ? SubD<Tail<A>, Tail<B>, B2, [...Acc, D]>
    : never;

/** A times one digit. */
type MulDigit<A extends Digits, B extends Digit, Carry extends Digit = '0', Acc extends Digits = []> = A extends []
  ? Carry extends '0'
    ? Acc
    : [...Acc, Carry]
  : MulTable[Head<A>][B] extends [infer Lo extends Digit, infer Hi extends Digit]
    ? AddTable[Lo][Carry] extends [infer D extends Digit, infer C extends 0 | 1]
      ? MulDigit<Tail<A>, B, C extends 1 ? NextDigit[Hi] : Hi, [...Acc, D]>
      : never
    : never;

type MulD<A extends Digits, B extends Digits, Shift extends Digits = [], Acc extends Digits = ['0']> = B extends []
  ? Acc
  : MulD<A, Tail<B>, ['0', ...Shift], AddD<Acc, [...Shift, ...MulDigit<A, Head<B>>]>>;

/** One step of long division: how often B fits into R (0-9), and the remainder. */
type DivStep<R extends Digits, B extends Digits, Q extends Digit = '0'> = SubD<R, B> extends infer S
  ? S extends Digits
    ? DivStep<Trim<S>, B, NextDigit[Q]>
    : [Q, R]
  : never;

/** Long division over big-endian digits of A; Q collects little-endian quotient digits. */
type DivD<ABig extends Digits, B extends Digits, R extends Digits = [], Q extends Digits = []> = ABig extends [
  infer D extends Digit,
  ...infer Rest extends Digits,
]
  ? DivStep<Trim<[D, ...R]>, B> extends [infer QD extends Digit, infer R2 extends Digits]
    ? DivD<Rest, B, R2, [QD, ...Q]>
    : never
  : Q;

type Rev<D extends Digits, Acc extends Digits = []> = D extends [infer H extends Digit, ...infer T extends Digits]
  ? Rev<T, [H, ...Acc]>
  : Acc;

type Lit<N extends number> = ToDigits<`${N}`>;
type Out<D extends Digits> = NumOf<FromDigits<Trim<D>>>;

/** A + B */
export type Add<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? Out<AddD<Lit<A>, Lit<B>>>
  : number;

/** A - B, or `never` when the result would be negative. */
export type Sub<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? SubD<Lit<A>, Lit<B>> extends infer S
    ? S extends Digits
      ? Out<S>
      : never
    : never
  : number;

/** A * B */
export type Mul<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? Out<MulD<Lit<A>, Lit<B>>>
  : number;

/** floor(A / B); `never` for B = 0. */
export type FloorDiv<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? B extends 0
    ? never
    : Out<DivD<Rev<Lit<A>>, Lit<B>>>
  : number;

/** A mod B; `never` for B = 0. */
export type Mod<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? B extends 0
    ? never
    : Sub<A, Mul<FloorDiv<A, B>, B>>
  : number;

/** A < B for literals; `boolean` when either is unknown. */
export type LessThan<A extends number, B extends number> = [IsNat<A>, IsNat<B>] extends [true, true]
  ? SubD<Lit<A>, Lit<B>> extends Negative
    ? true
    : false
  : boolean;

/** The product of a list of dims (`number` if any is unknown or symbolic). */
export type Product<L extends readonly unknown[], Acc extends number = 1> = L extends readonly [infer H, ...infer T]
  ? H extends number
    ? IsNat<H> extends true
      ? Product<T, Mul<Acc, H>>
      : number
    : number
  : Acc;

/** The sum of a list of numbers (`number` if any is unknown). */
export type Sum<L extends readonly unknown[], Acc extends number = 0> = L extends readonly [infer H, ...infer T]
  ? H extends number
    ? IsNat<H> extends true
      ? Sum<T, Add<Acc, H>>
      : number
    : number
  : Acc;
