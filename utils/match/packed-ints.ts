/**
 * Lists of non-negative integers packed into one string, the alias index image's form
 * for its number arrays.
 *
 * Why a string: the image ships inside the content script. Parsed from JSON, its number
 * arrays and id strings were some 430 KB of young objects on every page load, and the
 * scavenger copied all of them (twice, before promoting them) inside whichever of our
 * slices it happened to interrupt: 6-12 ms pauses at 4x CPU throttle, the longest slices
 * of a page load. A string literal lives in the old generation from the start, and
 * unpacking it fills typed arrays, whose storage is outside the collected heap.
 *
 * Format: the count, then each value; a value is written in base 32, most significant
 * digit first, every digit but the last as '`' + d (0x60-0x7f) and the last as '0' + d
 * (0x30-0x4f). Plain ASCII, about as long as the decimal JSON it replaces.
 */

const LAST = 0x30;
const MORE = 0x60;

function pushValue(out: string[], n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`cannot pack ${n}: only non-negative integers`);
  const digits: number[] = [LAST + (n % 32)];
  for (n = Math.floor(n / 32); n > 0; n = Math.floor(n / 32)) digits.push(MORE + (n % 32));
  for (let i = digits.length - 1; i >= 0; i--) out.push(String.fromCharCode(digits[i]!));
}

/** Packs a list (at build time). */
export function packInts(values: ArrayLike<number>): string {
  const out: string[] = [];
  pushValue(out, values.length);
  for (let i = 0; i < values.length; i++) pushValue(out, values[i]!);
  return out.join('');
}

/**
 * Unpacks a list into an Int32Array, yielding every `step + 1` values (a power of two,
 * minus one): on a page load this is cold code, spread over the content script's slices.
 */
export function* unpackInts(s: string, step = 127): Generator<void, Int32Array> {
  let i = 0;
  const next = (): number => {
    let n = 0;
    for (;;) {
      const c = s.charCodeAt(i++);
      if (c >= MORE) n = n * 32 + (c - MORE);
      else if (c >= LAST) return n * 32 + (c - LAST);
      else throw new Error(`packed list: bad character at ${i - 1}`);
    }
  };
  const out = new Int32Array(next());
  for (let k = 0; k < out.length; k++) {
    if ((k & step) === step) yield;
    out[k] = next();
  }
  if (i !== s.length) throw new Error(`packed list: ${s.length - i} characters left over`);
  return out;
}

/** The same, in one go (tests, evaluation, benchmarks). */
export function unpackIntsNow(s: string): Int32Array {
  const steps = unpackInts(s);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
