/**
 * Compile-time ties between the places a resource names its fields (the public args interface, the
 * zod schema, the outputs builder, the program-side class). Why: those places are written by hand
 * for their readers (the args interface carries the TSDoc users see; the schema the rules), so
 * nothing but the compiler keeps them in step. Each tie is a type alias `Agree<SameKeys<A, B>>`:
 * a field added to one side and not the other fails `npm run build`, naming the odd keys.
 * These are types only: nothing here exists at run time.
 */

/** `true` when A and B have the same keys; otherwise the keys only one of them has. */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { onlyInFirst: Exclude<keyof A, keyof B>; onlyInSecond: Exclude<keyof B, keyof A> };

/** `true` when the names list and the object type have the same keys (the list may hold more only if B has them). */
export type SameNames<Names extends PropertyKey, B> = [Exclude<Names, keyof B>, Exclude<keyof B, Names>] extends [never, never]
  ? true
  : { onlyInList: Exclude<Names, keyof B>; onlyInType: Exclude<keyof B, Names> };

/** Compiles only when given `true` (the tie holds). */
export type Agree<T extends true> = T;

/** The object member of a field's type (the preview-unknown string, `undefined` and arrays left out). */
export type ObjectOf<T> = Exclude<Extract<NonNullable<T>, object>, readonly unknown[]>;

/** The element of a field's list type. */
export type ItemOf<T> = Extract<NonNullable<T>, readonly unknown[]>[number];

/** The type of field K of T's object member (`never` when it has none). */
export type FieldOf<T, K extends PropertyKey> = K extends keyof ObjectOf<T> ? ObjectOf<T>[K] : never;
