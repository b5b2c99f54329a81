/**
 * Notes as W3C Web Annotations (JSON-LD), out and in.
 *
 * Export writes everything a record holds, so that a file exported by Dossier comes back
 * identical (the fields the model has no word for go under the `dossier:` prefix). Import
 * is liberal: files from other tools (Hypothesis, Annotorious, Recogito, hand-written)
 * spell the same things in several ways, and one odd annotation must not cost the reader
 * the rest of the file, so each annotation is either a valid record or a reasoned skip.
 *
 * Pure: no browser globals, so it runs in any context and in Node for tests.
 */
import * as v from 'valibot';
import { NoteDraftSchema } from '../messaging';
import { pageKeysFor } from './page-url';
import { LIMITS, type AnchorStatus, type NoteDraft, type NoteRecord, type PageInfo } from './types';

/** Larger files are almost certainly not notes, and would stall the page reading them. */
export const MAX_IMPORT_CHARS = 50 * 1024 * 1024;
export const MAX_IMPORT_ANNOTATIONS = 200_000;

const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const OA = 'http://www.w3.org/ns/oa#';
const ENTITY_PREFIX = 'urn:dossier:entity:';

// ---------------------------------------------------------------------------------------
// Export

export interface ExportOptions {
  /** The entity's public address (Wikidata or Wikipedia), when it has one. */
  entitySource(id: string): string | undefined;
  /** ISO time of the export. */
  generated: string;
  generator: { name: string; version: string };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface AnnotationCollection {
  '@context': Json[];
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generated: string;
  generator: { type: 'Software'; name: string; 'dossier:version': string };
  first: { type: 'AnnotationPage'; startIndex: 0; items: { [key: string]: Json }[] };
}

function toAnnotation(n: NoteRecord, entitySource: ExportOptions['entitySource']): { [key: string]: Json } {
  const body: { [key: string]: Json }[] = [];
  if (n.note !== '') {
    const comment: { [key: string]: Json } = { type: 'TextualBody', purpose: 'commenting', value: n.note, format: 'text/plain' };
    // An empty language is not a language tag; the page's language is kept in dossier:page anyway.
    if (n.page.lang) comment.language = n.page.lang;
    body.push(comment);
  }
  for (const tag of n.tags) body.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  for (const id of n.entities) {
    const iri = ENTITY_PREFIX + id;
    body.push({ type: 'SpecificResource', purpose: 'identifying', id: iri, source: entitySource(id) ?? iri });
  }

  const page: { [key: string]: Json } = { title: n.page.title, site: n.page.site, language: n.page.lang };
  if (n.page.published) page.published = n.page.published;
  page.visited = n.page.visitedUrl;
  const target: { [key: string]: Json } = {
    type: 'SpecificResource',
    source: n.page.url,
    selector: [
      { type: 'TextQuoteSelector', exact: n.quote.exact, prefix: n.quote.prefix, suffix: n.quote.suffix },
      { type: 'TextPositionSelector', start: n.position.start, end: n.position.end },
    ],
    'dossier:page': page,
  };
  if (n.anchor) target['dossier:anchor'] = { status: n.anchor.status, checked: n.anchor.checked };

  const annotation: { [key: string]: Json } = {
    id: `urn:uuid:${n.id}`,
    type: 'Annotation',
    created: n.created,
    modified: n.updated,
    motivation: n.note !== '' ? 'commenting' : 'highlighting',
  };
  if (body.length) annotation.body = body;
  annotation.target = target;
  return annotation;
}

/** The notes as one W3C AnnotationCollection, in the order given. */
export function toAnnotationCollection(notes: NoteRecord[], opts: ExportOptions): AnnotationCollection {
  return {
    '@context': [ANNO_CONTEXT, { dossier: 'urn:dossier:' }],
    type: 'AnnotationCollection',
    label: 'Dossier notes',
    total: notes.length,
    generated: opts.generated,
    generator: { type: 'Software', name: opts.generator.name, 'dossier:version': opts.generator.version },
    first: { type: 'AnnotationPage', startIndex: 0, items: notes.map((n) => toAnnotation(n, opts.entitySource)) },
  };
}

// ---------------------------------------------------------------------------------------
// Import

export interface ImportOptions {
  /** The entity a public address (Wikidata, Wikipedia) stands for, if Dossier knows it. */
  entityFromSource(source: string): string | undefined;
  /** ISO time given to annotations that do not say when they were made. */
  now: string;
}

export type ImportProblem = { code: 'not-json' | 'truncated' | 'empty' | 'not-annotations' | 'too-large'; detail?: string };
export type Skip = { index: number; reason: 'no-quote' | 'no-source' | 'invalid' | 'duplicate-in-file'; detail?: string };
export type ImportParse = { ok: true; notes: NoteRecord[]; skipped: Skip[]; total: number } | { ok: false; problem: ImportProblem };

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** "Annotation", "oa:Annotation" and the full IRI are the same type; `type` may be a list. */
function hasType(o: Obj, name: string): boolean {
  const type = o.type ?? o['@type'];
  if (type === name) return true; // the usual case, checked without building anything
  for (const t of list(type)) if (t === name || t === `oa:${name}` || t === OA + name) return true;
  return false;
}

const untyped = (o: Obj) => o.type === undefined && o['@type'] === undefined;

/** Typed as an annotation, or an untyped object with a target (hand-written files). */
const isAnnotation = (x: unknown): boolean => isObj(x) && (hasType(x, 'Annotation') || (untyped(x) && x.target !== undefined));

function isContainer(o: Obj): boolean {
  if (hasType(o, 'AnnotationCollection') || hasType(o, 'AnnotationPage')) return true;
  return untyped(o) && o.target === undefined && (Array.isArray(o.items) || o.first !== undefined);
}

/**
 * Every annotation-shaped entry of the document, in order: a collection's pages (`first`,
 * a list of pages, or embedded `next` pages), a page's items, a bare list, one annotation.
 */
function gather(root: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 8) return; // real files nest two or three levels; deeper is not a collection
    if (Array.isArray(node)) {
      for (const item of node) {
        if (isObj(item) && isContainer(item)) visit(item, depth + 1);
        else out.push(item);
      }
      return;
    }
    if (!isObj(node)) return;
    if (isAnnotation(node)) {
      out.push(node);
      return;
    }
    if (!isContainer(node)) return;
    if (Array.isArray(node.items)) visit(node.items, depth + 1);
    if (node.first !== undefined && typeof node.first !== 'string') visit(node.first, depth + 1);
    // Pages chained through embedded `next` objects: a loop, as the chain can be long.
    for (let next = node.next, n = 0; isObj(next) && n < 100_000; next = next.next, n++) {
      if (Array.isArray(next.items)) visit(next.items, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** A file cut short fails at its very end; anything else is a file that is not JSON. */
function jsonProblem(text: string, err: unknown): ImportProblem {
  const detail = err instanceof Error ? err.message : String(err);
  // V8 "Unexpected end of JSON input", Firefox "unexpected end of data", Safari "Unexpected EOF";
  // a string is only unterminated when the text ends inside it.
  if (/end of (json )?(input|data)|unexpected eof|unterminated string/i.test(detail)) return { code: 'truncated', detail };
  // Extra text after a complete value is not a cut.
  if (!/after (the )?json/i.test(detail)) {
    const at = errorOffset(text, detail);
    // An error at a closing bracket means the parser saw the end of the structure: malformed, not cut.
    if (at !== undefined && at >= text.trimEnd().length - 1 && !/[\]}]/.test(text.charAt(at))) return { code: 'truncated', detail };
  }
  return { code: 'not-json', detail };
}

/** Where the parser stopped: V8 gives a position, Firefox a line and column. */
function errorOffset(text: string, message: string): number | undefined {
  const pos = /position (\d+)/i.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/i.exec(message);
  if (!lc) return undefined;
  let at = 0;
  for (let line = Number(lc[1]); line > 1; line--) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return undefined;
    at = nl + 1;
  }
  return at + Number(lc[2]) - 1;
}

/** Cuts to `max` UTF-16 units without leaving half of a surrogate pair at the cut. */
function clip(s: string, max: number, keep: 'start' | 'end' = 'start'): string {
  if (s.length <= max) return s;
  if (keep === 'start') {
    const out = s.slice(0, max);
    return /[\uD800-\uDBFF]$/.test(out) ? out.slice(0, -1) : out;
  }
  const out = s.slice(-max);
  return /^[\uDC00-\uDFFF]/.test(out) ? out.slice(1) : out;
}

/** An http(s) address as written; other spellings of one (upper-case scheme, spaces) normalised. */
function httpUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return /^https?:\/\//.test(raw) ? raw : u.href;
}

const ISO_START = /^\d{4}-\d{2}-\d{2}/;

/** Already as toISOString() writes it, on a day every month has: nothing to normalise. */
const ISO_CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function isoTime(x: unknown): string | undefined {
  if (typeof x !== 'string' || !ISO_START.test(x)) return undefined;
  // Most times in a file are our own; skipping Date for them is a tenth of a big import.
  if (ISO_CANONICAL.test(x)) return x;
  const d = new Date(x);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The id (`id` or JSON-LD's `@id`) of a resource given as an IRI or as an object. */
function iriOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (isObj(x)) return str(x.id) ?? str(x['@id']);
  return undefined;
}

/** W3C purposes and motivations, with or without the oa: prefix. */
function purposeOf(x: unknown): string | undefined {
  if (x === undefined) return undefined;
  for (const p of list(x)) {
    if (typeof p !== 'string') continue;
    return p.startsWith('oa:') ? p.slice(3) : p.startsWith(OA) ? p.slice(OA.length) : p;
  }
  return undefined;
}

/** Bodies whose text is the reader's own words. */
const NOTE_PURPOSES = new Set(['commenting', 'describing', 'replying', 'editing', 'questioning', 'assessing']);
/** Bodies that may point at something Dossier knows (a Wikidata item, say). */
const ENTITY_PURPOSES = new Set(['identifying', 'classifying', 'tagging']);

/** The entity id rule of the messaging schema, reused rather than restated. */
const EntityIdSchema = NoteDraftSchema.entries.entities.pipe[0].item;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const STATUSES: ReadonlySet<string> = new Set<AnchorStatus>(['found', 'fuzzy', 'orphan']);

const isPositionOffset = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

interface QuoteFound {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * The first usable TextQuoteSelector, looking at the listed selectors before their
 * refinements (a quote is plain page text wherever it sits in the chain).
 */
function findQuote(selector: unknown): QuoteFound | undefined {
  let level = list(selector);
  for (let depth = 0; level.length && depth < 8; depth++) {
    const next: unknown[] = [];
    for (const s of level) {
      if (!isObj(s)) continue;
      if (hasType(s, 'TextQuoteSelector') && typeof s.exact === 'string' && s.exact !== '') {
        return { exact: s.exact, prefix: str(s.prefix) ?? '', suffix: str(s.suffix) ?? '' };
      }
      next.push(...list(s.refinedBy));
    }
    level = next;
  }
  return undefined;
}

/**
 * Offsets from a TextPositionSelector listed on the target itself. One that refines another
 * selector counts from the start of that selection, not of the page, so it is no help.
 */
function findPosition(selector: unknown): { start: number; end: number } {
  for (const s of list(selector)) {
    if (isObj(s) && hasType(s, 'TextPositionSelector') && isPositionOffset(s.start) && isPositionOffset(s.end) && s.start <= s.end) {
      return { start: s.start, end: s.end };
    }
  }
  return { start: 0, end: 0 };
}

/** The first line of a validation failure, for the reader ("quote.exact: …"). */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? path + ': ' : ''}${issue.message}`;
}

/** Where an annotation's id comes from: its own UUID, or a name to derive one from. */
type IdSource = { uuid: string } | { name: string };

type Converted = { ok: true; record: NoteRecord; id: IdSource } | { ok: false; reason: Skip['reason']; detail?: string };

/** Work done once per page rather than once per note (a file holds many notes per page). */
interface PageCache {
  urls: Map<string, string | undefined>;
  keys: Map<string, string[]>;
}

function cachedHttpUrl(raw: unknown, cache: PageCache): string | undefined {
  if (typeof raw !== 'string') return undefined;
  if (cache.urls.has(raw)) return cache.urls.get(raw);
  const url = httpUrl(raw);
  cache.urls.set(raw, url);
  return url;
}

function convert(a: unknown, opts: ImportOptions, cache: PageCache): Converted {
  if (!isAnnotation(a)) return { ok: false, reason: 'invalid', detail: 'not an annotation' };
  const ann = a as Obj;

  // The first target that quotes a passage: other targets (a whole page, an image) cannot be re-found as text.
  let target: Obj | undefined;
  let quote: QuoteFound | undefined;
  for (const t of list(ann.target)) {
    if (!isObj(t)) continue;
    quote = findQuote(t.selector);
    if (quote) {
      target = t;
      break;
    }
  }
  if (!target || !quote) return { ok: false, reason: 'no-quote' };
  if (quote.exact.length > LIMITS.quote) {
    return { ok: false, reason: 'invalid', detail: `the passage is ${quote.exact.length} characters long; Dossier keeps passages of up to ${LIMITS.quote}` };
  }
  const url = cachedHttpUrl(iriOf(target.source), cache);
  if (!url) return { ok: false, reason: 'no-source', detail: clip(iriOf(target.source) ?? 'no address', 200) };

  // Bodies: the W3C default for a body without purpose is the annotation's motivation.
  const motivation = purposeOf(ann.motivation);
  const defaultPurpose = motivation === 'tagging' ? 'tagging' : undefined;
  const texts: string[] = [];
  const rawTags: string[] = [];
  const entities: string[] = [];
  let bodyLang: string | undefined;
  const addEntity = (id: string | undefined, source: string | undefined) => {
    let entity: string | undefined;
    if (id?.startsWith(ENTITY_PREFIX)) entity = id.slice(ENTITY_PREFIX.length);
    else if (source?.startsWith(ENTITY_PREFIX)) entity = source.slice(ENTITY_PREFIX.length);
    else entity = (source && opts.entityFromSource(source)) || (id && opts.entityFromSource(id)) || undefined;
    // A reference Dossier cannot name is dropped like any unknown link, not held against the note.
    if (entity && v.is(EntityIdSchema, entity) && !entities.includes(entity)) entities.push(entity);
  };
  const bodyValue = str(ann.bodyValue);
  if (bodyValue) texts.push(bodyValue);
  for (const b of list(ann.body)) {
    if (typeof b === 'string') {
      addEntity(b, undefined);
      continue;
    }
    if (!isObj(b)) continue;
    const purpose = purposeOf(b.purpose) ?? defaultPurpose;
    const text = str(b.value) ?? str(b.chars);
    if (hasType(b, 'TextualBody') || (untyped(b) && text !== undefined)) {
      if (!text) continue;
      if (purpose === 'tagging') rawTags.push(text);
      else if (purpose === undefined || NOTE_PURPOSES.has(purpose)) {
        texts.push(text);
        bodyLang ??= str(b.language);
      }
      continue;
    }
    if (purpose === undefined || ENTITY_PURPOSES.has(purpose)) addEntity(iriOf(b), iriOf(b.source));
  }

  // Tags as the popup makes them: trimmed, short, distinct, and not too many.
  const tags: string[] = [];
  for (const raw of rawTags) {
    const tag = clip(raw.trim(), LIMITS.tag).trim();
    if (tag && !tags.includes(tag)) tags.push(tag);
    if (tags.length === LIMITS.tags) break;
  }

  const meta = isObj(target['dossier:page']) ? target['dossier:page'] : isObj(target['urn:dossier:page']) ? target['urn:dossier:page'] : {};
  const visitedUrl = cachedHttpUrl(meta.visited, cache) ?? url;
  const site = str(meta.site) ?? new URL(url).hostname.replace(/^www\./, '');
  const bodyLanguage = bodyLang && LANGUAGE_TAG.test(bodyLang) && bodyLang.length <= 35 ? bodyLang : undefined;
  const page: PageInfo = { url, visitedUrl, title: clip(str(meta.title) ?? '', LIMITS.title), site, lang: str(meta.language) ?? bodyLanguage ?? '' };
  const published = str(meta.published);
  if (published && DAY.test(published)) page.published = published;

  const draft: NoteDraft = {
    page,
    // Other tools keep longer context than we do; the part next to the passage is what helps re-finding it.
    quote: { exact: quote.exact, prefix: clip(quote.prefix, LIMITS.context, 'end'), suffix: clip(quote.suffix, LIMITS.context) },
    position: findPosition(target.selector),
    entities,
    note: texts.join('\n\n'),
    tags,
  };
  const checked = v.safeParse(NoteDraftSchema, draft);
  if (!checked.success) return { ok: false, reason: 'invalid', detail: firstIssue(checked.issues) };

  const createdGiven = isoTime(ann.created);
  const modified = isoTime(ann.modified);
  // Without a creation time the last modification is still closer to the truth than now.
  const created = createdGiven ?? modified ?? opts.now;
  const keysId = `${visitedUrl}\n${url}`;
  let pageKeys = cache.keys.get(keysId);
  if (!pageKeys) cache.keys.set(keysId, (pageKeys = pageKeysFor(visitedUrl, url)));

  // Spelled out rather than spread: spreading is the slowest step of a large import.
  const record: NoteRecord = {
    id: '', // given once foreign ids are hashed, all together
    page: draft.page,
    quote: draft.quote,
    position: draft.position,
    entities: draft.entities,
    note: draft.note,
    tags: draft.tags,
    created,
    updated: modified ?? created,
    pageKeys: pageKeys.slice(),
  };
  const anchor = isObj(target['dossier:anchor']) ? target['dossier:anchor'] : undefined;
  const anchorChecked = isoTime(anchor?.checked);
  if (anchor && typeof anchor.status === 'string' && STATUSES.has(anchor.status) && anchorChecked) {
    record.anchor = { status: anchor.status as AnchorStatus, checked: anchorChecked };
  }

  const rawId = ann.id ?? ann['@id'];
  let id: IdSource;
  if (typeof rawId === 'string' && rawId !== '') {
    const bare = rawId.replace(/^urn:uuid:/i, '');
    id = UUID.test(bare) ? { uuid: bare.toLowerCase() } : { name: rawId };
  } else {
    // No id: the same passage saved at the same time is the same annotation, however often imported.
    id = { name: JSON.stringify([url, draft.quote.exact, draft.quote.prefix, createdGiven ?? null]) };
  }
  return { ok: true, record, id };
}

/**
 * A stable UUID for a foreign id: the SHA-256 of the name, shaped as an RFC 9562 version-8
 * UUID, so that importing the same file twice updates notes instead of duplicating them.
 */
export async function uuidFromName(name: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name)));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Reads a file of W3C annotations into note records. Problems with the file as a whole
 * come back as `ok: false`; problems with single annotations as skips, so a file in which
 * nothing could be used is still `ok: true` (the caller says why nothing was imported).
 */
export async function parseAnnotations(text: string, opts: ImportOptions): Promise<ImportParse> {
  if (text.length > MAX_IMPORT_CHARS) return { ok: false, problem: { code: 'too-large', detail: `${text.length} characters` } };
  // Editors on Windows like to start files with a byte-order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, problem: { code: 'empty' } };

  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: jsonProblem(text, err) };
  }

  const entries = gather(root);
  if (!entries.some(isAnnotation)) return { ok: false, problem: { code: 'not-annotations' } };
  if (entries.length > MAX_IMPORT_ANNOTATIONS) return { ok: false, problem: { code: 'too-large', detail: `${entries.length} annotations` } };

  const skipped: Skip[] = [];
  const converted: { index: number; record: NoteRecord; id: IdSource }[] = [];
  const cache: PageCache = { urls: new Map(), keys: new Map() };
  entries.forEach((entry, index) => {
    let c: Converted;
    try {
      c = convert(entry, opts, cache);
    } catch (err) {
      // A shape nobody foresaw: that annotation is skipped, the file still imports.
      c = { ok: false, reason: 'invalid', detail: err instanceof Error ? err.message : String(err) };
    }
    if (c.ok) converted.push({ index, record: c.record, id: c.id });
    else skipped.push({ index, reason: c.reason, ...(c.detail ? { detail: c.detail } : {}) });
  });

  // Hashing is the only asynchronous step: all of it at once, each distinct name once.
  const names = [...new Set(converted.flatMap((c) => ('name' in c.id ? [c.id.name] : [])))];
  const hashed = new Map(await Promise.all(names.map(async (name) => [name, await uuidFromName(name)] as const)));

  // The same note twice in one file (an export of an export): the latest edit wins.
  const kept = new Map<string, { index: number; record: NoteRecord }>();
  for (const c of converted) {
    const id = 'uuid' in c.id ? c.id.uuid : hashed.get(c.id.name)!;
    const record = c.record;
    record.id = id;
    const before = kept.get(id);
    if (!before) kept.set(id, { index: c.index, record });
    else if (record.updated > before.record.updated) {
      skipped.push({ index: before.index, reason: 'duplicate-in-file', detail: `annotation ${c.index} is newer` });
      kept.set(id, { index: c.index, record });
    } else skipped.push({ index: c.index, reason: 'duplicate-in-file', detail: `annotation ${before.index} is as new or newer` });
  }

  const notes = [...kept.values()].sort((a, b) => a.index - b.index).map((k) => k.record);
  skipped.sort((a, b) => a.index - b.index);
  return { ok: true, notes, skipped, total: entries.length };
}
