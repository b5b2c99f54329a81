import { describe, expect, it } from 'vitest';
import { packInts, unpackInts, unpackIntsNow } from '../../utils/match/packed-ints';

describe('packed integer lists (the alias index image)', () => {
  it('gives back every value, small and large, in order', () => {
    const values = [0, 1, 31, 32, 33, 1023, 1024, 65535, 65536, 2 ** 31 - 1, 7, 0];
    const packed = packInts(values);
    expect([...unpackIntsNow(packed)]).toEqual(values);
    expect([...unpackIntsNow(packInts([]))]).toEqual([]);
  });

  it('is plain printable ASCII, with no quote or backslash to escape in the bundle', () => {
    const packed = packInts(Array.from({ length: 5000 }, (_, i) => i * 37));
    expect(packed).toMatch(/^[\x30-\x4f\x60-\x7f]+$/);
    expect(packed).not.toMatch(/["\\]/);
  });

  it('yields in steps of the size asked for', () => {
    const steps = unpackInts(packInts(Array.from({ length: 1000 }, (_, i) => i)), 127);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    expect(yields).toBe(7);
    expect(r.value[999]).toBe(999);
  });

  it('refuses what it cannot pack or read, instead of loading a wrong index', () => {
    expect(() => packInts([-1])).toThrow(/non-negative/);
    expect(() => packInts([1.5])).toThrow(/non-negative/);
    const packed = packInts([5, 6, 7]);
    expect(() => unpackIntsNow(packed.slice(0, -1))).toThrow(/bad character/);
    expect(() => unpackIntsNow(packed + '1')).toThrow(/left over/);
    expect(() => unpackIntsNow('3 1 2')).toThrow(/bad character/);
  });
});
