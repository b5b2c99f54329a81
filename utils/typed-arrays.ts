/** A copy of `a` with room for `capacity` elements (the growing arrays of the engine and the mention store). */
export function grown<T extends Int32Array | Uint8Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}
