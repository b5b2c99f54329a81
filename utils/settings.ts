/**
 * User settings, kept in `storage.local` (never synced: nothing leaves the machine).
 * Whatever is stored is validated on read. Each setting falls back to its default on its
 * own, so settings stored by an older version (without the newer keys) still parse, and
 * one unreadable value does not cost the reader every other choice (their site list).
 */
import * as v from 'valibot';

/** How mentions are painted: an underline of one of three styles, or a soft background tint. */
export const UNDERLINE_STYLES = ['solid', 'dotted', 'wavy', 'tint'] as const;
export type UnderlineStyle = (typeof UNDERLINE_STYLES)[number];

export const HOVER_DELAY_MAX = 2000;

/** A setting: missing means the default, and so does a value of the wrong shape. */
function setting<S extends v.GenericSchema, D extends v.InferOutput<S>>(schema: S, fallback: D) {
  return v.fallback(v.optional(schema, fallback), fallback);
}

export const SettingsSchema = v.object({
  /** Paused everywhere. */
  paused: setting(v.boolean(), false),
  /** Sites (host names without "www.") where Dossier is off. */
  disabledSites: setting(v.array(v.pipe(v.string(), v.maxLength(253))), []),
  /** Hover delay before a card opens, in ms. */
  hoverDelay: setting(v.pipe(v.number(), v.minValue(0), v.maxValue(HOVER_DELAY_MAX)), 250),
  /** UI and card language: "auto" follows the browser. */
  language: setting(v.picklist(['auto', 'en', 'fr']), 'auto'),
  /**
   * Kinds of entity (ENTITY_KINDS names) that are not marked. The kinds switched off are
   * stored rather than those switched on, so a kind added in a later version starts on.
   * Unknown names are kept and ignored (a kind may come back).
   */
  hiddenKinds: setting(v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.maxLength(50)), []),
  /** How mentions are painted; "solid" is how they were painted before there was a choice. */
  underline: setting(v.picklist(UNDERLINE_STYLES), 'solid'),
  /** Only the first mention of each entity is marked (and opens a card). */
  firstMentionOnly: setting(v.boolean(), false),
  /** The small toolbar beside a selection (the context menu, the shortcut and the popup still save). */
  selectionToolbar: setting(v.boolean(), true),
  /** The toolbar button shows how many distinct entities the page has. */
  badge: setting(v.boolean(), false),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const SETTINGS_KEY = 'settings';

export function parseSettings(raw: unknown): Settings {
  const r = v.safeParse(SettingsSchema, raw ?? {});
  return r.success ? r.output : v.parse(SettingsSchema, {});
}

/** The key a site is switched off under: its host name, without "www.". */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export type SiteInputProblem = 'empty' | 'scheme' | 'invalid';

/** A DNS name of at least two labels, an IPv4 address, an IPv6 literal, or localhost. */
const HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})|(?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:.]+\]|localhost)$/;

/**
 * What a reader typed to switch Dossier off for a site (a URL or a host name), as the
 * key `siteOf` gives for that site's pages; or why it is not a site.
 */
export function siteFromInput(input: string): { site: string } | { problem: SiteInputProblem } {
  const text = input.trim();
  if (!text) return { problem: 'empty' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  // "example.org:8080" has a colon but no scheme; "chrome://settings" and "file:///x" do.
  const hasScheme = scheme !== null && (text.slice(scheme[0].length).startsWith('//') || !/^\d/.test(text.slice(scheme[0].length)));
  if (hasScheme && !/^https?$/i.test(scheme![1]!)) return { problem: 'scheme' };
  if (/\s/.test(text)) return { problem: 'invalid' };
  // URL() reads "12345" as the address 0.0.48.57: digits are an address only when dotted in four.
  const typedHost = (hasScheme ? text.slice(scheme![0].length).replace(/^\/\//, '') : text).split(/[/?#:]/)[0]!;
  if (/^[\d.]+$/.test(typedHost) && !/^(?:\d{1,3}\.){3}\d{1,3}$/.test(typedHost)) return { problem: 'invalid' };
  const site = siteOf(hasScheme ? text : `http://${text}`);
  // URL() accepts more than hosts we could ever run on ("a..b" is an error, "%" is not).
  if (!site || site.length > 253 || !HOST.test(site)) return { problem: 'invalid' };
  return { site };
}

export function activeOn(settings: Settings, site: string): boolean {
  return !settings.paused && !settings.disabledSites.includes(site);
}
