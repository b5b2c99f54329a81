/**
 * User settings, kept in `storage.local` (never synced: nothing leaves the machine).
 * Whatever is stored is validated on read. Each setting falls back to its default on its
 * own, so settings stored by an older version (without the newer keys) still parse, and
 * one unreadable value does not cost the reader every other choice (their site list).
 */
/** How mentions are painted: an underline of one of three styles, or a soft background tint. */
export const UNDERLINE_STYLES = ['solid', 'dotted', 'wavy', 'tint'] as const;
export type UnderlineStyle = (typeof UNDERLINE_STYLES)[number];

export const HOVER_DELAY_MAX = 2000;
const LANGUAGES = ['auto', 'en', 'fr'] as const;

export interface Settings {
  /** Paused everywhere. */
  paused: boolean;
  /** Sites (host names without "www.") where Dossier is off. */
  disabledSites: string[];
  /** Hover delay before a card opens, in ms (0 to HOVER_DELAY_MAX). */
  hoverDelay: number;
  /** UI and card language: "auto" follows the browser. */
  language: (typeof LANGUAGES)[number];
  /**
   * Kinds of entity (ENTITY_KINDS names) that are not marked. The kinds switched off are
   * stored rather than those switched on, so a kind added in a later version starts on.
   * Unknown names are kept and ignored (a kind may come back).
   */
  hiddenKinds: string[];
  /** How mentions are painted; "solid" is how they were painted before there was a choice. */
  underline: UnderlineStyle;
  /** Only the first mention of each entity is marked (and opens a card). */
  firstMentionOnly: boolean;
  /** The small toolbar beside a selection (the context menu, the shortcut and the popup still save). */
  selectionToolbar: boolean;
  /** The toolbar button shows how many distinct entities the page has. */
  badge: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  paused: false,
  disabledSites: [],
  hoverDelay: 250,
  language: 'auto',
  hiddenKinds: [],
  underline: 'solid',
  firstMentionOnly: false,
  selectionToolbar: true,
  badge: false,
};

/*
 * The schema, one check per setting. Written by hand rather than with valibot (which
 * checks every message into the background) because the content script reads settings
 * on every page, and valibot was 2 KB of its 40 KB gzipped budget.
 */
const isBoolean = (x: unknown): x is boolean => typeof x === 'boolean';
const stringList = (max: number, maxLength: number) => (x: unknown): x is string[] =>
  Array.isArray(x) && x.length <= max && x.every((s) => typeof s === 'string' && s.length <= maxLength);
const oneOf = <T extends string>(values: readonly T[]) => (x: unknown): x is T => values.includes(x as T);

const CHECKS: { [K in keyof Settings]: (x: unknown) => boolean } = {
  paused: isBoolean,
  disabledSites: stringList(10_000, 253),
  hoverDelay: (x) => typeof x === 'number' && x >= 0 && x <= HOVER_DELAY_MAX,
  language: oneOf(LANGUAGES),
  hiddenKinds: stringList(50, 40),
  underline: oneOf(UNDERLINE_STYLES),
  firstMentionOnly: isBoolean,
  selectionToolbar: isBoolean,
  badge: isBoolean,
};

export const SETTINGS_KEY = 'settings';

/**
 * The settings stored, read safely: each value of the wrong shape (or missing) is its
 * default, keys this version does not know are dropped, and the lists are copies.
 */
export function parseSettings(raw: unknown): Settings {
  const stored = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CHECKS) as (keyof Settings)[]) {
    const value = stored[key] !== undefined && CHECKS[key](stored[key]) ? stored[key] : DEFAULT_SETTINGS[key];
    // Lists are copied: neither the stored value nor the defaults are shared with the caller.
    out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return out as unknown as Settings;
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
