/**
 * The one protocol between Dossier's contexts. Every message is validated against these
 * schemas on arrival (with size caps), and its sender checked: a content script runs in
 * pages we do not control, so anything it sends is untrusted input.
 */
import * as v from 'valibot';
import type { CardData } from './kb/types';

export const MAX_CARD_IDS = 200;

const EntityId = v.pipe(v.string(), v.maxLength(80), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

/** Requests handled by the background (from content scripts and extension pages). */
export const BackgroundRequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('cards:get'), ids: v.pipe(v.array(EntityId), v.minLength(1), v.maxLength(MAX_CARD_IDS)) }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export interface BackgroundResponses {
  'cards:get': { cards: (CardData | null)[] };
}

/** Requests the popup sends to the content script of the active tab. */
export const TabRequestSchema = v.variant('type', [
  v.strictObject({ type: v.literal('page:summary') }),
  v.strictObject({ type: v.literal('page:reveal'), id: EntityId }),
]);
export type TabRequest = v.InferOutput<typeof TabRequestSchema>;

export interface PageSummary {
  status: 'active' | 'paused' | 'site-off' | 'starting';
  site: string;
  /** Entities on the page, most mentioned first. */
  entities: { id: string; count: number }[];
}

export interface TabResponses {
  'page:summary': PageSummary;
  'page:reveal': { found: boolean };
}

/** What a listener sees of a message's sender (the subset of runtime.MessageSender we check). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
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

export function parseTabRequest(message: unknown): TabRequest | null {
  const r = v.safeParse(TabRequestSchema, message);
  return r.success ? r.output : null;
}
