/**
 * The alias index's tables as one block of bytes (`kb/index.bin`; base64 in tests, the
 * evaluation, the bench, and the background's fallback message).
 *
 * Why: a page load used to build the tables from lists (hash every vocabulary word, lay
 * out the edge table, and so on). That was about 20 ms at 1x on a fresh page, some thirty
 * slices at 4x CPU throttle, and several of them went over 16 ms once a garbage
 * collection or a compilation landed in them. The tables never change between page loads,
 * so the build lays them out once and a page makes typed-array views over the bytes.
 *
 * Layout: the sections below, in this order, each starting at a multiple of 4 bytes, after
 * a 4-byte mark that tells a loader with the other byte order apart.
 */

const NAMES = ['kinds', 'eflags', 'context', 'vocabOffsets', 'vocabHashes', 'vocabSlots', 'rootChild', 'edgeNode', 'edgeLabel', 'edgeChild', 'nodeNext', 'nodeTerminal', 'termStart', 'aliasFlags', 'targetStart', 'targetList', 'shapeStart', 'shapeList', 'prefixes'] as const;
/** The sections' element types, in the same order: 1 for bytes, 4 for 32-bit integers. */
const WIDTHS = [1, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 4, 4, 4, 1, 1] as const;

export type SectionName = (typeof NAMES)[number];
type ByteSection = 'kinds' | 'eflags' | 'aliasFlags' | 'shapeList' | 'prefixes';
export type IndexTables = { [K in SectionName]: K extends ByteSection ? Uint8Array : Int32Array };

/** Written first; read back in another byte order it is 0x04030201. */
const BYTE_ORDER_MARK = 0x01020304;

const align4 = (n: number) => (n + 3) & ~3;

/** The tables as bytes, and each section's length in elements (build time). */
export function packTables(tables: IndexTables): { bytes: Uint8Array; lengths: number[] } {
  const lengths = NAMES.map((name) => tables[name].length);
  let size = 4;
  NAMES.forEach((name, k) => {
    if (tables[name].BYTES_PER_ELEMENT !== WIDTHS[k]) throw new Error(`alias index tables: ${name} has the wrong type`);
    size = align4(size) + lengths[k]! * WIDTHS[k]!;
  });
  const bytes = new Uint8Array(align4(size));
  new Int32Array(bytes.buffer, 0, 1)[0] = BYTE_ORDER_MARK;
  let at = 4;
  for (const name of NAMES) {
    at = align4(at);
    const t = tables[name];
    bytes.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), at);
    at += t.byteLength;
  }
  return { bytes, lengths };
}

/** Typed-array views over the bytes (no copy). Throws on bytes that do not fit the lengths. */
export function viewTables(bytes: Uint8Array, lengths: readonly number[]): IndexTables {
  const fail = (why: string) => new Error(`alias index tables: ${why}`);
  if (lengths.length !== NAMES.length) throw fail('wrong number of sections');
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (bytes.byteLength < 4 || new Int32Array(bytes.buffer, bytes.byteOffset, 1)[0] !== BYTE_ORDER_MARK) throw fail('other byte order, or damaged');
  const out: Partial<Record<SectionName, Uint8Array | Int32Array>> = {};
  let at = 4;
  NAMES.forEach((name, k) => {
    at = align4(at);
    const n = lengths[k]!;
    const width = WIDTHS[k]!;
    if (at + n * width > bytes.byteLength) throw fail(`${name} runs past the end`);
    out[name] = width === 1 ? new Uint8Array(bytes.buffer, bytes.byteOffset + at, n) : new Int32Array(bytes.buffer, bytes.byteOffset + at, n);
    at += n * width;
  });
  return out as IndexTables;
}

type Base64Uint8Array = typeof Uint8Array & { fromBase64?: (s: string) => Uint8Array };
type ToBase64 = Uint8Array & { toBase64?: () => string };

export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as ToBase64).toBase64;
  if (native) return native.call(bytes);
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/**
 * Native where the browser has it (Chrome 140, Firefox 133 and later): no per-byte
 * JavaScript. `native = false` is for tests of the fallback.
 */
export function fromBase64(s: string, native = true): Uint8Array {
  const from = (Uint8Array as Base64Uint8Array).fromBase64;
  if (native && from) return from(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
