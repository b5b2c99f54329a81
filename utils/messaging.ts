/**
 * The one protocol between Dossier's contexts. Every message is validated against these
 * schemas on arrival (with size caps), and its sender checked: a content script runs in
 * pages we do not control, so anything it sends is untrusted input.
 */
import * as v from 'valibot';
import type { CardData } from './kb/types';
import { LIMITS, type NoteDraft, type NoteRecord } from './notes/types';

export const MAX_CARD_IDS = 200;
/** More distinct entities than any page has (the knowledge base has about 1,300). */
export const MAX_PAGE_ENTITIES = 10_000;

const EntityId = v.pipe(v.string(), v.maxLength(80), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

const Str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Url = v.pipe(v.string(), v.maxLength(LIMITS.url), v.regex(/^https?:\/\//, 'only http(s) pages have notes'));

export const PageInfoSchema = v.strictObject({
  url: Url,
  visitedUrl: Url,
  title: Str(LIMITS.title),
  site: Str(253),
  lang: Str(35),
  published: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

export const NoteDraftSchema = v.strictObject({
  page: PageInfoSchema,
  quote: v.strictObject({
    exact: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.quote, `passages are limited to ${LIMITS.quote} characters`)),
    prefix: Str(LIMITS.context),
    suffix: Str(LIMITS.context),
  }),
  position: v.pipe(
    v.strictObject({ start: v.pipe(v.number(), v.integer(), v.minValue(0)), end: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    v.check((p) => p.end >= p.start, 'the passage ends before it starts'),
  ),
  entities: v.pipe(v.array(EntityId), v.maxLength(500)),
  note: Str(LIMITS.note),
  tags: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.tag))), v.maxLength(LIMITS.tags)),
});

const NoteId = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

/** Requests handled by the background (from content scripts and extension pages). */
export const BackgroundRequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('cards:get'), ids: v.pipe(v.array(EntityId), v.minLength(1), v.maxLength(MAX_CARD_IDS)) }),
  /** The alias index's tables, for a content script whose own fetch was refused (kb-tables.ts). */
  v.strictObject({ type: v.literal('kb:tables') }),
  /** Save a passage of the sender's own page. */
  v.strictObject({ type: v.literal('note:save'), draft: NoteDraftSchema }),
  /** The notes of the sender's own page (canonical URL claimed by the page, same site only). */
  v.strictObject({ type: v.literal('notes:forPage'), canonical: v.optional(Url) }),
  /** How re-finding the sender's page's notes went. */
  v.strictObject({
    type: v.literal('notes:anchors'),
    canonical: v.optional(Url),
    results: v.pipe(v.array(v.strictObject({ id: NoteId, status: v.picklist(['found', 'fuzzy', 'orphan']) })), v.maxLength(2000)),
  }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

/**
 * Reports from a content script about its page, which the background acts on without
 * answering with data. Kept out of BackgroundRequestSchema, whose handlers narrow its
 * union by elimination (utils/notes/service.ts) and would each need to learn the type.
 */
export const PageReportSchema = v.variant('type', [
  /** How many distinct entities the sender's page has (for the toolbar badge, when it is on). */
  v.strictObject({ type: v.literal('page:entities'), count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PAGE_ENTITIES)) }),
]);
export type PageReport = v.InferOutput<typeof PageReportSchema>;

export function parsePageReport(message: unknown): PageReport | null {
  const r = v.safeParse(PageReportSchema, message);
  return r.success ? r.output : null;
}

/** What a failed save tells the page: the reason is shown to the reader, the draft is kept. */
export type SaveFailure = 'invalid' | 'quota' | 'closed' | 'failed' | 'not-allowed';

export interface BackgroundResponses {
  'cards:get': { cards: (CardData | null)[] };
  /** Base64. */
  'kb:tables': { tables: string };
  'note:save': { ok: true; note: NoteRecord } | { ok: false; reason: SaveFailure; message: string };
  'notes:forPage': { notes: NoteRecord[] };
  'notes:anchors': { ok: boolean };
  'page:entities': { ok: boolean };
}

/**
 * Requests the popup and the background send to the content script of a tab. Checked by
 * hand (parseTabRequest) rather than with valibot: the content script runs on every page,
 * and these five shapes do not justify carrying the library there.
 */
export type TabRequest =
  | { type: 'page:summary' }
  | { type: 'page:reveal'; id: string }
  /** Save the current selection now (context menu, keyboard shortcut). */
  | { type: 'selection:save' }
  /** The current selection as a draft, for the popup to save with a note. */
  | { type: 'selection:draft' }
  /** Notes of this page changed elsewhere (the popup): paint them again. */
  | { type: 'notes:changed' };

const ENTITY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const BARE_TAB_REQUESTS: ReadonlySet<string> = new Set(['page:summary', 'selection:save', 'selection:draft', 'notes:changed']);

export interface PageSummary {
  status: 'active' | 'paused' | 'site-off' | 'starting';
  site: string;
  /** The page's URL and its canonical URL (same site only), to find its notes. */
  url: string;
  canonical?: string;
  /** Entities on the page, most mentioned first. */
  entities: { id: string; count: number }[];
}

export interface TabResponses {
  'page:summary': PageSummary;
  'page:reveal': { found: boolean };
  'selection:save': { saved: boolean; reason?: string };
  'selection:draft': { draft: NoteDraft | null; tooLong?: number };
  'notes:changed': { ok: true };
}

/** What a listener sees of a message's sender (the subset of runtime.MessageSender we check). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * The tab of a message from our content script, or undefined for anything else: an
 * extension page (even one open in a tab, like the options page) or another extension.
 * The tab is the browser's word (sender.tab), never one named in the message.
 */
export function contentScriptTab(sender: SenderInfo, extensionId: string, extensionOrigin: string): number | undefined {
  if (sender.id !== extensionId || typeof sender.url !== 'string' || fromExtensionPage(sender, extensionId, extensionOrigin)) return undefined;
  const id = (sender.tab as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** A message from our own extension at all (content script or page)? */
export function fromOurExtension(sender: SenderInfo, extensionId: string): boolean {
  return sender.id === extensionId;
}

/** A message from one of our extension pages (popup, options), never a content script? */
export function fromExtensionPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

export function parseBackgroundRequest(message: unknown): BackgroundRequest | null {
  const r = v.safeParse(BackgroundRequestSchema, message);
  return r.success ? r.output : null;
}

/** Like parseBackgroundRequest, with the first problem in words (for a clear message to the page). */
export function checkBackgroundRequest(message: unknown): { ok: true; request: BackgroundRequest } | { ok: false; problem: string } {
  const r = v.safeParse(BackgroundRequestSchema, message);
  if (r.success) return { ok: true, request: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, problem: `${path ? path + ': ' : ''}${issue.message}` };
}

/** A TabRequest exactly (no other keys), or null. */
export function parseTabRequest(message: unknown): TabRequest | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const m = message as Record<string, unknown>;
  const keys = Object.keys(m);
  if (typeof m['type'] !== 'string') return null;
  if (BARE_TAB_REQUESTS.has(m['type'])) return keys.length === 1 ? ({ type: m['type'] } as TabRequest) : null;
  if (m['type'] === 'page:reveal') {
    const id = m['id'];
    const ok = keys.length === 2 && typeof id === 'string' && id.length <= 80 && ENTITY_ID.test(id);
    return ok ? { type: 'page:reveal', id } : null;
  }
  return null;
}
